"""Scoring activities and offerings for one person: pure functions, no database.

A recommendation only ranks and explains; a person decides (``Add to plan``, ``Enrol``).

The score adds up simple, visible parts, so that every point can be explained in words:

- needs covered: for each domain the activity serves, (latest rating - 1) x 10 points, so
  "no need" (1) adds nothing and "urgent" (5) adds 40;
- language: +15 if taught in a language the person speaks, -30 if in none of them
  (0 for a language course, which may teach the language it is given in);
- wishes: women-only groups, individual rather than group work (+5 if met, -15 / -10 if
  not);
- schedule (offerings only): +10 if every meeting falls when the person is free, -20 if
  any does not;
- places: -40 for an offering that is full.

What is not recorded (the trainer's gender, childcare at the venue, the person's free
times) is said as unknown in the reasons and never guessed. The weights are the
programme's own judgement, not a validated method: tune them here.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reintegra.clients.languages import language_name
from reintegra.programme.models import Domain

from . import choices as c

NEED_POINTS_PER_LEVEL = 10
LANGUAGE_FIT, LANGUAGE_MISS = 15, -30
WISH_MET = 5
WOMEN_ONLY_MISS, INDIVIDUAL_MISS = -15, -10
SCHEDULE_FITS, SCHEDULE_CLASHES = 10, -20
FULL = -40

Slot = tuple[str, str]  # (weekday code, DayPart value)

# Reasons that belong to one scheduled run rather than to the activity as a whole.
OFFERING_CODES = frozenset({
    "language_unknown", "language_fit", "language_course", "language_miss",
    "women_only_fit", "women_only_miss", "times_unknown", "availability_unknown", "free",
    "busy", "full", "places",
})


@dataclass(frozen=True)
class Person:
    needs: Mapping[str, int] = field(default_factory=dict)  # domain -> rating 1..5
    speaks: frozenset[str] = frozenset()  # ISO 639-2 codes
    availability: frozenset[Slot] = frozenset()  # empty: not recorded
    wants_women_only: bool = False
    wants_individual: bool = False
    wants_female_trainer: bool = False
    needs_childcare: bool = False
    assessed: bool = True


@dataclass(frozen=True)
class Option:
    """An activity from the catalogue, or one scheduled run (offering) of it."""

    domains: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()  # empty: not given
    group: bool = True
    women_only: bool = False
    slots: frozenset[Slot] | None = None  # None: no schedule known (catalogue entry)
    free_places: int | None = None  # None: no limit, or not known


@dataclass(frozen=True)
class Reason:
    """One part of a score, in words. ``points`` > 0 speaks for, < 0 against."""

    code: str
    points: int = 0
    params: tuple = ()

    def __str__(self):
        return str(explain(self))


@dataclass(frozen=True)
class Scored:
    score: int
    reasons: tuple[Reason, ...]

    @property
    def for_(self):
        return [r for r in self.reasons if r.points > 0]

    @property
    def against(self):
        return [r for r in self.reasons if r.points < 0]

    @property
    def unknown(self):
        return [r for r in self.reasons if r.points == 0]


def _need_reasons(person: Person, option: Option) -> list[Reason]:
    if not person.assessed:
        return [Reason("no_assessment")]
    reasons = []
    for domain in Domain.values:  # a fixed order, so reasons read the same each time
        rating = person.needs.get(domain)
        if domain in option.domains and rating and rating > c.NEED_MIN:
            reasons.append(Reason("need", (rating - 1) * NEED_POINTS_PER_LEVEL,
                                  (domain, rating)))
    if not reasons:
        reasons.append(Reason("no_need"))
    return reasons


def _language_reason(person: Person, option: Option) -> Reason:
    if not option.languages:
        return Reason("language_unknown")
    taught = tuple(sorted(option.languages))
    shared = tuple(sorted(option.languages & person.speaks))
    if shared:
        return Reason("language_fit", LANGUAGE_FIT, shared)
    if Domain.LANGUAGE in option.domains:
        return Reason("language_course", 0, taught)
    return Reason("language_miss", LANGUAGE_MISS, taught)


def _wish_reasons(person: Person, option: Option) -> list[Reason]:
    reasons = []
    if person.wants_individual:
        reasons.append(Reason("individual_fit", WISH_MET) if not option.group
                       else Reason("individual_miss", INDIVIDUAL_MISS))
    if person.wants_women_only and option.group:
        reasons.append(Reason("women_only_fit", WISH_MET) if option.women_only
                       else Reason("women_only_miss", WOMEN_ONLY_MISS))
    if person.wants_female_trainer:
        reasons.append(Reason("trainer_gender_unknown"))
    if person.needs_childcare:
        reasons.append(Reason("childcare_unknown"))
    return reasons


def _schedule_reasons(person: Person, option: Option) -> list[Reason]:
    reasons = []
    if option.slots is not None:
        if not option.slots:
            reasons.append(Reason("times_unknown"))
        elif not person.availability:
            reasons.append(Reason("availability_unknown"))
        else:
            clashes = tuple(sorted(option.slots - person.availability, key=_slot_order))
            if clashes:
                reasons.append(Reason("busy", SCHEDULE_CLASHES, clashes))
            else:
                reasons.append(Reason("free", SCHEDULE_FITS,
                                      tuple(sorted(option.slots, key=_slot_order))))
    if option.free_places is not None:
        if option.free_places <= 0:
            reasons.append(Reason("full", FULL))
        else:
            reasons.append(Reason("places", 0, (option.free_places,)))
    return reasons


def score(person: Person, option: Option) -> Scored:
    reasons = [
        *_need_reasons(person, option),
        _language_reason(person, option),
        *_wish_reasons(person, option),
        *_schedule_reasons(person, option),
    ]
    return Scored(sum(r.points for r in reasons), tuple(reasons))


def language_fits(person: Person, option: Option) -> bool:
    return bool(option.languages & person.speaks)


def rank(person: Person, options: Iterable[tuple[object, Option]], *, name=str):
    """``(key, option)`` pairs, best first, as ``(key, Scored)``. Ties: the option in a
    language the person speaks first, then by name, so that the order is stable."""
    scored = [(key, option, score(person, option)) for key, option in options]
    scored.sort(key=lambda t: (-t[2].score, not language_fits(person, t[1]), name(t[0])))
    return [(key, result) for key, _option, result in scored]


# --- Words --------------------------------------------------------------------------


def _slot_order(slot: Slot) -> tuple[int, int]:
    weekday, part = slot
    return c.DAY_CODES.index(weekday), c.DayPart.values.index(part)


def _join(items) -> str:
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return _("%(head)s and %(last)s") % {"head": ", ".join(items[:-1]), "last": items[-1]}


def _languages(codes) -> str:
    return _join(language_name(code) for code in codes)


def _slots(slots) -> str:
    return _join(c.SLOT_PHRASES[slot] for slot in slots)


MESSAGES = {
    "no_assessment": lambda p: _("no needs assessment yet: the needs covered are unknown"),
    "no_need": lambda p: _("serves no need rated above 1 in the latest assessment"),
    "need": lambda p: _("need '%(domain)s' rated %(rating)s") % {
        "domain": Domain(p[0]).label, "rating": p[1]},
    "language_unknown": lambda p: _("language of instruction not given"),
    "language_fit": lambda p: _("taught in %(languages)s") % {"languages": _languages(p)},
    "language_course": lambda p: _(
        "taught in %(languages)s, which the person does not speak yet; a language course "
        "may teach it") % {"languages": _languages(p)},
    "language_miss": lambda p: _(
        "taught in %(languages)s, which the person does not speak") % {
        "languages": _languages(p)},
    "individual_fit": lambda p: _("individual work, as the person prefers"),
    "individual_miss": lambda p: _("group work; the person prefers individual work"),
    "women_only_fit": lambda p: _("women-only group, as the person wishes"),
    "women_only_miss": lambda p: _("mixed group; the person wishes for women-only groups"),
    "trainer_gender_unknown": lambda p: _(
        "the person prefers a female trainer; the trainer's gender is not recorded: ask"),
    "childcare_unknown": lambda p: _(
        "the person needs childcare; whether there is childcare is not recorded: ask"),
    "times_unknown": lambda p: _("days and times not set yet"),
    "availability_unknown": lambda p: _("the person's free times are not recorded"),
    "free": lambda p: _("free on %(slots)s") % {"slots": _slots(p)},
    "busy": lambda p: _("not free on %(slots)s") % {"slots": _slots(p)},
    "full": lambda p: _("no free places"),
    "places": lambda p: ngettext(
        "%(count)s place free", "%(count)s places free", p[0]) % {"count": p[0]},
}


def explain(reason: Reason) -> str:
    """The reason in plain words, in the active language."""
    return str(MESSAGES[reason.code](reason.params))
