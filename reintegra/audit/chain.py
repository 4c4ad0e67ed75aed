"""The hash chain: h_i = HMAC(k, h_{i-1} || canonical(event_i)), k outside the database."""

import hashlib
import hmac

from django.conf import settings

GENESIS = "0" * 64


def _key() -> bytes:
    return bytes.fromhex(settings.AUDIT_HMAC_KEY)


def canonical(event) -> bytes:
    fields = (
        event.pk,
        event.created_at.isoformat(),
        event.actor_id,
        event.organisation_id,
        event.action,
        event.object_type,
        event.object_id,
        event.request_id,
    )
    return "\x1f".join("" if f is None else str(f) for f in fields).encode()


def link(prev_hash: str, event) -> str:
    return hmac.new(_key(), prev_hash.encode() + canonical(event), hashlib.sha256).hexdigest()
