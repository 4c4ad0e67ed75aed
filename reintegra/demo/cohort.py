"""The synthetic cohort: who the demo clients are, drawn from a seeded random generator.

The mix follows the programme in docs/domain.md section 1: 41 persons from 8 countries, many
of them Polish women formerly exploited in the sex industry, and foreigners from
Ukraine, Vietnam, Romania, Bulgaria, Belarus, Nigeria and the Philippines. Values are
HTCDS 2.0 value names (reintegra/clients/choices.py). Nothing here touches the database.

Synthetic markers, so that nothing can be mistaken for a real person's data:
- document numbers start with "ZZ";
- phone numbers are in Ofcom's range reserved for drama (+44 7700 900000-900999:
  https://www.ofcom.org.uk/phones-and-broadband/phone-numbers/numbers-for-drama);
- e-mail addresses use the example.org/.net/.com domains (RFC 2606).
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from reintegra.clients import choices as c

from . import names as n

F, M = c.Gender.FEMININE.value, c.Gender.MASCULINE.value
E = c.ExploitationType
K = c.ControlMethod
R = c.Relationship
D = c.DecisionMaker

# The demo's intake window: the programme ran over 2025 and 2026.
INTAKE_FROM = datetime.date(2025, 2, 3)
INTAKE_TO = datetime.date(2026, 9, 30)
DAYS_AFTER_LAST_INTAKE = 28  # "today" in the demo: four weeks after the last intake
# The demo programme is dated relative to the day it is first seeded (issue 10): its
# intakes span the same length as the original window and end four weeks before that day,
# so that the term, registers and due items are current whatever the date.
INTAKE_SPAN = INTAKE_TO - INTAKE_FROM


def intake_window(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    last = today - datetime.timedelta(days=DAYS_AFTER_LAST_INTAKE)
    return last - INTAKE_SPAN, last


@dataclass(frozen=True)
class NameGroup:
    language: str  # ISO 639-2/T, as Client.primary_language
    secondary: tuple[str, ...]  # candidates for the second language ("" = none)
    female: list
    male: list
    surnames: list  # (masculine, feminine)
    weight: int = 1


@dataclass(frozen=True)
class Pattern:
    """One way people from a country were exploited: HTCDS type, control, where, by whom."""

    genders: dict[str, int]
    types: tuple[tuple[str, ...], ...]  # alternatives: each a set of exploitation types
    controls: tuple[str, ...]  # 2-4 of these are drawn
    countries: tuple[str, ...]  # where the exploitation took place
    relationships: tuple[str, ...]
    ages: tuple[int, int]


@dataclass(frozen=True)
class Profile:
    country: str  # ISO 3166-1 alpha-2
    groups: tuple[NameGroup, ...]
    patterns: dict[str, Pattern]
    demo: dict[str, int]  # pattern -> number of clients in the 41-person demo
    scale_weight: float  # share of clients in scale mode
    document: str  # the usual identity document: passport or id_card
    referrers: tuple[str, ...]


SEX_CONTROLS = (K.FALSE_PROMISES, K.PSYCHOLOGICAL_ABUSE, K.TAKES_EARNINGS,
                K.PHYSICAL_THREATS, K.SEXUAL_ABUSE, K.PSYCHOACTIVE, K.DEBT_BONDAGE,
                K.WITHHOLDS_DOCUMENTS)
LABOUR_CONTROLS = (K.DEBT_BONDAGE, K.WITHHOLDS_DOCUMENTS, K.EXCESSIVE_HOURS,
                   K.TAKES_EARNINGS, K.FALSE_PROMISES, K.WITHHOLDS_NECESSITIES,
                   K.THREATS_LAW_ENFORCEMENT)
FOREIGN_REFERRERS = ("KCIK", "Straż Graniczna", "Policja", "Ośrodek Interwencji Kryzysowej")

PROFILES: tuple[Profile, ...] = (
    Profile(
        "PL", (NameGroup("pol", ("", "", "eng"), n.PL_FEMALE, n.PL_MALE, n.PL_SURNAMES),),
        {
            "sex": Pattern({F: 1}, ((E.SEXUAL_EXPLOITATION,),), SEX_CONTROLS,
                           ("DE", "NL", "GB", "BE", "AT", "PL", "ES"),
                           (R.ACQUAINTED, R.ACQUAINTED, R.ACQUAINTED, R.FAMILIAL,
                            R.UNACQUAINTED), (19, 42)),
            "labour": Pattern({M: 2, F: 1}, ((E.FORCED_LABOUR,), (E.FORCED_LABOUR, E.SERVITUDE)),
                              LABOUR_CONTROLS, ("GB", "NL", "DE", "SE"),
                              (R.UNACQUAINTED, R.ACQUAINTED), (22, 56)),
        },
        {"sex": 14, "labour": 3}, 0.35, "id_card",
        ("KCIK", "Policja", "Ośrodek Pomocy Społecznej", "Ośrodek Interwencji Kryzysowej"),
    ),
    Profile(
        "UA", (NameGroup("ukr", ("rus", "pol", ""), n.UA_FEMALE, n.UA_MALE, n.UA_SURNAMES),),
        {
            "labour": Pattern({M: 1, F: 1}, ((E.FORCED_LABOUR,),), LABOUR_CONTROLS,
                              ("PL", "PL", "CZ", "DE"), (R.UNACQUAINTED, R.ACQUAINTED),
                              (20, 58)),
            "sex": Pattern({F: 1}, ((E.SEXUAL_EXPLOITATION,),), SEX_CONTROLS,
                           ("PL", "DE", "TR"), (R.ACQUAINTED, R.UNACQUAINTED), (18, 38)),
        },
        {"labour": 4, "sex": 3}, 0.20, "passport", FOREIGN_REFERRERS,
    ),
    Profile(
        "VN", (NameGroup("vie", ("", "pol"), n.VN_FEMALE, n.VN_MALE, n.VN_SURNAMES),),
        {
            "labour": Pattern({F: 1, M: 1}, ((E.FORCED_LABOUR,), (E.FORCED_LABOUR, E.SERVITUDE)),
                              LABOUR_CONTROLS + (K.THREATENS_FAMILY,
                                                 K.RESTRICTS_FINANCES),
                              ("PL", "CZ", "DE"), (R.ACQUAINTED, R.UNACQUAINTED), (19, 46)),
        },
        {"labour": 4}, 0.08, "passport", FOREIGN_REFERRERS,
    ),
    Profile(
        "RO", (NameGroup("ron", ("", "eng"), n.RO_FEMALE, n.RO_MALE, n.RO_SURNAMES),),
        {
            "begging": Pattern({F: 1, M: 1}, ((E.FORCED_BEGGING,),),
                               (K.PHYSICAL_ABUSE, K.TAKES_EARNINGS, K.WITHHOLDS_NECESSITIES,
                                K.THREATENS_FAMILY, K.PSYCHOLOGICAL_ABUSE),
                               ("PL", "DE", "AT"), (R.FAMILIAL, R.ACQUAINTED), (18, 60)),
            "sex": Pattern({F: 1}, ((E.SEXUAL_EXPLOITATION,),), SEX_CONTROLS,
                           ("PL", "DE", "GB", "IT"), (R.ACQUAINTED, R.FAMILIAL), (18, 35)),
            "labour": Pattern({M: 1}, ((E.FORCED_LABOUR,),), LABOUR_CONTROLS,
                              ("PL", "GB", "IT"), (R.UNACQUAINTED, R.ACQUAINTED), (20, 55)),
        },
        {"begging": 1, "sex": 1, "labour": 1}, 0.08, "passport", FOREIGN_REFERRERS,
    ),
    Profile(
        "BG", (NameGroup("bul", ("", "eng"), n.BG_FEMALE, n.BG_MALE, n.BG_SURNAMES),),
        {
            "sex": Pattern({F: 1}, ((E.SEXUAL_EXPLOITATION,),), SEX_CONTROLS,
                           ("DE", "NL", "PL", "BE"), (R.ACQUAINTED, R.FAMILIAL), (18, 36)),
            "labour": Pattern({M: 2, F: 1}, ((E.FORCED_LABOUR,),), LABOUR_CONTROLS,
                              ("PL", "DE"), (R.UNACQUAINTED, R.ACQUAINTED), (20, 55)),
        },
        {"sex": 2, "labour": 1}, 0.08, "passport", FOREIGN_REFERRERS,
    ),
    Profile(
        "BY", (NameGroup("bel", ("rus", "rus", "pol"), n.BY_FEMALE, n.BY_MALE, n.BY_SURNAMES),),
        {
            "labour": Pattern({M: 2, F: 1}, ((E.FORCED_LABOUR,),), LABOUR_CONTROLS,
                              ("PL",), (R.UNACQUAINTED, R.ACQUAINTED), (21, 55)),
        },
        {"labour": 2}, 0.07, "passport", FOREIGN_REFERRERS,
    ),
    Profile(
        "NG",
        (
            NameGroup("bin", ("eng",), n.NG_EDO_FEMALE, n.NG_EDO_MALE, n.NG_EDO_SURNAMES, 3),
            NameGroup("yor", ("eng",), n.NG_YORUBA_FEMALE, n.NG_YORUBA_MALE,
                      n.NG_YORUBA_SURNAMES),
            NameGroup("ibo", ("eng",), n.NG_IGBO_FEMALE, n.NG_IGBO_MALE, n.NG_IGBO_SURNAMES),
        ),
        {
            "sex": Pattern({F: 1}, ((E.SEXUAL_EXPLOITATION,),),
                           (K.DEBT_BONDAGE, K.THREATENS_FAMILY, K.PSYCHOLOGICAL_ABUSE,
                            K.WITHHOLDS_DOCUMENTS, K.TAKES_EARNINGS, K.PHYSICAL_THREATS),
                           ("IT", "ES", "PL", "FR"), (R.ACQUAINTED, R.UNACQUAINTED), (18, 32)),
            "labour": Pattern({M: 1}, ((E.FORCED_LABOUR,),), LABOUR_CONTROLS,
                              ("PL", "IT"), (R.UNACQUAINTED,), (20, 45)),
        },
        {"sex": 3}, 0.08, "passport", FOREIGN_REFERRERS,
    ),
    Profile(
        "PH", (NameGroup("tgl", ("eng",), n.PH_FEMALE, n.PH_MALE, n.PH_SURNAMES),),
        {
            "servitude": Pattern({F: 1}, ((E.SERVITUDE,), (E.SERVITUDE, E.FORCED_LABOUR)),
                                 (K.WITHHOLDS_DOCUMENTS, K.EXCESSIVE_HOURS,
                                  K.RESTRICTS_FINANCES, K.FALSE_PROMISES, K.DEBT_BONDAGE),
                                 ("PL",), (R.UNACQUAINTED,), (24, 52)),
            "labour": Pattern({M: 1, F: 1}, ((E.FORCED_LABOUR,),), LABOUR_CONTROLS,
                              ("PL",), (R.UNACQUAINTED,), (23, 50)),
        },
        {"servitude": 1, "labour": 1}, 0.06, "passport", FOREIGN_REFERRERS,
    ),
)
DEMO_COUNTRIES = tuple(p.country for p in PROFILES)

REFERRAL_DETAILS = (
    "Skierowanie po zakończeniu interwencji kryzysowej; potrzebne dalsze wsparcie.",
    "Po pobycie w schronisku interwencyjnym; szuka mieszkania i pracy.",
    "Zgłoszenie przez infolinię; potrzebna pomoc prawna w sprawie zaległego wynagrodzenia.",
    "Skierowanie po przesłuchaniu w charakterze świadka; prosi o wsparcie psychologa.",
    "Potrzebna pomoc w odzyskaniu dokumentów i w kontakcie z urzędami.",
    "Po powrocie do Polski; potrzebne wsparcie socjalne i doradztwo zawodowe.",
)
CLOSURE_NOTES = {
    c.ClosureReason.COMPLETED: "Plan wsparcia zrealizowany; stała praca i samodzielne mieszkanie.",
    c.ClosureReason.REFERRED: "Przekazanie do organizacji w miejscu nowego zamieszkania.",
    c.ClosureReason.MOVED: "Wyjazd z województwa; przekazano kontakt do infolinii.",
    c.ClosureReason.LOST_CONTACT: "Brak kontaktu od trzech miesięcy mimo prób.",
    c.ClosureReason.CLIENT_WISH: "Zakończenie współpracy na prośbę osoby.",
}
CLOSURE_REASONS = (
    [c.ClosureReason.COMPLETED] * 5 + [c.ClosureReason.REFERRED] * 2
    + [c.ClosureReason.MOVED, c.ClosureReason.LOST_CONTACT, c.ClosureReason.CLIENT_WISH]
)
EMAIL_DOMAINS = ("example.org", "example.net", "example.com")
ASCII_FOLD = str.maketrans("łŁđĐ", "lLdD")


@dataclass
class ClientSpec:
    """One synthetic client, ready for ``register_client`` (case owner and team aside)."""

    country: str
    pattern: str
    case: dict
    identity: dict
    closure: tuple[str, datetime.date] | None = None  # (reason, closed on)
    wants: set[str] = field(default_factory=set)  # team roles beyond the case worker


def weighted(rng: random.Random, options: dict):
    keys = list(options)
    return rng.choices(keys, weights=[options[k] for k in keys])[0]


def ascii_handle(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.translate(ASCII_FOLD))
    return "".join(ch for ch in decomposed if ch.isascii() and ch.isalnum()).lower()


def random_date(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, (end - start).days))


def _person(rng: random.Random, profile: Profile, gender: str, taken: set) -> dict:
    groups = list(profile.groups)
    group = rng.choices(groups, weights=[g.weight for g in groups])[0]
    firsts = group.female if gender == F else group.male
    for _attempt in range(50):
        first, chosen = rng.choice(firsts)
        surname = rng.choice(group.surnames)[1 if gender == F else 0]
        if (first, surname) not in taken:
            break
    taken.add((first, surname))
    return {"first_name": first, "second_name": surname, "chosen_name": chosen,
            "language": group.language, "secondary": rng.choice(group.secondary)}


def _contact(rng: random.Random, person: dict) -> tuple[str | None, str | None]:
    phone = f"+44 7700 900{rng.randint(0, 999):03d}" if rng.random() < 0.6 else None
    email = None
    if rng.random() < 0.5:
        handle = ascii_handle(person["chosen_name"] or person["first_name"]) or "osoba"
        email = f"{handle}{rng.randint(10, 99)}@{rng.choice(EMAIL_DOMAINS)}"
    return phone, email


def _documents(rng: random.Random, profile: Profile, controls: list) -> list[dict]:
    if K.WITHHOLDS_DOCUMENTS in controls and rng.random() < 0.6:
        return []  # the trafficker kept them: a legal advisor will help replace them
    if profile.document == "id_card":
        letter = rng.choice("ABCDEFGHJKLMNPRSTUVWXY")
        return [{"type": "id_card", "number": f"ZZ{letter}{rng.randint(0, 999999):06d}"}]
    return [{"type": "passport", "number": f"ZZ{rng.randint(0, 9999999):07d}"}]


def make_spec(rng: random.Random, profile: Profile, pattern_key: str, intake: datetime.date,
              taken: set) -> ClientSpec:
    pattern = profile.patterns[pattern_key]
    gender = weighted(rng, pattern.genders)
    person = _person(rng, profile, gender, taken)
    age = rng.randint(*pattern.ages)
    birth = intake - datetime.timedelta(days=age * 365 + rng.randint(0, 364))
    controls = sorted(rng.sample(pattern.controls, rng.randint(2, min(4, len(pattern.controls)))))
    phone, email = _contact(rng, person)
    actual = rng.random() < 0.8
    foreign = profile.country != "PL"
    decided_by = (
        rng.choice([D.POLICE, D.POLICE, D.COURT_OR_PROSECUTION]
                   + ([D.NON_POLICE_GOVERNMENT] * 2 if foreign else []))
        if actual else D.NGO
    )
    referrer = rng.choice(profile.referrers)
    case = {
        "intake_date": intake,
        "gender": gender,
        "citizenship": [profile.country],
        "primary_language": person["language"],
        "secondary_language": person["secondary"],
        "trafficking_status": (c.TraffickingStatus.ACTUAL if actual
                               else c.TraffickingStatus.POSSIBLE).value,
        "trafficking_status_decided_by": str(decided_by),
        "exploitation_types": list(rng.choice(pattern.types)),
        "control_methods": [str(k) for k in controls],
        "relationship_to_trafficker": str(rng.choice(pattern.relationships)),
        "exploitation_country": rng.choice(pattern.countries),
        "referral_organisation": referrer,
        "referral_date": intake - datetime.timedelta(days=rng.randint(1, 21)),
        "referral_reason": (c.ReferralReason.ADDITIONAL_SERVICES if rng.random() < 0.85
                            else c.ReferralReason.MIGRATION).value,
        "referral_details": rng.choice(REFERRAL_DETAILS),
        "art9_basis": (c.Art9Basis.EXPLICIT_CONSENT if rng.random() < 0.85
                       else c.Art9Basis.SOCIAL_CARE).value,
    }
    identity = {
        "first_name": person["first_name"], "second_name": person["second_name"],
        "chosen_name": person["chosen_name"], "birth_date": birth, "phone": phone,
        "email": email, "documents": _documents(rng, profile, controls),
    }
    wants = set()
    if foreign or not identity["documents"] or rng.random() < 0.4:
        wants.add("legal_advisor")
    if rng.random() < 0.7:
        wants.add("psychologist")
    if rng.random() < 0.15:
        wants.add("second_case_worker")
    return ClientSpec(profile.country, pattern_key, case, identity, wants=wants)


def demo_cohort(rng: random.Random, today: datetime.date | None = None,
                ) -> tuple[list[ClientSpec], datetime.date]:
    """The 41 demo clients in intake order, and the demo's "today" (the real date unless
    given): the same seed gives the same cohort relative to that day."""
    from django.utils import timezone

    today = today or timezone.localdate()
    first, last = intake_window(today)
    slots = [(p, key) for p in PROFILES for key, count in p.demo.items() for _ in range(count)]
    intakes = sorted(random_date(rng, first, last) for _ in slots)
    rng.shuffle(slots)
    taken: set = set()
    specs = [make_spec(rng, p, key, intake, taken) for (p, key), intake in zip(slots, intakes,
                                                                               strict=True)]
    for spec in specs:
        _decide_course(rng, spec, today)
    return specs, today


def _decide_course(rng: random.Random, spec: ClientSpec, today: datetime.date) -> None:
    """Some older cases are closed, some are in follow-up; the rest are active."""
    intake = spec.case["intake_date"]
    days_in = (today - intake).days
    if days_in >= 150 and rng.random() < 0.35:
        closed_on = min(intake + datetime.timedelta(days=rng.randint(120, 400)),
                        today - datetime.timedelta(days=7))
        spec.closure = (rng.choice(CLOSURE_REASONS), closed_on)
    elif days_in >= 240 and rng.random() < 0.5:
        spec.case["status"] = c.CaseStatus.FOLLOW_UP.value


def scale_profiles(rng: random.Random):
    """(profile, pattern key) drawn with the scale weights: for scale mode."""
    profiles = list(PROFILES)
    weights = [p.scale_weight for p in profiles]
    while True:
        profile = rng.choices(profiles, weights=weights)[0]
        yield profile, rng.choice(list(profile.patterns))
