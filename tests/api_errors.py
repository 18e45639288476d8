"""Reading the API's one error shape: {"type": …, "errors": [{"code", "detail", "attr"}]}."""


def errors_of(response) -> dict:
    """The messages of an error response by the field they are about (None: the request
    as a whole), after checking the body has the documented shape."""
    body = response.json()
    assert body["type"] in {"validation_error", "client_error", "server_error"}, body
    assert body["errors"], body
    by_field = {}
    for error in body["errors"]:
        assert set(error) == {"code", "detail", "attr"}, error
        by_field.setdefault(error["attr"], []).append(error["detail"])
    return by_field


def error_text(response) -> str:
    """Every message of an error response, as one text."""
    return " ".join(message for messages in errors_of(response).values() for message in messages)


def error_codes(response) -> list:
    return [error["code"] for error in response.json()["errors"]]
