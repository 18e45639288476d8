"""The Spanish and German catalogs: complete, in step with the code, and safe to format.

A string marked for translation in the code that has no translation in either language, or
a translation whose placeholders differ from the English, fails here (so does a catalog
that GNU gettext's own check refuses). `make messages` gathers new strings into the files.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from tests.subprocess_env import clean_env

ROOT = Path(settings.BASE_DIR)
LANGUAGES = ("es", "de")
CATALOGS = {code: ROOT / "locale" / code / "LC_MESSAGES" / "django.po" for code in LANGUAGES}
# %(name)s, %s, %d, {name} and {0}: what Python fills in; HTML tags and entities too.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\{ *\w+ *\}\}|\{\w*\}|</?[a-z][^>]*>|&\w+;")
SOURCES = ("assessments", "boundaries", "config", "notifications", "safety", "templates")


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def catalog(code) -> polib.POFile:
    return polib.pofile(str(CATALOGS[code]))


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_entry_is_translated(code):
    po = catalog(code)
    assert len(po) > 1000
    missing = [entry.msgid for entry in po if not entry.translated()]
    assert not missing, f"{len(missing)} without a {code} translation, e.g. {missing[:5]}"


@pytest.mark.parametrize("code", LANGUAGES)
def test_translations_keep_every_placeholder(code):
    wrong = []
    for entry in catalog(code).translated_entries():
        if entry.msgid_plural:
            # A form may follow the singular ("One behavior") or the plural ("%(count)s …").
            english = (placeholders(entry.msgid), placeholders(entry.msgid_plural))
            texts = entry.msgstr_plural.values()
            wrong += [(entry.msgid, text) for text in texts if placeholders(text) not in english]
        elif placeholders(entry.msgstr) != placeholders(entry.msgid):
            wrong.append((entry.msgid, entry.msgstr))
    assert not wrong, "\n".join(f"{english!r}\n  -> {text!r}" for english, text in wrong[:10])


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="no GNU gettext (msgfmt) installed")
@pytest.mark.parametrize("code", LANGUAGES)
def test_gnu_gettext_accepts_the_catalog(code):
    done = subprocess.run(
        [shutil.which("msgfmt"), "--check", "-o", "/dev/null", str(CATALOGS[code])],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.skipif(not shutil.which("xgettext"), reason="no GNU gettext (xgettext) installed")
def test_every_string_marked_in_the_code_is_in_the_catalogs(tmp_path):
    """makemessages on a copy of the code: nothing it finds may be missing from our files."""
    for name in (*SOURCES, "locale"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("*.mo"))
    shutil.copy(ROOT / "manage.py", tmp_path)
    done = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "es", "-l", "de", "--no-obsolete"],
        cwd=tmp_path,
        env=clean_env(DJANGO_SETTINGS_MODULE="config.settings.test"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    for code in LANGUAGES:
        ours = {(entry.msgctxt, entry.msgid) for entry in catalog(code)}
        found = polib.pofile(str(tmp_path / "locale" / code / "LC_MESSAGES" / "django.po"))
        new = sorted(entry.msgid for entry in found if (entry.msgctxt, entry.msgid) not in ours)
        assert not new, f"not yet in locale/{code} (run `make messages`): {new[:10]}"


def test_without_gnu_gettext_the_catalogs_still_compile(tmp_path, monkeypatch, settings):
    """`make install` on a machine with only Python: polib compiles them instead."""
    for code in LANGUAGES:
        folder = tmp_path / code / "LC_MESSAGES"
        folder.mkdir(parents=True)
        shutil.copy(CATALOGS[code], folder)
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    settings.LOCALE_PATHS = [tmp_path]
    call_command("compilemessages", verbosity=0)
    for code in LANGUAGES:
        mo = polib.mofile(str(tmp_path / code / "LC_MESSAGES" / "django.mo"))
        assert len(mo) == len(catalog(code).translated_entries())


@pytest.mark.parametrize(
    "code, words",
    [
        ("es", ["Está bien", "No está bien", "Depende"]),
        ("de", ["Okay", "Nicht okay", "Kommt drauf an"]),
    ],
)
def test_the_three_answers_read_naturally(code, words):
    with translation.override(code):
        assert [translation.gettext(english) for english in ("OK", "Not OK", "It depends")] == words


def test_the_scripts_take_their_words_from_the_page():
    """The scripts show no words of their own: each one they show comes from the page
    (data-* attributes, translated with it), so there is no JavaScript catalog to keep."""
    sentence = re.compile(r"""(["'])([A-Z][a-z']+(?: [A-Za-z'’,.…]+)+)\1""")
    found = []
    for script in sorted((ROOT / "static" / "js").glob("*.js")):
        code = re.sub(r"/\*.*?\*/|//[^\n]*", "", script.read_text(), flags=re.S)
        found += [f"{script.name}: {match[1]}" for match in sentence.findall(code)]
    assert not found, found
