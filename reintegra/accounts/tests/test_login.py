from django.contrib.auth import get_user
from django.urls import reverse

from reintegra.audit.models import AuditEvent

from .steps import code_step, password_step, sign_in, totp_code

LOGIN = reverse("account_login")


def events(action):
    return AuditEvent.objects.filter(action=action)


def test_password_alone_does_not_sign_in(client, people):
    response = password_step(client, "alice")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert not get_user(client).is_authenticated
    assert client.get(reverse("clients:list")).status_code == 302


def test_password_and_totp_sign_in_and_are_audited(client, people):
    response = sign_in(client, people.alice)
    assert response.status_code == 302
    assert get_user(client) == people.alice
    assert client.get(reverse("clients:list")).status_code == 200
    login = events("login").get()
    assert login.actor == people.alice and login.organisation_id == people.org.pk


def test_a_wrong_password_is_audited_with_the_account(client, people):
    response = password_step(client, "alice", "not her password")
    assert response.status_code == 200
    failed = events("login_failed").get()
    assert failed.actor == people.alice
    assert (failed.object_type, failed.object_id) == ("accounts.user", str(people.alice.pk))


def test_an_unknown_username_leaves_no_trace_of_what_was_typed(client, people):
    password_step(client, "maria.kowalska", "Kowalska1990!")
    failed = events("login_failed").get()
    assert failed.actor is None and failed.organisation_id is None
    row = AuditEvent.objects.filter(pk=failed.pk).values().get()
    assert not any("kowalska" in str(value).lower() for value in row.values())


def test_a_wrong_totp_code_is_audited_as_a_failed_login(client, people):
    password_step(client, "alice")
    wrong = f"{(int(totp_code(people.alice)) + 1) % 1_000_000:06d}"
    response = code_step(client, wrong)
    assert response.status_code == 200
    assert not get_user(client).is_authenticated
    failed = events("login_failed").get()
    assert (failed.actor, failed.object_type) == (people.alice, "mfa.totp")


def test_the_sixth_attempt_is_refused_even_with_the_right_password(client, people):
    for _ in range(5):
        assert password_step(client, "alice", "wrong password").status_code == 200
    response = password_step(client, "alice")
    assert response.status_code == 200  # the form again, not the step to the second factor
    assert "mfa_authenticate" not in response.get("Location", "")
    page = response.content.decode()
    assert "Too many failed login attempts" in page or "Zbyt wiele" in page
    assert events("login_failed").count() == 5
    locked = events("login_locked").get()
    assert locked.actor == people.alice


def test_the_lockout_is_per_account(client, people):
    for _ in range(5):
        password_step(client, "alice", "wrong password")
    assert password_step(client, "bob")["Location"] == reverse("mfa_authenticate")


def test_logout_is_audited(client, people):
    sign_in(client, people.bob)
    client.post(reverse("account_logout"))
    assert not get_user(client).is_authenticated
    assert events("logout").get().actor == people.bob
