import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ruff_is_clean():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "src", "tests", "scripts", "bench"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_no_missing_migrations(db):
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


PO = ROOT / "src" / "toegang" / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _po_entries():
    import re

    for entry in PO.read_text(encoding="utf-8").split("\n\n"):
        match = re.search(r'^msgid ((?:".*"\n?)+)msgstr ((?:".*"\n?)+)', entry + "\n", re.M)
        if match:
            msgid = "".join(re.findall(r'"(.*)"', match.group(1)))
            if msgid:
                yield entry, msgid, "".join(re.findall(r'"(.*)"', match.group(2)))


def test_english_catalogue_has_no_guesses_and_no_gaps():
    """makemessages guesses 'fuzzy' translations (it once offered 'Date of birth' for 'Uiterste datum'):
    every entry must be a real, reviewed translation."""
    problems = [msgid for entry, msgid, msgstr in _po_entries() if "fuzzy" in entry or not msgstr]
    assert problems == []


def test_compiled_catalogue_is_current():
    import re

    from django.utils import translation

    with translation.override("en"):
        for entry, msgid, msgstr in _po_entries():
            if "%(" not in msgid:
                # a word with two meanings carries a context (`{% translate "Intrekken" context "API-sleutel" %}`)
                context = re.search(r'^msgctxt "(.*)"$', entry, re.M)
                shown = translation.pgettext(context.group(1), msgid) if context else translation.gettext(msgid)
                assert shown == msgstr, f"recompile: make messages ({msgid!r})"
