"""Polish agrees past participles and past tenses with the person: "zapisana", "zapisany",
"oceniła", "ocenił". Where the person's gender is known the interface uses the matching
form; where it is not, the one notation of docs/glossary.toml ("zapisany(-a)").

Call sites give the three translations, so that makemessages finds each (the gendered
ones as pgettext with the context "feminine" or "masculine")::

    for_person(client.gender,
               unknown=_("%(code)s is enrolled."),
               feminine=pgettext("feminine", "%(code)s is enrolled."),
               masculine=pgettext("masculine", "%(code)s is enrolled."))

English has one form for all three; Polish catalogues give "zapisana", "zapisany" and
"zapisany(-a)". A gender that does not say (non-conforming, not specified) takes the
common notation.
"""

_GRAMMATICAL = {
    "Feminine": "feminine",
    "TransgenderFeminine": "feminine",
    "Masculine": "masculine",
    "TransgenderMasculine": "masculine",
}


def grammatical_gender(gender: str | None) -> str | None:
    return _GRAMMATICAL.get(gender or "")


def for_person(gender: str | None, *, unknown: str, feminine: str, masculine: str) -> str:
    return str({"feminine": feminine, "masculine": masculine}.get(
        grammatical_gender(gender) or "", unknown))
