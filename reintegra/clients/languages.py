"""Languages as ISO 639-2/T three-letter codes (HTCDS prs_PrimaryLanguage), named by
pycountry's ISO 639 data with its own translations (Debian iso-codes)."""

import gettext
import re
from functools import cache

import pycountry
from django.utils.translation import get_language

# The languages a Polish programme meets most; any ISO 639-2 code is accepted on import.
COMMON = [
    "pol", "ukr", "rus", "bel", "vie", "ron", "bul", "eng", "tgl", "yor", "ibo", "bin",
    "deu", "fra", "spa", "ita", "lit", "lav", "est", "ces", "slk", "hun", "srp", "hrv",
    "bos", "sqi", "mkd", "kat", "hye", "aze", "kaz", "uzb", "tgk", "kir", "tur", "ara",
    "fas", "pus", "urd", "hin", "ben", "nep", "sin", "tam", "zho", "tha", "mon", "kor",
    "jpn", "amh", "tir", "som", "swa", "hau", "por", "rom",
]


@cache
def _translation(lang: str) -> gettext.NullTranslations:
    try:
        return gettext.translation("iso639-3", pycountry.LOCALES_DIR, languages=[lang])
    except FileNotFoundError:
        return gettext.NullTranslations()


# ISO 639's qualifiers ("Nepali (macrolanguage)", "Nepalski (makrojęzyk)", "Greek, Modern
# (1453-)") are for librarians: people say "nepalski".
_QUALIFIER = re.compile(r"\s*\([^)]*\)\s*$")


def language_name(code: str, lang: str | None = None) -> str:
    """"nepalski" / "Nepali": Polish writes language names in lower case (they are
    adjectives), English with a capital."""
    record = pycountry.languages.get(alpha_3=code)
    if record is None:
        return code
    lang = (lang or get_language() or "en")[:2]
    name = _QUALIFIER.sub("", _translation(lang).gettext(record.name))
    if lang == "pl":
        return name[:1].lower() + name[1:]
    return name[:1].upper() + name[1:]


def _choices() -> list[tuple[str, str]]:
    from reintegra.core.collation import polish_sort_key

    return sorted(((c, language_name(c)) for c in COMMON),
                  key=lambda item: polish_sort_key(item[1]))


def language_choices() -> list[tuple[str, str]]:
    return [("", "")] + _choices()

