"""The parts of an erasure that other apps take part in.

Crypto-shredding (destroying the client's data key) already makes every sealed value of
the client noise, in the database and in every backup. Erasure also empties the sealed
columns, so that nothing of it lingers even as ciphertext:

- every ``SealedModel`` with a direct foreign key to ``clients.Client`` is found and its
  ``*_sealed`` columns are emptied automatically;
- an app whose sealed rows reach the client only through another model, or that keeps
  other client data that must go (e.g. a calendar feed), registers a function with
  ``register_eraser``; it runs inside the erasure's transaction and must not keep any
  identifying value;
- an app that can add a non-identifying count to what is kept registers a function with
  ``register_statistics`` (``fn(client) -> dict``), merged into
  ``ErasureRecord.participation``.
"""

import logging
from collections import Counter

from django.apps import apps
from django.core.exceptions import FieldError
from django.db import models

from reintegra.clients.models import Client
from reintegra.vault.sealed import SealedModel

log = logging.getLogger(__name__)
_erasers = []
_statistics = []


def register_eraser(fn):
    _erasers.append(fn)
    return fn


def register_statistics(fn):
    _statistics.append(fn)
    return fn


def sealed_models_with_client_fk():
    """(model, field name) for each concrete sealed model that points at a client."""
    found = []
    for model in apps.get_models():
        if not issubclass(model, SealedModel) or model._meta.abstract or model is Client:
            continue
        for field in model._meta.get_fields():
            if (isinstance(field, models.ForeignKey) and field.related_model is Client
                    and model.SEALED_FIELDS):
                found.append((model, field.name))
    return found


def clear_sealed_rows(client) -> int:
    """Empty the sealed columns of every row of other apps that belongs to the client."""
    cleared = 0
    for model, field_name in sealed_models_with_client_fk():
        blank = {f"{name}_sealed": "" for name in model.SEALED_FIELDS}
        cleared += model.objects.filter(**{field_name: client}).update(**blank)
    for eraser in _erasers:
        eraser(client)
    return cleared


def participation_counts(client) -> dict:
    counts = {}
    for contributor in _statistics:
        counts.update(contributor(client))
    return counts


@register_statistics
def programme_participation(client) -> dict:
    """Enrolments by kind of activity and status, and sessions attended (present or late)."""
    try:
        enrolment = apps.get_model("programme", "Enrolment")
        attendance = apps.get_model("programme", "Attendance")
    except LookupError:
        return {}
    try:
        enrolments = Counter(
            f"{kind}:{status}" for kind, status in enrolment.objects.filter(client=client)
            .values_list("offering__activity__kind", "status")
        )
        attended = attendance.objects.filter(
            client=client, status__in=("present", "late")
        ).count()
    except FieldError:  # the programme models changed shape: keep what is certain
        log.warning("privacy: programme participation not counted for client %s", client.pk)
        return {}
    return {"enrolments": dict(sorted(enrolments.items())), "sessions_attended": attended}
