from config.ids import id_from_text


def test_plain_numbers_are_ids():
    assert id_from_text("7") == 7
    assert id_from_text(" 42 ") == 42
    assert id_from_text("9" * 18) == int("9" * 18)


def test_anything_else_is_not():
    for raw in (None, "", "-1", "1e3", "7.0", "０７", "9" * 19, "1;DROP", 7, ["7"]):
        assert id_from_text(raw) is None, raw
