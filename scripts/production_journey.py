#!/usr/bin/env python3
"""The production quick start over HTTP, as a person would do it (scripts/ci-production).

Standard library only. Follows the coordinator's set-up link printed by
`manage.py create_organisation`, chooses a password, enrols TOTP with the key the page
shows, signs in with password and code, invites a case worker, who follows their link,
signs in, sees an empty client list and registers a client.

The server runs with production settings behind no TLS proxy: the script sends
`X-Forwarded-Proto: https` (the server trusts it: SECURE_PROXY_SSL_HEADER) and handles
cookies itself, because the __Host- cookies are Secure and a standard cookie jar would not
send them over plain HTTP.

Usage: production_journey.py BASE_URL SETUP_LINK
"""

import base64
import hashlib
import hmac
import html
import re
import struct
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

PASSWORD = "plum quartz harbour lantern 7"
USED_PERIODS = {}  # TOTP secret -> the last period whose code was used


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    def __init__(self, base):
        self.base = base.rstrip("/")
        self.cookies = {}
        self.opener = urllib.request.build_opener(NoRedirect)

    def request(self, path, data=None):
        url = path if path.startswith("http") else self.base + path
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        req = urllib.request.Request(url, data=body)  # noqa: S310 - http(s) to our server
        req.add_header("X-Forwarded-Proto", "https")
        req.add_header("Accept-Language", "pl")
        if body is not None:
            req.add_header("Origin", "https://" + urllib.parse.urlsplit(self.base).netloc)
        if self.cookies:
            req.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        try:
            resp = self.opener.open(req, timeout=30)  # noqa: S310 - http(s) to our server
        except urllib.error.HTTPError as exc:
            resp = exc
        for header in resp.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if value in ('""', "") or "Max-Age=0" in header:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return resp.status, resp.headers.get("Location", ""), resp.read().decode()

    def get(self, path, expect=200):
        status, location, text = self.request(path)
        check(status == expect, f"GET {path}: {status} (expected {expect})", text)
        return location, text

    def post(self, path, data, expect=302):
        _, page = self.get(path)
        data = {"csrfmiddlewaretoken": field(page, "csrfmiddlewaretoken"), **data}
        status, location, text = self.request(path, data)
        check(status == expect, f"POST {path}: {status} (expected {expect})", text)
        return location, text


def check(condition, message, page=""):
    if not condition:
        errors = re.findall(r'class="error-summary".*?</div>', page, re.S)
        print(f"FAILED: {message}\n{errors[0] if errors else page[:1500]}", file=sys.stderr)
        sys.exit(1)


def field(page, name):
    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', page) or \
        re.search(rf'value="([^"]*)"[^>]*name="{name}"', page)
    check(match is not None, f"no field {name}", page)
    return html.unescape(match.group(1))


def totp(secret, step=30, digits=6):
    """RFC 6238 TOTP (SHA-1), waiting out the last seconds of a period."""
    if step - time.time() % step < 3:
        time.sleep(step - time.time() % step + 0.5)
    key = base64.b32decode(secret, casefold=True)
    digest = hmac.new(key, struct.pack(">Q", int(time.time()) // step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10 ** digits:0{digits}d}"


def set_up(browser, link):
    """Follow a set-up link: choose the password, enrol TOTP. Returns the TOTP secret."""
    parts = urllib.parse.urlsplit(link)
    link = f"{parts.path}?{parts.query}"  # the invitation page says https: no proxy here
    status, location, _ = browser.request(link)
    check(status == 302 and location.endswith("/setup/"), f"set-up link: {status}")
    _, page = browser.get("/setup/")
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', page).group(1)
    location, _ = browser.post("/setup/", {"password1": PASSWORD, "password2": PASSWORD,
                                           "code": totp(secret)})
    USED_PERIODS[secret] = int(time.time()) // 30
    check(location.endswith("/accounts/login/"), f"after set-up: {location}")
    # The link works once.
    status, _, _ = browser.request(link)
    check(status == 404, f"a used link answered {status}")
    return secret


def sign_in(browser, username, secret):
    location, _ = browser.post("/accounts/login/", {"login": username, "password": PASSWORD})
    check(location.endswith("/accounts/2fa/authenticate/"), f"after password: {location}")
    # A code is accepted once: wait for the period after the set-up's code if need be.
    while int(time.time()) // 30 <= USED_PERIODS.get(secret, -1):
        time.sleep(1)
    location, _ = browser.post("/accounts/2fa/authenticate/", {"code": totp(secret)})
    check("/accounts/" not in location, f"after code: {location}")


def main(base, link):
    started = time.time()
    coordinator = Browser(base)
    secret = set_up(coordinator, link)
    sign_in(coordinator, COORDINATOR_EMAIL, secret)
    coordinator.get("/staff/")
    _, page = coordinator.post("/staff/invite/", {
        "first_name": "Ewa", "last_name": "Lis", "email": "ewa.lis@example.org",
        "role": "case_worker"}, expect=200)
    worker_link = html.unescape(re.search(r'id="setup-url" value="([^"]+)"', page).group(1))
    print("coordinator set up, signed in, invited a case worker")

    worker = Browser(base)
    worker_secret = set_up(worker, worker_link)
    sign_in(worker, "ewa.lis@example.org", worker_secret)
    _, page = worker.get("/clients/")
    check(not re.search(r"[A-Z]{1,6}-\d{4}-\d{4}", page), "a new case worker sees clients")
    _, form = worker.get("/clients/new/")
    owner = re.search(r'<option value="(\d+)"[^>]*>Ewa Lis<', form)
    location, _ = worker.post("/clients/new/", {
        "case_owner": owner.group(1) if owner else "",
        "first_name": "Anna", "second_name": "Testowa", "gender": "Feminine",
        "citizenship": "PL", "primary_language": "pol",
        "intake_date": time.strftime("%Y-%m-%d"),
        "trafficking_status": "PossibleVictimOfTrafficking",
        "trafficking_status_decided_by": "NGO", "exploitation_types": "ForcedLabour",
        "exploitation_country": "PL", "referral_organisation": "KCIK",
        "referral_date": time.strftime("%Y-%m-%d"),
        "referral_reason": "AdditionalServicesRequired", "art9_basis": "9_2_a",
    })
    check(re.search(r"/clients/\d+/$", location), f"after registering: {location}")
    _, page = worker.get(location)
    check("Anna" in page, "the new client's page does not show the name")
    print(f"case worker set up, signed in, registered a client ({time.time() - started:.0f} s)")


if __name__ == "__main__":
    COORDINATOR_EMAIL = sys.argv[3]
    main(sys.argv[1], sys.argv[2])
