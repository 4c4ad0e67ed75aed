from django.contrib import admin
from django.contrib.auth import get_user
from django.urls import reverse

from reintegra.accounts.models import Organisation, User
from reintegra.core.testing import PASSWORD

from .steps import code_step, password_step, totp_code

ADMIN_LOGIN = reverse("admin:login")


def test_the_admin_holds_organisations_and_accounts_only():
    """No client data in the admin, ever: register a model there and this test fails."""
    assert set(admin.site._registry) == {Organisation, User}


def test_the_admin_login_page_sends_everyone_to_the_real_login(client, db):
    response = client.get(ADMIN_LOGIN)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login") + "?next=")


def test_posting_a_password_to_the_admin_login_does_not_sign_in(client, people):
    people.alice.is_staff = people.alice.is_superuser = True
    people.alice.save()
    response = client.post(ADMIN_LOGIN, {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not get_user(client).is_authenticated
    assert client.get(reverse("admin:index")).status_code == 302


def test_an_administrator_reaches_the_admin_only_after_the_second_factor(client, people):
    people.alice.is_staff = people.alice.is_superuser = True
    people.alice.save()
    response = password_step(client, "alice", next=reverse("admin:index"))
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("admin:index")).status_code == 302
    response = code_step(client, totp_code(people.alice))
    assert response["Location"] == reverse("admin:index")
    page = client.get(reverse("admin:index"))
    assert page.status_code == 200
    assert reverse("admin:accounts_user_changelist") in page.content.decode()


def test_staff_without_admin_rights_are_refused(client, people):
    client.force_login(people.alice)
    assert client.get(ADMIN_LOGIN).status_code == 403
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response["Location"].startswith(ADMIN_LOGIN)


def _save_in_admin(actor, user, **changes):
    from types import SimpleNamespace

    from django.test import RequestFactory

    from reintegra.accounts.admin import UserAdmin

    request = RequestFactory().post("/admin/accounts/user/")
    request.user = actor
    for name, value in changes.items():
        setattr(user, name, value)
    form = SimpleNamespace(changed_data=list(changes))
    UserAdmin(User, admin.site).save_model(request, user, form, change=True)


def test_role_and_activation_changes_in_the_admin_are_audited(people):
    from reintegra.audit.models import AuditEvent

    people.alice.is_staff = people.alice.is_superuser = True
    people.alice.save()
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    _save_in_admin(people.alice, people.bob, role="coordinator")
    _save_in_admin(people.alice, people.bob, is_active=False)
    _save_in_admin(people.alice, people.bob, is_active=True)
    _save_in_admin(people.alice, people.bob, first_name="Robert")  # neither: not recorded
    events = list(AuditEvent.objects.filter(pk__gt=last).order_by("pk"))
    assert [(e.action, e.object_type, e.object_id, e.actor_id) for e in events] == [
        ("role_change", "accounts.user", str(people.bob.pk), people.alice.pk),
        ("deactivate", "accounts.user", str(people.bob.pk), people.alice.pk),
        ("activate", "accounts.user", str(people.bob.pk), people.alice.pk),
    ]
    assert all(e.client_id is None for e in events)
