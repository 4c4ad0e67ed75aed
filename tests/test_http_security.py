"""HTTP hardening: CSP without inline code, security headers, production settings, error
pages that leak nothing, and logs without personal data."""

import json
import logging
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.decorators import login_not_required
from django.db import connections
from django.test import Client
from django.urls import include, path, reverse

from reintegra.core.testing import make_client

ROOT = Path(__file__).resolve().parents[1]
NAME, SURNAME, DOCUMENT = "Oksana", "Melnykivska", "FX7781234"


# --- a URLconf for the 500 test: a view whose exception names a client ---------------------

@login_not_required
def _failing_view(request):
    raise RuntimeError(f"could not process {NAME} {SURNAME}, passport {DOCUMENT}")


urlpatterns = [path("boom/<int:pk>/", _failing_view), path("", include("reintegra.urls"))]
handler500 = "reintegra.core.errors.server_error"


# --- Content-Security-Policy and headers ---------------------------------------------------

def _csp(response):
    return response.headers.get("Content-Security-Policy", "")


def test_every_page_carries_a_csp_without_inline_code(client, people):
    anonymous = client.get(reverse("account_login"))
    client.force_login(people.alice)
    signed_in = client.get(reverse("clients:list"))
    for response in (anonymous, signed_in):
        assert response.status_code == 200
        policy = _csp(response)
        assert "default-src 'self'" in policy and "script-src 'self'" in policy
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_frames_sniffing_and_referrers_are_refused(client, db):
    response = client.get(reverse("account_login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


# Templates that browsers get. PDF templates are for WeasyPrint, which the CSP does not govern.
TEMPLATES = sorted(p for p in ROOT.glob("reintegra/**/templates/**/*.html")
                   if "pdf" not in p.relative_to(ROOT).parts)
COMMENTS = re.compile(r"{% comment %}.*?{% endcomment %}|{#.*?#}|<!--.*?-->", re.S)
INLINE_CODE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "an inline <script>"),
    (re.compile(r"<style[\s>]", re.I), "a <style> element"),
    (re.compile(r"\sstyle\s*=", re.I), "a style= attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "an on...= event handler"),
    (re.compile(r"javascript:", re.I), "a javascript: URL"),
]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_templates_hold_no_inline_code(template):
    """The CSP would block it; better that nobody writes it."""
    text = COMMENTS.sub("", template.read_text())
    found = [what for pattern, what in INLINE_CODE if pattern.search(text)]
    assert not found, f"{template.name} has {', '.join(found)}: move it to a static file"


# --- production settings --------------------------------------------------------------------

PRODUCTION_ENV = {
    "REINTEGRA_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(50),
    "REINTEGRA_MASTER_KEY": secrets.token_hex(32),
    "REINTEGRA_BLIND_INDEX_KEY": secrets.token_hex(32),
    "REINTEGRA_AUDIT_KEY": secrets.token_hex(32), "REINTEGRA_MFA_KEY": secrets.token_hex(32),
    "ALLOWED_HOSTS": "reintegra.example.org",
}


def _production(*args, **extra):
    env = {**os.environ, **PRODUCTION_ENV, **extra}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env,  # noqa: S603 - our args
                          capture_output=True, text=True, timeout=120)


