from typing import Any

from django.db.models import Model

KEYSTORE = "keystore"


class KeystoreRouter:
    """The vault app lives in the keystore database; nothing else does."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        return KEYSTORE if model._meta.app_label == "vault" else None

    db_for_write = db_for_read

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        if "vault" in (obj1._meta.app_label, obj2._meta.app_label):
            return obj1._meta.app_label == obj2._meta.app_label
        return None

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None,
                      **hints: Any) -> bool:
        if app_label == "vault":
            return db == KEYSTORE
        return db != KEYSTORE
