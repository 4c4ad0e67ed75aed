"""Data keys in use: create, load in bulk, unwrap, destroy."""

import logging
import uuid
from collections.abc import Iterable
from functools import cache
from typing import cast

from django.conf import settings
from django.db import DatabaseError

from . import crypto
from .models import DataKey
from .router import KEYSTORE

log = logging.getLogger(__name__)
ERASED = object()  # a key that is gone: its values render as "[erased]"


@cache
def _master_keys(current_hex: str, old_hexes: tuple[str, ...]) -> dict[str, bytes]:
    keys = {}
    for i, hex_key in enumerate((current_hex, *old_hexes)):
        key = crypto.parse_key(hex_key, name="master key" if i == 0 else f"old master key {i}")
        keys[crypto.key_fingerprint(key)] = key
    return keys


def master_keys() -> dict[str, bytes]:
    """Fingerprint -> key; the first entry is the current master key."""
    return _master_keys(settings.VAULT_MASTER_KEY, tuple(settings.VAULT_OLD_MASTER_KEYS))


def current_master() -> tuple[str, bytes]:
    return next(iter(master_keys().items()))


def blind_index_key() -> bytes:
    return crypto.parse_key(settings.VAULT_BLIND_INDEX_KEY, name="blind index key")


class KeystoreUnavailable(crypto.VaultError):
    """The keystore database cannot be reached."""


def create_data_key() -> tuple[uuid.UUID, bytes]:
    """A new data key, stored wrapped in the keystore. Returns its id and raw bytes.

    The keystore is a separate database, so this write is not part of the caller's
    transaction: if that transaction rolls back, an unused wrapped key remains, which
    protects nothing and reveals nothing (``manage.py vault_sweep`` removes such keys).
    """
    fingerprint, master = current_master()
    key_id = uuid.uuid4()
    raw = crypto.new_data_key()
    try:
        DataKey.objects.using(KEYSTORE).create(
            key_id=key_id,
            wrapped=crypto.wrap_key(master, raw, key_id=key_id),
            master_key_id=fingerprint,
        )
    except DatabaseError as exc:
        raise KeystoreUnavailable("the keystore database cannot be written") from exc
    return key_id, raw


class KeyRing:
    """Unwrapped data keys for the duration of one request or job; never cached longer."""

    def __init__(self) -> None:
        self._keys: dict[uuid.UUID, bytes | object] = {}

    def add(self, key_id: uuid.UUID, raw: bytes) -> None:
        self._keys[key_id] = raw

    def load(self, key_ids: Iterable[uuid.UUID | None]) -> None:
        wanted = {k for k in key_ids if k is not None and k not in self._keys}
        if not wanted:
            return
        masters = master_keys()
        try:
            rows = list(DataKey.objects.using(KEYSTORE).filter(key_id__in=wanted))
        except DatabaseError as exc:
            raise KeystoreUnavailable("the keystore database cannot be read") from exc
        for row in rows:
            master = masters.get(row.master_key_id)
            if master is None:
                raise crypto.MasterKeyError(
                    "a data key is wrapped by a master key that is not configured"
                )
            self._keys[row.key_id] = crypto.unwrap_key(
                master, bytes(row.wrapped), key_id=row.key_id
            )
        for missing in wanted - {row.key_id for row in rows}:
            self._keys[missing] = ERASED

    def key(self, key_id: uuid.UUID | None) -> bytes | None:
        if key_id is None:  # an erased client has no key any more
            return None
        self.load([key_id])
        found = self._keys[key_id]
        return None if found is ERASED else cast(bytes, found)


def destroy_data_key(key_id: uuid.UUID) -> bool:
    """Crypto-shredding: delete the wrapped key. Returns whether one was deleted."""
    try:
        deleted, _ = DataKey.objects.using(KEYSTORE).filter(key_id=key_id).delete()
    except DatabaseError as exc:
        raise KeystoreUnavailable("the keystore database cannot be written") from exc
    return bool(deleted)
