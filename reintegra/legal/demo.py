"""Demo legal work (``manage.py seed_demo``; see reintegra/demo/context.py): foreign
clients at every stage, so that the legal workspace, the due list, the header count and
the reminders show something on the first ``make demo``.

Dates are relative to the real today (not the demo's fixed day): deadlines and reminders
are about the days the demo is looked at. Everything goes through the services (sealed,
audited). Invented; no real person, case or reference number.
"""

import datetime as dt

from django.utils import timezone

from reintegra.accounts.models import Role

from . import services
from .reminders import make_reminders

D = dt.timedelta
CUKR_OPENS, CUKR_CLOSES = dt.date(2026, 5, 4), dt.date(2027, 3, 4)


def _candidates(context):
    """Open foreign cases, those of the first legal advisor's teams first."""
    from reintegra.clients.models import CaseTeamMember

    lawyer = context.first(Role.LEGAL_ADVISOR)
    teams = {}
    for member in CaseTeamMember.objects.filter(
            client__in=[c.pk for c in context.clients],
            user__role=Role.LEGAL_ADVISOR).select_related("user"):
        teams.setdefault(member.client_id, member.user)
    foreign = [c for c in context.clients if not c.is_erased and c.is_open
               and any(code != "PL" for code in c.citizenship) and c.pk in teams]
    foreign.sort(key=lambda c: (teams[c.pk] != lawyer, c.pk))
    return foreign, teams


def seed(context):
    today = timezone.localdate()
    clients, teams = _candidates(context)
    ukrainians = [c for c in clients if "UA" in c.citizenship]
    others = [c for c in clients if c not in ukrainians[:1]]
    stages = [_certificate_running, _certificate_expiring, _permit_pending, _permit_granted,
              _permit_renewed, _proceedings_and_claim]
    for stage, client in zip(stages, others, strict=False):
        stage(teams[client.pk], client, today)
    if ukrainians:
        _temporary_protection(teams[ukrainians[0].pk], ukrainians[0], today)
    context.extra["legal"] = {"clients": [c.pk for c in others[:len(stages)]]
                              + [u.pk for u in ukrainians[:1]]}
    make_reminders(today=today)


def _status(actor, client, replaces=None, reference="", **data):
    data.setdefault("stage", "granted")
    return services.record_status(actor=actor, client=client, data=data, replaces=replaces,
                                  reference=reference)


def _passport(actor, client, today, state="held", expires_in=400):
    services.save_document(actor=actor, client=client, number="DEMO0000000", data={
        "kind": "passport", "state": state, "expires_on": today + D(days=expires_in)})


def _certificate_running(actor, client, today):
    _status(actor, client, kind="certificate_170", authority="border_guard",
            issued_on=today - D(days=20), reference="SG-DEMO/1")
    _passport(actor, client, today, state="withheld", expires_in=25)


def _certificate_expiring(actor, client, today):
    # Issued three months less ten days ago: it expires in about ten days.
    issued = today - D(days=80)
    _status(actor, client, kind="certificate_170", authority="police", issued_on=issued,
            reference="KWP-DEMO/2")
    _passport(actor, client, today, state="missing")


def _permit_pending(actor, client, today):
    certificate = _status(actor, client, kind="certificate_170", authority="police",
                          issued_on=today - D(days=70))
    _status(actor, client, replaces=certificate, kind="permit_176", stage="applied",
            applied_on=today - D(days=40), channel="mos", authority="voivode")
    _passport(actor, client, today, state="being_replaced", expires_in=12)


def _permit_granted(actor, client, today):
    start = today - D(days=300)
    _status(actor, client, kind="permit_176", authority="voivode", issued_on=start,
            valid_from=start, valid_until=today + D(days=28), reference="WSC-DEMO/4")
    _passport(actor, client, today)


def _permit_renewed(actor, client, today):
    first_start = today - D(days=500)
    first = _status(actor, client, kind="permit_176", authority="voivode",
                    issued_on=first_start, valid_from=first_start,
                    valid_until=today - D(days=135))
    start = today - D(days=134)
    _status(actor, client, replaces=first, kind="permit_176", authority="voivode",
            issued_on=start, valid_from=start, valid_until=start + D(days=730),
            is_renewal=True)
    _passport(actor, client, today)


def _proceedings_and_claim(actor, client, today):
    _status(actor, client, kind="permit_176", authority="voivode",
            issued_on=today - D(days=200), valid_from=today - D(days=200),
            valid_until=today + D(days=530))
    case = services.add_proceeding(actor=actor, client=client, reference="PR 1 Ds DEMO.2026",
                                   note="Pokrzywdzona złożyła zeznania.", data={
                                       "kind": "criminal", "client_role": "aggrieved",
                                       "authority": "prosecutor",
                                       "opened_on": today - D(days=240)})
    services.add_hearing(actor=actor, proceeding=case, held_on=today - D(days=60))
    services.add_hearing(actor=actor, proceeding=case, held_on=today + D(days=12),
                         time=dt.time(10, 30))
    services.add_claim(actor=actor, client=client, reference="DEMO-KOMP", data={
        "kind": "state_2005", "proceeding": case, "offence_on": today - D(days=1000),
        "harm_appeared_on": today - D(days=1000) + D(days=60)})
    services.add_claim(actor=actor, client=client, data={
        "kind": "labour", "filed_on": today - D(days=30), "amount_claimed": "8400.00"})


def _temporary_protection(actor, client, today):
    _status(actor, client, kind="temporary_protection",
            authority="municipality", valid_from=dt.date(2022, 3, 14),
            entry_on=dt.date(2022, 3, 10))
    applied = min(max(today - D(days=30), CUKR_OPENS), CUKR_CLOSES)
    if applied <= today:
        _status(actor, client, replaces=None, kind="cukr", stage="applied",
                applied_on=applied, channel="mos")
