"""OpenAPI schema touches shared by every endpoint."""

ERROR = {
    "description": 'An error, as JSON: {"detail": "…"} or a readable message per field.',
    "content": {"application/json": {"schema": {"type": "object", "additionalProperties": True}}},
}
COMMON = {
    "400": "The request was refused; the body says why.",
    "401": "Not logged in: send X-Session-Token or a session cookie.",
    "403": "Not allowed.",
    "404": "Not found, or not yours to see.",
    "409": "Not possible in the current state; the body says why.",
    "413": "The request body is too large.",
    "429": "Too many requests; try again shortly.",
}


def add_error_responses(result, generator, request, public):
    """Every operation can answer with the errors every endpoint shares; say so."""
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            for status, text in COMMON.items():
                responses.setdefault(status, {**ERROR, "description": text})
    return result
