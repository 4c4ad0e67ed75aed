"""The parts of an erasure that other apps take part in.

Crypto-shredding (destroying the client's data key) already makes every sealed value of
the client noise, in the database and in every backup. Erasure also empties the sealed
columns, so that nothing of it lingers even as ciphertext:

- every ``SealedModel`` that reaches ``clients.Client`` through a chain of foreign keys
  (directly, like a plan, or through other rows, like a goal's review through its goal
  and plan) is found and its ``*_sealed`` columns are emptied automatically;
- an app that keeps other client data that must go (e.g. a calendar feed) registers a
  function with ``register_eraser(fn, models=(...))`` naming the models it clears; it
  runs inside the erasure's transaction and must not keep any identifying value;
- an app whose rows about a client stay after erasure because they identify nobody (a
  rating, an attendance status) says so with ``register_kept(label, why)``; the reason
  is shown in docs/architecture.md. A test walks every model that reaches a client and
  fails for one that is neither sealed, cleared by an eraser, nor declared kept;
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
MAX_DEPTH = 4  # foreign-key hops searched from a model to the client

# label -> why its rows may stay after erasure (non-identifying, counted in statistics)
kept_models: dict[str, str] = {}
# labels of the models that a registered eraser (or erase_client itself) clears
erased_models: set[str] = set()


def register_eraser(fn=None, *, models: tuple[str, ...] = ()):
    """Register ``fn(client)``; ``models`` names (``app.Model``) the models it clears."""
    def add(fn):
        _erasers.append(fn)
        erased_models.update(label.lower() for label in models)
        return fn
    return add(fn) if fn is not None else add


# What privacy.services.erase_client deletes itself.
erased_models.update({"clients.clientidentity", "clients.blindindex",
                      "clients.caseteammember", "clients.attachment"})


def register_kept(label: str, why: str) -> None:
    """Declare that rows of ``label`` about an erased client stay, and why that is safe."""
    kept_models[label.lower()] = why


def register_statistics(fn):
    _statistics.append(fn)
    return fn


def path_to_client(model) -> str | None:
    """The shortest lookup (``"goal__plan__client"``) from ``model`` to its client, or None.

    Follows forward foreign keys and one-to-one fields only, breadth first, at most
    MAX_DEPTH hops; a model with several paths (a challenge: its plan, or its goal's plan)
    uses the shortest, which names the same client.
    """
    if model is Client:
        return None
    frontier = [(model, "")]
    seen = {model}
    for _depth in range(MAX_DEPTH):
        following = []
        for current, prefix in frontier:
            for field in current._meta.concrete_fields:
                if not isinstance(field, models.ForeignKey):
                    continue
                lookup = f"{prefix}{field.name}"
                if field.related_model is Client:
                    return lookup
                if field.related_model not in seen:
                    seen.add(field.related_model)
                    following.append((field.related_model, f"{lookup}__"))
        frontier = following
    return None


def models_reaching_client():
    """(model, lookup to the client) for every concrete model that belongs to a client."""
    found = []
    for model in apps.get_models():
        if model._meta.abstract or model._meta.proxy:
            continue
        lookup = path_to_client(model)
        if lookup is not None:
            found.append((model, lookup))
    return found


def sealed_models_with_client_fk():
    """(model, lookup) for each concrete sealed model that reaches a client."""
    return [(model, lookup) for model, lookup in models_reaching_client()
            if issubclass(model, SealedModel) and model.SEALED_FIELDS]


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


# Rows of the privacy app that stay: evidence of lawful processing and of the erasure.
register_kept("privacy.Consent", "purpose, dates, language and the recipient organisation: "
              "evidence that processing was lawful; nothing about the person")
register_kept("privacy.ErasureRequest", "who asked and confirmed, when, and a coded reason")
register_kept("privacy.ErasureRecord", "the non-identifying statistics kept by the erasure")
