"""The comparison, exhaustively: every one of the 81 ways four answers can fall."""

import itertools

import pytest

from assessments.comparison import (
    DEPENDS,
    NOT_OK,
    OK,
    Answers,
    Direction,
    Finding,
    FindingItem,
    compare,
    compare_behavior,
)

RATINGS = [OK, NOT_OK, DEPENDS]
ALL_81 = list(itertools.product(RATINGS, repeat=4))


def expected(a_self, a_partner, b_self, b_partner):
    """The product brief's rules, written out independently as a truth table."""
    found = set()
    clash_a = a_self == OK and b_partner == NOT_OK  # Alex would do it, Blair would mind
    clash_b = b_self == OK and a_partner == NOT_OK
    gray_a = not clash_a and DEPENDS in (a_self, b_partner)
    gray_b = not clash_b and DEPENDS in (b_self, a_partner)
    if clash_a:
        found.add(("clash", "a", "b"))
    if clash_b:
        found.add(("clash", "b", "a"))
    if gray_a:
        found.add(("gray_area", "a", "b"))
    if gray_b:
        found.add(("gray_area", "b", "a"))
    if a_self == OK and a_partner == NOT_OK:
        found.add(("double_standard", "a", None))
    if b_self == OK and b_partner == NOT_OK:
        found.add(("double_standard", "b", None))
    if not (clash_a or clash_b or gray_a or gray_b):
        found.add(("agreement", None, None))
    return found


@pytest.mark.parametrize(("a_self", "a_partner", "b_self", "b_partner"), ALL_81)
def test_every_combination(a_self, a_partner, b_self, b_partner):
    result = compare_behavior(
        1, "secrecy", Answers(a_self, a_partner, "a's note"), Answers(b_self, b_partner)
    )
    got = {(f.type.value, f.doer, f.other) for f in result.findings}
    assert got == expected(a_self, a_partner, b_self, b_partner)
    assert len(got) == len(result.findings), "no finding is listed twice"


def test_there_are_81_combinations_and_each_kind_occurs():
    kinds = set()
    for combo in ALL_81:
        kinds |= {f[0] for f in expected(*combo)}
    assert len(ALL_81) == 81
    assert kinds == {"clash", "gray_area", "double_standard", "agreement"}


@pytest.mark.parametrize(
    ("a", "b", "findings", "directions"),
    [
        # Both fine with it either way: plain agreement.
        ((OK, OK), (OK, OK), [FindingItem(Finding.AGREEMENT)], ("lines_up", "lines_up")),
        # Alex would do it; Blair minds if Alex does. One directed clash.
        (
            (OK, OK),
            (NOT_OK, NOT_OK),
            [FindingItem(Finding.CLASH, "a", "b")],
            ("clash", "doer_stricter"),
        ),
        # Both would do it and both mind the other doing it: two clashes, two double standards.
        (
            (OK, NOT_OK),
            (OK, NOT_OK),
            [
                FindingItem(Finding.CLASH, "a", "b"),
                FindingItem(Finding.CLASH, "b", "a"),
                FindingItem(Finding.DOUBLE_STANDARD, "a"),
                FindingItem(Finding.DOUBLE_STANDARD, "b"),
            ],
            ("clash", "clash"),
        ),
        # Alex is stricter with themselves than Blair asks: lines up, no finding but agreement.
        ((NOT_OK, OK), (OK, OK), [FindingItem(Finding.AGREEMENT)], ("doer_stricter", "lines_up")),
        # A double standard without any clash still counts as agreement.
        (
            (OK, NOT_OK),
            (NOT_OK, OK),
            [FindingItem(Finding.DOUBLE_STANDARD, "a"), FindingItem(Finding.AGREEMENT)],
            ("lines_up", "lines_up"),
        ),
        # "It depends" on one side of a direction makes it a gray area.
        (
            (DEPENDS, OK),
            (OK, OK),
            [FindingItem(Finding.GRAY_AREA, "a", "b")],
            ("gray_area", "lines_up"),
        ),
        # A clash one way and "it depends" the other way: both are named.
        (
            (OK, DEPENDS),
            (OK, NOT_OK),
            [
                FindingItem(Finding.CLASH, "a", "b"),
                FindingItem(Finding.GRAY_AREA, "b", "a"),
                FindingItem(Finding.DOUBLE_STANDARD, "b"),
            ],
            ("clash", "gray_area"),
        ),
    ],
)
def test_hand_worked_examples(a, b, findings, directions):
    result = compare_behavior(7, "flirting", Answers(*a), Answers(*b))
    assert list(result.findings) == findings
    assert (result.directions["a"].value, result.directions["b"].value) == directions


def test_scores_overall_and_by_category_on_a_worked_example():
    agree = (Answers(OK, OK), Answers(OK, OK))
    clash = (Answers(OK, OK), Answers(NOT_OK, NOT_OK))
    gray = (Answers(DEPENDS, OK), Answers(OK, OK))
    double = (Answers(OK, NOT_OK), Answers(NOT_OK, OK))  # double standard, still agreement
    rows = [
        (1, "secrecy", *agree),
        (2, "secrecy", *clash),
        (3, "secrecy", *clash),
        (4, "flirting", *gray),
        (5, "flirting", *double),
        (6, "social", *agree),
        (7, "social", *agree),
        (8, "social", *agree),
    ]
    result = compare(rows)
    # Agreements: 1, 5, 6, 7, 8 of 8.
    assert result.scores.overall == pytest.approx(5 / 8)
    assert result.scores.by_category == pytest.approx(
        {"secrecy": 1 / 3, "flirting": 1 / 2, "social": 1.0}
    )
    assert result.clashes_by_category == {"secrecy": 2, "flirting": 0, "social": 0}
    assert [r.behavior_id for r in result.ordered()] == [2, 3, 4, 5, 1, 6, 7, 8]
    assert result.count(Finding.CLASH) == 2
    assert result.count(Finding.DOUBLE_STANDARD) == 1


def test_nothing_to_compare_scores_one():
    assert compare([]).scores.overall == 1.0


def test_the_module_never_touches_the_database(django_assert_num_queries, db):
    with django_assert_num_queries(0):
        compare([(i, "c", Answers(OK, DEPENDS), Answers(NOT_OK, OK)) for i in range(200)])


def test_directions_are_exposed_for_the_table():
    result = compare_behavior(1, "c", Answers(NOT_OK, NOT_OK), Answers(OK, OK))
    assert result.directions == {"a": Direction.DOER_STRICTER, "b": Direction.CLASH}


def test_a_behavior_clashing_both_ways_counts_once_for_growth_areas():
    both_ways = (Answers(OK, NOT_OK), Answers(OK, NOT_OK))
    result = compare([(1, "secrecy", *both_ways), (2, "secrecy", Answers(OK, OK), Answers(OK, OK))])
    assert result.count(Finding.CLASH) == 2
    assert result.clashes_by_category == {"secrecy": 1}