def test_production_settings_harden_transport_and_cookies(tmp_path):
    script = (
        "import json, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'reintegra.settings';"
        "from django.conf import settings as s; print(json.dumps({k: getattr(s, k) for k in ["
        "'DEBUG', 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_SSL_REDIRECT',"
        "'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY',"
        "'SESSION_COOKIE_NAME', 'CSRF_COOKIE_NAME', 'X_FRAME_OPTIONS', 'SECURE_REFERRER_POLICY',"
        "'SECURE_CONTENT_TYPE_NOSNIFF']}))"
    )
    result = _production("-c", script, REINTEGRA_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["DEBUG"] is False
    assert values["SECURE_HSTS_SECONDS"] >= 31536000 and values["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert values["SECURE_SSL_REDIRECT"]
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SESSION_COOKIE_HTTPONLY"]
    # __Host- cookies: the browser keeps them only if Secure, for this host, path /.
    assert values["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert values["CSRF_COOKIE_NAME"].startswith("__Host-")
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["SECURE_REFERRER_POLICY"] == "same-origin"
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"]


def test_django_deploy_checks_pass_without_a_warning(tmp_path):
    result = _production("manage.py", "check", "--deploy", "--fail-level", "WARNING",
                         REINTEGRA_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


# --- error pages ----------------------------------------------------------------------------

def _assert_designed_and_quiet(response, *secrets):
    page = response.content.decode()
    assert 'class="site-header"' in page and "reintegra.css" in page
    assert response["X-Request-Id"] in page  # the one id a person may quote
    for secret in secrets:
        assert str(secret) not in page
    assert "Traceback" not in page and "Exception" not in page


def test_404_says_nothing_about_what_was_asked(client, people, team_client):
    client.force_login(people.charlie)  # not on the team: the client is "not found"
    url = reverse("clients:detail", args=[team_client.pk])
    response = client.get(url)
    assert response.status_code == 404
    _assert_designed_and_quiet(response, url, team_client.code, "no such client")
    assert "Page not found" in response.content.decode() or "Nie znaleziono" in (
        response.content.decode())


def test_403_page(client, people):
    client.force_login(people.alice)
    response = client.get(reverse("audit:events"))
    assert response.status_code == 403
    _assert_designed_and_quiet(response, reverse("audit:events"))


def test_400_page(client, people):
    client.force_login(people.alice)
    response = client.get(reverse("clients:list"), {"page": "abc"})
    assert response.status_code == 400
    _assert_designed_and_quiet(response, "page must be", "abc")


def test_a_form_sent_without_a_valid_token_explains_itself(people):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(people.alice)
    response = browser.post(reverse("clients:create"), {"first_name": NAME})
    assert response.status_code == 403
    _assert_designed_and_quiet(response, NAME, "CSRF", "Referer")
    assert "The form has expired" in response.content.decode() or "Formularz wygasł" in (
        response.content.decode())


@pytest.mark.parametrize("language", ["pl", "en"])
def test_error_pages_speak_the_visitors_language(client, people, language):
    client.force_login(people.alice)
    client.cookies["django_language"] = language
    page = client.get(reverse("audit:events")).content.decode()
    assert f'<html lang="{language}">' in page
    heading = {"pl": "Nie masz dostępu do tej strony",
               "en": "You do not have access to this page"}[language]
    assert heading in page


@pytest.mark.urls(__name__)
def test_a_500_never_shows_the_exception(people, settings):
    assert settings.DEBUG is False
    registered = make_client(people.alice, first_name=NAME, second_name=SURNAME)
    browser = Client(raise_request_exception=False)
    response = browser.get(f"/boom/{registered.pk}/")
    assert response.status_code == 500
    _assert_designed_and_quiet(response, NAME, SURNAME, DOCUMENT, "/boom/", "RuntimeError")
    assert "Something went wrong" in response.content.decode() or "Coś poszło nie tak" in (
        response.content.decode())


# --- logs -------------------------------------------------------------------------------------

def test_registering_a_client_logs_no_personal_data(client, people, caplog):
    """Every logger at DEBUG, SQL included: the name and the document number never appear."""
    for name in ["", *logging.root.manager.loggerDict]:
        caplog.set_level(logging.DEBUG, logger=name)
    for alias in ("default", "keystore"):
        connections[alias].force_debug_cursor = True
    try:
        client.force_login(people.alice)
        response = client.post(reverse("clients:create"), {
            "first_name": NAME, "second_name": SURNAME, "chosen_name": NAME,
            "birth_date": "1994-02-11", "phone": "+48 501 222 333", "passport": DOCUMENT,
            "intake_date": "2026-04-01", "gender": "Feminine", "citizenship": ["UA"],
            "primary_language": "ukr", "art9_basis": "9_2_a", "case_owner": people.alice.pk,
            "referral_details": f"{NAME} came from the shelter",
        })
        assert response.status_code == 302, response.content.decode()[:3000]
        client.get(response["Location"])  # the new client's page, as the browser follows
    finally:
        for alias in ("default", "keystore"):
            connections[alias].force_debug_cursor = False
    assert any(r.name == "django.db.backends" for r in caplog.records), "SQL was not captured"
    text = "\n".join(
        f"{r.name} {r.getMessage()} {r.exc_text or ''} {getattr(r, 'sql', '')} "
        f"{getattr(r, 'params', '')}"
        for r in caplog.records
    ).lower()
    for secret in (NAME, SURNAME, DOCUMENT, "501 222 333"):
        assert secret.lower() not in text, f"{secret} is in the log"


def test_production_access_log_leaves_out_query_strings():
    """A name typed into the search box travels in ?q=: the access log must not keep it."""
    import runpy
    from pathlib import Path

    config = runpy.run_path(str(Path(__file__).resolve().parents[1] / "gunicorn.conf.py"))
    log_format = config["access_log_format"]
    assert "%(U)s" in log_format
    assert "%(r)s" not in log_format and "%(q)s" not in log_format


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "ALLOWED_HOSTS"}
    for hosts in (None, "", " , "):
        extra = {} if hosts is None else {"ALLOWED_HOSTS": hosts}
        result = subprocess.run(  # noqa: S603 - our args
            [sys.executable, "manage.py", "check"], cwd=ROOT, capture_output=True, text=True,
            timeout=120, env={**{k: v for k, v in os.environ.items()
                                 if k not in ("ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE")},
                              **env, **extra, "REINTEGRA_VAR_DIR": str(tmp_path)})
        assert result.returncode != 0
        assert "ALLOWED_HOSTS must be set in production" in result.stderr
