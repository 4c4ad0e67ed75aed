"""Polish and English are complete: every catalogue translated, none fuzzy, compiled."""

from pathlib import Path

import polib
import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parents[1]
CATALOGUES = sorted(
    p for p in [*ROOT.glob("reintegra/**/locale/*/LC_MESSAGES/django.po"),
                *ROOT.glob("locale/*/LC_MESSAGES/django.po")]
    if ".venv" not in p.parts
)


def test_there_are_catalogues_for_both_languages():
    languages = {p.parts[-3] for p in CATALOGUES}
    assert {"pl", "en"} <= languages


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_is_complete_and_compiled(path):
    po = polib.pofile(str(path))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"untranslated: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy: {fuzzy[:10]}"
    mo_path = path.with_suffix(".mo")
    assert mo_path.exists(), "run make messages (or compilemessages) to compile it"
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
                for e in polib.mofile(str(mo_path))}
    for entry in po.translated_entries():
        assert compiled.get((entry.msgctxt, entry.msgid)) == (
            entry.msgstr, tuple(sorted(entry.msgstr_plural.items()))
        ), f"{mo_path.name} is stale for {entry.msgid!r}: recompile"


@pytest.mark.parametrize("path", [p for p in CATALOGUES if p.parts[-3] == "pl"],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_polish_catalogue_has_polish_plural_rule(path):
    assert "nplurals=3" in polib.pofile(str(path)).metadata.get("Plural-Forms", "")


def test_a_known_string_is_polish_in_polish():
    with translation.override("pl"):
        assert translation.gettext("Clients") == "Klienci"
