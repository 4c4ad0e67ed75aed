"""Columns that a service keeps with an UPDATE of its own (running totals, latest dates).

A model's ordinary ``save()`` of an existing row leaves them out, so that an object loaded
before the service ran cannot write back the values it read then.
"""

from typing import Any

from django.db import models


def save_keeping(instance: models.Model, kept: tuple[str, ...],
                 kwargs: dict[str, Any]) -> dict[str, Any]:
    """``save()``'s arguments for ``instance``: every field but ``kept`` on an update
    (a new row, or a caller's own ``update_fields``, are left as they are)."""
    if not instance._state.adding and kwargs.get("update_fields") is None \
            and not kwargs.get("force_insert"):
        kwargs["update_fields"] = [f.attname for f in instance._meta.concrete_fields
                                   if not f.primary_key and f.name not in kept]
    return kwargs
