#!/usr/bin/env python
"""Fill a Polish catalogue from a Python dict of translations, and an English one with
msgid = msgstr. A tool for maintainers: `scripts/fill_catalogue.py APP_DIR TRANSLATIONS.py`.

TRANSLATIONS.py defines PL = {msgid: msgstr} and optionally PLURALS = {msgid: [3 forms]}.
Entries missing from PL are reported and left untranslated (the catalogue test fails).
"""

import runpy
import sys
from pathlib import Path

import polib

PL_PLURALS = "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<12 || n%100>14) ? 1 : 2);"  # noqa: E501


def fill(app_dir: Path, translations: dict, plurals: dict) -> list[str]:
    missing = []
    pl = polib.pofile(str(app_dir / "locale/pl/LC_MESSAGES/django.po"))
    pl.metadata["Plural-Forms"] = PL_PLURALS
    pl.metadata["Language"] = "pl"
    for entry in pl:
        if entry.msgid_plural:
            forms = plurals.get(entry.msgid)
            if forms:
                entry.msgstr_plural = dict(enumerate(forms))
            elif not all(entry.msgstr_plural.values()):
                missing.append(entry.msgid)
        elif entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
        elif not entry.msgstr:
            missing.append(entry.msgid)
        if "fuzzy" in entry.flags and entry.msgid not in missing:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = None
    pl.save()
    pl.save_as_mofile(str(app_dir / "locale/pl/LC_MESSAGES/django.mo"))
    en = polib.pofile(str(app_dir / "locale/en/LC_MESSAGES/django.po"))
    en.metadata["Language"] = "en"
    en.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
    for entry in en:
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        else:
            entry.msgstr = entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    en.save()
    en.save_as_mofile(str(app_dir / "locale/en/LC_MESSAGES/django.mo"))
    return missing


if __name__ == "__main__":
    data = runpy.run_path(sys.argv[2])
    missing = fill(Path(sys.argv[1]), data.get("PL", {}), data.get("PLURALS", {}))
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    sys.exit(1 if missing else 0)
