"""The client's legal timeline in plain words: what happened and what comes next.

Only coded values and dates are used (no notes, no reference numbers, no authority's
internal details), so the page can be printed and handed to the client. Sentences are
gettext strings: the timeline is in Polish or English today; adding Ukrainian or Russian
means adding their catalogue and a line to ``LANGUAGES``.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import choices as c

LANGUAGES = [("pl", gettext_lazy("Polish")), ("en", gettext_lazy("English"))]
# Ready for ("uk", ...) and ("ru", ...) once their catalogues exist.


@dataclass
class Step:
    on: date
    what: str
    past: bool


def _status_steps(status) -> list[tuple[date, str]]:
    kind = status.get_kind_display()
    steps = []
    if status.applied_on:
        steps.append((status.applied_on, _("You applied: %(title)s.") % {"title": kind}))
    if status.stage == c.Stage.GRANTED and (status.issued_on or status.valid_from):
        steps.append((status.valid_from or status.issued_on,
                      _("You received: %(title)s.") % {"title": kind}))
    if status.stage == c.Stage.REFUSED and status.issued_on:
        steps.append((status.issued_on, _("The application was refused: %(title)s.")
                      % {"title": kind}))
    if status.ended_on:
        steps.append((status.ended_on, _("This ended: %(title)s.") % {"title": kind}))
    return steps


PLAIN_RULES = {
    "CERT_170_VALIDITY": gettext_lazy("Your certificate stops being valid. Before this day, "
                                      "talk to your legal advisor about the next step."),
    "REFLECTION_PERIOD": gettext_lazy("Your time to think it over ends."),
    "PERMIT_176_EXPIRY": gettext_lazy("Your residence permit ends. Apply for the next one "
                                      "in good time."),
    "PERMANENT_RESIDENCE_ELIGIBLE": gettext_lazy("From this day you may be able to apply "
                                                 "for permanent residence."),
    "PESEL_UKR_30_DAYS": gettext_lazy("Last day to apply for a PESEL UKR number."),
    "TEMPORARY_PROTECTION_END": gettext_lazy("Temporary protection ends, unless it is "
                                             "extended."),
    "CUKR_APPLICATION_WINDOW_END": gettext_lazy("Last day to apply for the CUKR card."),
    "CUKR_DECISION": gettext_lazy("The decision on your CUKR card should come by this day."),
    "STATE_COMPENSATION_3Y": gettext_lazy("Last day to apply for state compensation."),
    "STATE_COMPENSATION_5Y": gettext_lazy("Last day to apply for state compensation."),
    "DOCUMENT_EXPIRY": gettext_lazy("Your document expires. Plan to replace it."),
}


def steps_for(*, statuses, hearings, claims, deadlines, today: date) -> list[Step]:
    found = []
    for status in statuses:
        found += _status_steps(status)
    for hearing in hearings:
        found.append((hearing.held_on, _("Hearing in court or at the authority.")))
    for claim in claims:
        if claim.filed_on:
            found.append((claim.filed_on, _("You filed a claim: %(claim)s.")
                          % {"claim": claim.get_kind_display()}))
        if claim.decided_on:
            found.append((claim.decided_on, _("The claim was decided.")))
    for deadline in deadlines:
        plain = PLAIN_RULES.get(deadline.rule.code)
        if plain:
            found.append((deadline.due_on, str(plain)))
    unique = sorted(set(found), key=lambda pair: (pair[0], pair[1]))
    return [Step(on=on, what=what, past=on < today) for on, what in unique]
