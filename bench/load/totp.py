"""TOTP codes for the load test's sign-in, without Django: the locust process only speaks HTTP.

``secret`` is reintegra.demo.staff.totp_secret (the scale staff's secret derived from the
seed); ``code`` is RFC 6238 (SHA-1, 6 digits, 30 s), as allauth checks it.
tests/test_load_totp.py checks both against the project's own functions.
"""

import base64
import hashlib
import hmac
import struct
import time

PERIOD = 30


def secret(seed: int, username: str) -> str:
    digest = hmac.new(f"reintegra-demo-totp:{seed}".encode(), username.encode(),
                      hashlib.sha256).digest()
    return base64.b32encode(digest[:20]).decode()


def counter(now: float | None = None) -> int:
    return int((time.time() if now is None else now) // PERIOD)


def code(secret_b32: str, step: int) -> str:
    key = base64.b32decode(secret_b32)
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = (struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{value:06d}"
