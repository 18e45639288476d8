"""A finished check-in with something to talk about, for the report and conversation tests."""

import pytest

from assessments import selectors, services


def answer_all(checkin, user, pattern):
    """pattern: behavior id -> (if_i_do, if_partner_does); the rest OK/OK."""
    answers = [
        {
            "behavior": pk,
            "if_i_do": pattern.get(pk, ("ok", "ok"))[0],
            "if_partner_does": pattern.get(pk, ("ok", "ok"))[1],
            "note": "only if I tell you first" if pattern.get(pk, ("",))[0] == "depends" else "",
        }
        for pk in selectors.behavior_ids(checkin)
    ]
    services.answers_save(user=user, checkin=checkin, answers=answers)
    services.checkin_submit(user=user, checkin=checkin)


@pytest.fixture
def completed(checkin, partner_a, partner_b):
    """Alex would do behavior 0 and Blair would mind; behavior 1 "depends" for Alex."""
    ids = selectors.behavior_ids(checkin)
    answer_all(checkin, partner_a, {ids[0]: ("ok", "ok"), ids[1]: ("depends", "ok")})
    answer_all(checkin, partner_b, {ids[0]: ("not_ok", "not_ok")})
    checkin.refresh_from_db()
    checkin.ids = ids
    return checkin
