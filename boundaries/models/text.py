"""Text people type: what every free-text field refuses, written once."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Characters that reorder text on screen; in a name they can disguise what it says.
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Letters and marks that draw nothing (Hangul fillers, the blank Braille pattern, the
# combining grapheme joiner, Khmer's inherent vowels): a name made of them looks empty, or
# like another name.
BLANK_LETTERS = set("\u115f\u1160\u3164\uffa0\u2800\u034f\u17b4\u17b5")
# Variation selectors pick how the character before them is drawn (an emoji's colour form);
# after a plain Latin letter they change nothing on screen.
VARIATION_SELECTORS = [(0xFE00, 0xFE0F), (0xE0100, 0xE01EF)]
# Joiners that emoji sequences and several scripts (Persian, Hindi) need; between two plain
# Latin letters they only hide that one name differs from another.
JOINERS = set("\u200c\u200d")


def _hidden(text: str, index: int) -> bool:
    """Does the character at `index` change what is stored without showing on screen?"""
    ch = text[index]
    before = text[index - 1 : index]
    if ch in JOINERS:
        around = before + text[index + 1 : index + 2]
        return len(around) < 2 or any(c.isascii() for c in around)
    if any(low <= ord(ch) <= high for low, high in VARIATION_SELECTORS):
        return not before or before.isascii()
    # Cf: format characters, e.g. zero-width spaces, direction marks, word joiners, U+FEFF;
    # Cn, Co: code points with no character assigned, or for private use, which draw nothing
    # or something different on every device.
    category = unicodedata.category(ch)
    return category in ("Cf", "Cn", "Co") or ch in BLANK_LETTERS or ch in BIDI_CONTROLS


def _unstorable(text: str, index: int, allowed: str = "") -> bool:
    ch = text[index]
    if ch in allowed:
        return False
    # Cc: control characters (a NUL cannot even be stored in PostgreSQL); Cs: lone surrogates;
    # Zl, Zp: line and paragraph separators.
    return unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp") or _hidden(text, index)


def _has_problem(value: str, allowed: str = "") -> bool:
    return any(_unstorable(value, i, allowed) for i in range(len(value)))


def validate_printable(value: str) -> None:
    """Names and titles appear in emails and pages: no line breaks, control or invisible
    characters (which could make one name look like another)."""
    if _has_problem(value):
        raise ValidationError(
            _(
                "Use letters, spaces and punctuation only: no line breaks and no invisible "
                "characters such as zero-width spaces or direction marks."
            ),
            code="printable",
        )


def validate_text(value: str) -> None:
    """Free text may hold line breaks and tabs, but no other control or invisible characters."""
    if _has_problem(value, allowed="\n\r\t"):
        raise ValidationError(
            _(
                "This text contains invisible or control characters (such as zero-width "
                "spaces or direction marks). Please remove them and try again."
            ),
            code="text",
        )
