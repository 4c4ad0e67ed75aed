import json

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.contrib.auth import get_user
from django.urls import reverse

from reintegra.audit.models import AuditEvent
from reintegra.core.testing import PASSWORD

from .steps import password_step, sign_in

ACTIVATE = reverse("mfa_activate_totp")


def without_mfa(user):
    Authenticator.objects.filter(user=user).delete()
    return user


def test_staff_without_totp_is_sent_to_set_it_up_from_any_page(client, people, team_client):
    client.force_login(without_mfa(people.alice))
    for url in (reverse("home"), reverse("clients:list"),
                reverse("clients:detail", args=[team_client.pk]), reverse("audit:events"),
                reverse("admin:index")):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, ACTIVATE), url
    # Setting MFA up stays open (after a fresh password check, as allauth asks for one).
    response = client.get(ACTIVATE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert client.get(reverse("account_reauthenticate")).status_code == 200


def reauthenticate(client):
    """allauth asks for the password again before MFA settings change."""
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302


def _code_for(secret):
    import time

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_activating_totp_stores_the_secret_encrypted_and_is_audited(
        client, people, django_capture_on_commit_callbacks):
    user = without_mfa(people.bob)
    assert password_step(client, "bob")["Location"] == reverse("home")  # no second step
    assert client.get(reverse("home"))["Location"] == ACTIVATE  # but sent to set one up
    reauthenticate(client)
    assert client.get(ACTIVATE).status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ACTIVATE, {"code": _code_for(secret)})
    assert response.status_code == 302, response.content.decode()[:500]
    totp = Authenticator.objects.get(user=user, type="totp")
    stored = json.dumps(totp.data)
    assert secret not in stored and secret.lower() not in stored.lower()
    assert totp.data["secret"].startswith("rv1.")
    assert decrypt(totp.data["secret"]) == secret
    added = AuditEvent.objects.get(action="mfa_added", object_type="mfa.totp")
    assert added.actor == user and added.object_id == str(totp.pk)
    assert client.get(reverse("clients:list")).status_code == 200


def test_the_fixtures_totp_secrets_are_encrypted_too(people):
    for totp in Authenticator.objects.filter(type="totp"):
        assert totp.data["secret"].startswith("rv1.")
        assert len(decrypt(totp.data["secret"])) == 32  # base32 of 20 random bytes


def test_deactivating_totp_is_audited_and_sends_the_user_back_to_set_up(client, people):
    sign_in(client, people.bob)
    reauthenticate(client)
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=people.bob, type="totp").exists()
    assert AuditEvent.objects.filter(action="mfa_removed", actor=people.bob,
                                     object_type="mfa.totp").exists()
    assert get_user(client) == people.bob
    assert client.get(reverse("clients:list"))["Location"] == ACTIVATE
