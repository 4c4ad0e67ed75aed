"""Sealed (encrypted) model fields, bound to a client's data key.

Django's ``from_db_value`` gets no model instance, so decryption cannot happen in the
field. A model that holds sealed values subclasses ``SealedModel``, stores ciphertext in
plain ``TextField`` columns named ``<name>_sealed``, and reveals them through a KeyRing:

    identity.reveal(ring).first_name      # plaintext, or "[erased]"
    identity.seal(ring, first_name="Ola")  # before save()
"""

import json
import logging
import uuid
from datetime import date
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from . import crypto
from .keyring import KeyRing

log = logging.getLogger(__name__)
ERASED_TEXT = _("[erased]")


class Erased:
    """Stands for a value that cannot be decrypted; renders as "[erased]"."""

    def __str__(self) -> str:
        return str(ERASED_TEXT)

    def __bool__(self) -> bool:
        return True

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Erased)

    __hash__ = object.__hash__


ERASED_VALUE = Erased()


def encode(value: Any) -> bytes:
    return json.dumps(value.isoformat() if isinstance(value, date) else value).encode()


class Revealed:
    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update(values)

    def __repr__(self) -> str:  # never the values: reprs end up in logs and tracebacks
        return f"<Revealed {sorted(self.__dict__)}>"


class SealedModel(models.Model):
    SEALED_FIELDS: tuple[str, ...] = ()
    SEALED_DATES: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def vault_owner(self) -> tuple[int, uuid.UUID | None]:
        """(client id, data key id) whose key seals this row."""
        raise NotImplementedError

    def _slot(self, name: str, client_id: int) -> str:
        return f"{self._meta.label_lower}.{name}:{client_id}"

    def seal(self, ring: KeyRing, **values: Any) -> None:
        client_id, key_id = self.vault_owner()
        key = ring.key(key_id)
        if key is None or key_id is None:
            raise crypto.DecryptionError("this client's data key has been erased")
        for name, value in values.items():
            if name not in self.SEALED_FIELDS:
                raise AttributeError(f"{name} is not a sealed field of {self._meta.label}")
            token = "" if value in (None, "", []) else crypto.encrypt(
                key, key_id, encode(value), aad=self._slot(name, client_id)
            )
            setattr(self, f"{name}_sealed", token)

    def reveal(self, ring: KeyRing, only: tuple[str, ...] | None = None) -> Revealed:
        """Decrypt the sealed fields, or ``only`` those named (a roster needs one name)."""
        names = self.SEALED_FIELDS if only is None else only
        unknown = set(names) - set(self.SEALED_FIELDS)
        if unknown:
            raise AttributeError(f"not sealed fields of {self._meta.label}: {sorted(unknown)}")
        client_id, key_id = self.vault_owner()
        key = ring.key(key_id)
        values = {}
        for name in names:
            token = getattr(self, f"{name}_sealed")
            values[name] = self._open(key, token, name, client_id)
        return Revealed(values)

    def _open(self, key: bytes | None, token: str, name: str, client_id: int) -> Any:
        if not token:
            return None
        if key is None:
            return ERASED_VALUE
        try:
            value = json.loads(crypto.decrypt(key, token, aad=self._slot(name, client_id)))
        except crypto.DecryptionError:
            # The slot, never the value: a damaged or moved ciphertext is a security event.
            log.warning("vault: cannot decrypt %s for client %s", name, client_id)
            return ERASED_VALUE
        if name in self.SEALED_DATES and value:
            return date.fromisoformat(value)
        return value


def sealed_text() -> "models.TextField[str, str]":
    """A column that holds a ciphertext token (empty for no value)."""
    return models.TextField(blank=True, default="", editable=False)
