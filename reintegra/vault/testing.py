"""Test helpers for vault failures that are real, not mocked."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connections
from django.db.utils import load_backend

from .router import KEYSTORE


@contextmanager
def keystore_unreachable() -> Iterator[None]:
    """While inside, the keystore alias points at a PostgreSQL server that is not there
    (127.0.0.1, port 1: the connection is refused), as when its host is down."""
    original = connections[KEYSTORE]
    settings_dict = {
        **original.settings_dict,
        "ENGINE": "django.db.backends.postgresql", "NAME": "keystore_gone",
        "HOST": "127.0.0.1", "PORT": "1", "USER": "nobody", "PASSWORD": "",
        "OPTIONS": {"connect_timeout": 2}, "CONN_MAX_AGE": 0,
    }
    backend = load_backend(settings_dict["ENGINE"])
    unreachable = backend.DatabaseWrapper(settings_dict, alias=KEYSTORE)
    connections[KEYSTORE] = unreachable
    try:
        yield
    finally:
        unreachable.close()
        connections[KEYSTORE] = original
