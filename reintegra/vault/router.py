KEYSTORE = "keystore"


class KeystoreRouter:
    """The vault app lives in the keystore database; nothing else does."""

    def db_for_read(self, model, **hints):
        return KEYSTORE if model._meta.app_label == "vault" else None

    db_for_write = db_for_read

    def allow_relation(self, obj1, obj2, **hints):
        if "vault" in (obj1._meta.app_label, obj2._meta.app_label):
            return obj1._meta.app_label == obj2._meta.app_label
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        if app_label == "vault":
            return db == KEYSTORE
        return db != KEYSTORE
