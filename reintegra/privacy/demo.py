"""Consent records for the demo programme (see reintegra/demo/context.py).

Every client consents to case management, in their own language, on the day of intake;
most also consent to non-identifying statistics; a few do not (so the reports have someone
to leave out); one withdraws that consent later; some agree to sharing with a named
organisation.
"""

from datetime import timedelta

from django.utils import timezone

from reintegra.accounts.models import Role
from reintegra.audit.models import Action
from reintegra.audit.services import record
from reintegra.demo.bulk import copy_rows

from . import services
from .models import ChecklistItem, Consent, ConsentPurpose

SHARING_WITH = ("Miejski Ośrodek Pomocy Społecznej", "Krajowe Centrum Interwencyjno-Konsultacyjne")
SCALE_BATCH = 5000


def _plan(rng, n):
    """Indexes of clients who refuse statistics, and the one who withdraws it."""
    refusing = set(rng.sample(range(n), k=max(2, round(n * 0.1)))) if n >= 4 else set()
    consenting = [i for i in range(n) if i not in refusing]
    withdrawing = rng.choice(consenting) if len(consenting) > 1 else None
    return refusing, withdrawing


def _explainer(context, client):
    owner = client.case_owner
    return owner if owner.role in (Role.CASE_WORKER, Role.COORDINATOR) else context.first(
        Role.COORDINATOR)


def seed(context):
    coordinator = context.first(Role.COORDINATOR)
    clients = list(context.clients)
    refusing, withdrawing = _plan(context.rng, len(clients))
    items = ChecklistItem.values
    for i, client in enumerate(clients):
        common = {"given_on": client.intake_date, "language": client.primary_language or "pol",
                  "explained_by": _explainer(context, client)}
        services.record_consent(actor=coordinator, client=client,
                                purpose=ConsentPurpose.CASE_MANAGEMENT,
                                items_explained=items, **common)
        if context.rng.random() < 0.25:
            services.record_consent(actor=coordinator, client=client,
                                    purpose=ConsentPurpose.SHARING,
                                    shared_with=context.rng.choice(SHARING_WITH),
                                    items_explained=items, **common)
        if i in refusing:
            continue
        # Now and then a point of the checklist was missed: the panel points it out.
        explained = [item for item in items
                     if item != ChecklistItem.RETENTION or context.rng.random() < 0.9]
        consent = services.record_consent(actor=coordinator, client=client,
                                          purpose=ConsentPurpose.STATISTICS,
                                          items_explained=explained, **common)
        if i == withdrawing:
            later = client.intake_date + timedelta(days=context.rng.randint(20, 120))
            services.withdraw_consent(actor=coordinator, consent=consent,
                                      withdrawn_on=min(later, context.today))


CONSENT_COLUMNS = ("client_id", "purpose", "shared_with", "given_on", "language",
                   "explained_by_id", "items_explained", "recorded_by_id", "recorded_at")


def seed_scale(context):
    """Scale mode: consent to case management and (nine in ten) to statistics, in bulk."""
    explainer = context.first(Role.CASE_WORKER)
    recorder = context.first(Role.COORDINATOR)
    items = Consent._meta.get_field("items_explained").get_prep_value(ChecklistItem.values)
    now = timezone.now()
    rows = []
    for client in context.clients:
        purposes = [ConsentPurpose.CASE_MANAGEMENT]
        if context.rng.random() < 0.9:
            purposes.append(ConsentPurpose.STATISTICS)
        rows.extend((client.pk, str(purpose), "", client.intake_date, "pol", explainer.pk,
                     items, recorder.pk, now) for purpose in purposes)
    for start in range(0, len(rows), SCALE_BATCH):
        batch = rows[start:start + SCALE_BATCH]
        copy_rows(Consent, CONSENT_COLUMNS, batch)
        record(actor=recorder, action=Action.CONSENT, object_type="privacy.consent",
               object_id=str(len(batch)))
