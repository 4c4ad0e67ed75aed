"""One-time, expiring set-up links: create_organisation, invitations, choosing a password
and enrolling TOTP; tampered, expired and reused links change nothing."""

import re
import time
from datetime import timedelta
from io import StringIO
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from reintegra.accounts import services
from reintegra.accounts.models import Organisation, Role, SetupLink, User
from reintegra.audit.models import AuditEvent

SETUP = reverse("accounts:setup")


@pytest.fixture(autouse=True)
def in_english(client):
    """Messages are checked in English (the site's default is Polish)."""
    from django.utils import translation

    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield
NEW_PASSWORD = "plum quartz harbour lantern"


def code_for(secret):
    if 30 - time.time() % 30 < 2:
        time.sleep(2.5)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def open_link(client, token):
    response = client.get(f"{SETUP}?t={token}")
    return response


def complete(client, token, password=NEW_PASSWORD, code=None):
    response = open_link(client, token)
    assert response.status_code == 302 and response["Location"] == SETUP
    page = client.get(SETUP)
    assert page.status_code == 200
    secret = page.context["secret"]
    return client.post(SETUP, {"password1": password, "password2": password,
                               "code": code or code_for(secret)}), secret


def test_create_organisation_prints_a_link_that_sets_up_the_coordinator(client, db):
    out = StringIO()
    call_command("create_organisation", "Fundacja Nowa", "--code-prefix", "fn",
                 "--coordinator", "Koordynator@Example.org", stdout=out)
    org = Organisation.objects.get(name="Fundacja Nowa")
    assert org.client_code_prefix == "FN"
    # The shipped questionnaires are in place from the first day, once however many
    # organisations are made.
    from reintegra.outcomes.models import Instrument

    shipped = Instrument.objects.count()
    assert shipped >= 6
    call_command("create_organisation", "Fundacja Druga", "--code-prefix", "fd",
                 "--coordinator", "druga@example.org", stdout=StringIO())
    assert Instrument.objects.count() == shipped
    user = User.objects.get(organisation=org)
    assert (user.username, user.role) == ("koordynator@example.org", Role.COORDINATOR)
    assert not user.has_usable_password()
    url = re.search(r"https?://\S+", out.getvalue()).group(0)
    token = parse_qs(urlsplit(url).query)["t"][0]
    # Only the hash is stored.
    link = SetupLink.objects.get(user=user)
    assert link.token_hash == services.token_hash(token) and token not in link.token_hash

    response, secret = complete(client, token)
    assert response.status_code == 302 and response["Location"] == reverse("account_login")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert Authenticator.objects.filter(user=user, type="totp").count() == 1
    link.refresh_from_db()
    assert link.used_at is not None
    # Audit rows name ids only: no address, no name.
    for event in AuditEvent.objects.all():
        assert "example.org" not in f"{event.object_type}{event.object_id}"
    assert AuditEvent.objects.filter(action="mfa_added", actor=user).exists()


def test_create_organisation_refuses_bad_input_and_changes_nothing(db):
    call_command("create_organisation", "Fundacja A", "--code-prefix", "FA",
                 "--coordinator", "a@example.org", stdout=StringIO())
    for args in (["Fundacja A", "--code-prefix", "FB", "--coordinator", "b@example.org"],
                 ["Fundacja B", "--code-prefix", "F1", "--coordinator", "b@example.org"],
                 ["Fundacja B", "--code-prefix", "FB", "--coordinator", "a@example.org"],
                 ["Fundacja B", "--code-prefix", "FB", "--coordinator", "not-an-address"]):
        with pytest.raises(CommandError):
            call_command("create_organisation", *args, stdout=StringIO())
    assert Organisation.objects.count() == 1 and User.objects.count() == 1


def _invite(people, email="nowa@example.org", role=Role.CASE_WORKER):
    return services.invite_staff(actor=people.alice, email=email, role=role,
                                 first_name="Nowa", last_name="Osoba")


def test_a_link_works_once(client, people):
    new = _invite(people)
    response, _ = complete(client, new.token)
    assert response.status_code == 302
    again = open_link(client, new.token)
    assert again.status_code == 404
    assert "Ask your coordinator for a new link" in again.content.decode()


def test_an_expired_link_changes_nothing(client, people):
    new = _invite(people)
    SetupLink.objects.filter(pk=new.link.pk).update(expires_at=timezone.now()
                                                    - timedelta(seconds=1))
    assert open_link(client, new.token).status_code == 404
    user = User.objects.get(username="nowa@example.org")
    assert not user.has_usable_password()


def test_a_link_that_expires_while_the_form_is_open_changes_nothing(client, people):
    new = _invite(people)
    open_link(client, new.token)
    secret = client.get(SETUP).context["secret"]
    SetupLink.objects.filter(pk=new.link.pk).update(expires_at=timezone.now()
                                                    - timedelta(seconds=1))
    response = client.post(SETUP, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
                                   "code": code_for(secret)})
    assert response.status_code == 404
    user = User.objects.get(username="nowa@example.org")
    assert not user.has_usable_password()
    assert not Authenticator.objects.filter(user=user).exists()


@pytest.mark.parametrize("tamper", [lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),
                                    lambda t: t[:10], lambda t: t + "x", lambda t: "ł" * 43])
def test_a_tampered_link_changes_nothing(client, people, tamper):
    new = _invite(people)
    response = open_link(client, tamper(new.token))
    assert response.status_code == 404
    assert client.get(SETUP).status_code == 404
    new.link.refresh_from_db()
    assert new.link.used_at is None


def test_a_wrong_code_or_weak_password_is_refused_with_the_form_kept(client, people):
    new = _invite(people)
    response, _ = complete(client, new.token, code="000000")
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    response = client.post(SETUP, {"password1": "short", "password2": "short",
                                   "code": "1"})
    assert response.context["form"].errors["password1"]
    user = User.objects.get(username="nowa@example.org")
    assert not user.has_usable_password()
    assert not Authenticator.objects.filter(user=user).exists()
    new.link.refresh_from_db()
    assert new.link.used_at is None


def test_only_an_anonymous_visitor_with_a_valid_token_gets_the_form(client, people):
    new = _invite(people)
    for persona in people.all().values():
        client.force_login(persona)
        assert open_link(client, new.token).status_code == 403
        client.logout()
    assert client.get(SETUP).status_code == 404  # no token
    assert open_link(client, new.token).status_code == 302
    assert client.get(SETUP).status_code == 200


def test_a_new_invitation_link_replaces_the_old_one(client, people):
    first = _invite(people)
    second = services.reissue_invitation(actor=people.alice, user=first.link.user)
    assert open_link(client, first.token).status_code == 404
    assert open_link(client, second.token).status_code == 302


def test_the_invited_colleague_signs_in_with_password_and_code(client, people):
    new = _invite(people)
    _, secret = complete(client, new.token)
    response = client.post(reverse("account_login"),
                           {"login": "nowa@example.org", "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": code_for(secret)})
    assert response.status_code == 302, response.content[:300]
    assert client.get(reverse("clients:list")).status_code == 200
