"""Staff management by coordinators: invite, roles, case teams, leavers, sign-in resets,
organisation settings. Every change is audited; bad input changes nothing."""

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reintegra.accounts import org_settings, services
from reintegra.accounts.models import AccessReset, Role, SetupLink, User
from reintegra.audit.models import AuditEvent
from reintegra.clients.models import CaseTeamMember
from reintegra.core.testing import make_user

LIST = reverse("accounts:staff_list")


@pytest.fixture(autouse=True)
def in_english(client):
    """Messages are checked in English (the site's default is Polish)."""
    from django.utils import translation

    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield
INVITE = reverse("accounts:staff_invite")


def test_the_staff_list_shows_role_mfa_and_colleagues_by_name_only_of_the_own_org(
        client, people):
    people.bob.first_name, people.bob.last_name = "Bogdan", "Wiśniewski"
    people.bob.save()
    Authenticator.objects.filter(user=people.charlie).delete()
    client.force_login(people.alice)
    page = client.get(LIST)
    html = page.content.decode()
    assert "Bogdan Wiśniewski" in html
    members = {m.username: m for m in page.context["members"]}
    assert members["bob"].has_mfa and not members["charlie"].has_mfa
    assert "oscar" not in members
    client.force_login(people.oscar)
    html = client.get(LIST).content.decode()
    assert "Bogdan" not in html and "Alice" not in html


def test_the_staff_list_runs_a_fixed_number_of_queries(client, people):
    client.force_login(people.alice)
    client.get(LIST)

    def count():
        with CaptureQueriesContext(connections["default"]) as q:
            assert client.get(LIST).status_code == 200
        return len(q)

    few = count()
    for n in range(20):
        make_user(f"extra{n}", Role.TRAINER, people.org)
    assert count() == few


def test_inviting_shows_the_link_once_and_an_address_in_use_is_refused(client, people):
    client.force_login(people.alice)
    data = {"first_name": "Ewa", "last_name": "Lis", "email": "ewa@example.org",
            "role": Role.CASE_WORKER}
    response = client.post(INVITE, data)
    assert response.status_code == 200
    assert "?t=" in response.context["url"]
    assert response["Cache-Control"].startswith("max-age=0") or "no-store" in \
        response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    user = User.objects.get(username="ewa@example.org")
    assert (user.organisation, user.role) == (people.org, Role.CASE_WORKER)
    assert AuditEvent.objects.filter(action="create", object_type="accounts.user",
                                     object_id=str(user.pk), actor=people.alice).exists()
    assert not mail.outbox  # no mail server configured: nothing sent, no error

    before = User.objects.count()
    again = client.post(INVITE, {**data, "email": "EWA@example.org "})
    assert again.status_code == 200
    assert again.context["form"].errors["email"]
    assert User.objects.count() == before


def test_the_link_is_mailed_when_a_mail_server_is_configured(client, people, settings):
    settings.MAIL_CONFIGURED = True
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    client.force_login(people.alice)
    client.post(INVITE, {"first_name": "Ewa", "last_name": "Lis",
                         "email": "ewa@example.org", "role": Role.TRAINER})
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ewa@example.org"]
    assert "?t=" in mail.outbox[0].body


def test_roles_change_but_never_ones_own_nor_the_last_coordinator(client, people):
    services.change_role(actor=people.alice, user=people.bob, role=Role.LEGAL_ADVISOR)
    people.bob.refresh_from_db()
    assert people.bob.role == Role.LEGAL_ADVISOR
    assert AuditEvent.objects.filter(action="update", object_id=str(people.bob.pk),
                                     object_type="accounts.user").exists()
    client.force_login(people.alice)
    response = client.post(reverse("accounts:staff_role", args=[people.alice.pk]),
                           {"role": Role.TRAINER})
    assert response.status_code == 200 and response.context["role_form"].errors
    people.alice.refresh_from_db()
    assert people.alice.role == Role.COORDINATOR
    # Another coordinator may demote alice only while a coordinator remains.
    second = make_user("cecylia", Role.COORDINATOR, people.org)
    services.change_role(actor=second, user=people.alice, role=Role.CASE_WORKER)
    people.alice.refresh_from_db()
    assert people.alice.role == Role.CASE_WORKER
    with pytest.raises(PermissionDenied):  # no longer a coordinator
        services.change_role(actor=people.alice, user=people.bob, role=Role.TRAINER)
    services.change_role(actor=second, user=people.alice, role=Role.COORDINATOR)
    people.alice.refresh_from_db()
    with pytest.raises(ValidationError, match="own role"):
        services.change_role(actor=people.alice, user=people.alice, role=Role.DPO)


def test_the_last_coordinator_cannot_be_demoted_even_in_a_race(people):
    """Two coordinators demoting each other at once: the second change sees the first
    (rows are locked) and is refused. Simulated: cecylia was demoted meanwhile."""
    cecylia = make_user("cecylia", Role.COORDINATOR, people.org)
    User.objects.filter(pk=cecylia.pk).update(role=Role.CASE_WORKER)
    with pytest.raises(ValidationError, match="at least one coordinator"):
        services.change_role(actor=cecylia, user=people.alice, role=Role.TRAINER)
    people.alice.refresh_from_db()
    assert people.alice.role == Role.COORDINATOR


def test_deactivating_a_leaver_ends_sessions_feeds_and_links_and_keeps_team_records(
        client, people, team_client):
    from reintegra.programme.models import CalendarFeed
    from reintegra.programme.services import create_trainer_feed

    bob_browser = type(client)()
    bob_browser.force_login(people.bob)
    assert bob_browser.get(reverse("clients:list")).status_code == 200
    feed = create_trainer_feed(actor=people.bob).feed
    pending = services.request_reset(actor=people.alice, user=people.bob,
                                     kind=AccessReset.Kind.SECOND_FACTOR)
    client.force_login(people.alice)
    response = client.post(reverse("accounts:staff_deactivate", args=[people.bob.pk]))
    assert response.status_code == 302
    people.bob.refresh_from_db()
    assert not people.bob.is_active
    assert not [s for s in Session.objects.all()
                if s.get_decoded().get("_auth_user_id") == str(people.bob.pk)]
    next_request = bob_browser.get(reverse("clients:list"))
    assert next_request.status_code == 302 and "/accounts/login/" in next_request["Location"]
    feed.refresh_from_db()
    assert feed.revoked_at is not None
    pending.refresh_from_db()
    assert pending.cancelled_at is not None
    assert CaseTeamMember.objects.filter(client=team_client, user=people.bob).exists()
    assert AuditEvent.objects.filter(action="close", object_id=str(people.bob.pk)).exists()
    assert CalendarFeed.objects.filter(pk=feed.pk, revoked_at__isnull=False).exists()


def test_a_coordinator_cannot_deactivate_themself(client, people):
    client.force_login(people.alice)
    response = client.post(reverse("accounts:staff_deactivate", args=[people.alice.pk]))
    assert response.status_code == 400
    assert "deactivate your own account" in response.content.decode()
    people.alice.refresh_from_db()
    assert people.alice.is_active


def test_pending_links_of_a_leaver_stop_working(client, people):
    new = services.invite_staff(actor=people.alice, email="x@example.org", role="trainer",
                                first_name="X", last_name="Y")
    services.deactivate(actor=people.alice, user=new.link.user)
    assert client.get(reverse("accounts:setup") + f"?t={new.token}").status_code == 404
    assert SetupLink.objects.get(pk=new.link.pk).revoked_at is not None


def test_case_teams_add_and_remove_with_audit(client, people, team_client):
    client.force_login(people.alice)
    url = reverse("accounts:team_add", args=[people.charlie.pk])
    assert client.post(url, {"code": team_client.code.lower()}).status_code == 302
    assert CaseTeamMember.objects.filter(client=team_client, user=people.charlie).exists()
    assert AuditEvent.objects.filter(action="create", object_type="clients.caseteammember",
                                     object_id=str(people.charlie.pk),
                                     client_id=team_client.pk).exists()
    remove = reverse("accounts:team_remove", args=[people.charlie.pk, team_client.pk])
    assert client.post(remove).status_code == 302
    assert not CaseTeamMember.objects.filter(client=team_client, user=people.charlie).exists()
    assert AuditEvent.objects.filter(action="delete", object_type="clients.caseteammember",
                                     object_id=str(people.charlie.pk),
                                     client_id=team_client.pk).exists()
    # Unknown code, a trainer, another organisation's client: refused, nothing changed.
    from reintegra.core.testing import make_client
    theirs = make_client(people.oscar)
    before = CaseTeamMember.objects.count()
    assert client.post(url, {"code": "XX-0000"}).context["team_form"].errors["code"]
    tina = reverse("accounts:team_add", args=[people.tina.pk])
    assert client.post(tina, {"code": team_client.code}).context["team_form"].errors["code"]
    assert client.post(url, {"code": theirs.code}).context["team_form"].errors["code"]
    assert CaseTeamMember.objects.count() == before


def test_another_organisations_coordinator_gets_404_for_our_staff(client, people):
    client.force_login(people.oscar)
    for name in ("staff_detail", "staff_deactivate"):
        assert client.get(reverse(f"accounts:{name}", args=[people.bob.pk])).status_code == 404
    assert client.post(reverse("accounts:staff_deactivate", args=[people.bob.pk])).status_code \
        == 404
    people.bob.refresh_from_db()
    assert people.bob.is_active


def test_a_second_factor_reset_needs_a_second_coordinator(client, people):
    reset = services.request_reset(actor=people.alice, user=people.bob,
                                   kind=AccessReset.Kind.SECOND_FACTOR)
    client.force_login(people.alice)
    client.post(reverse("accounts:reset_confirm", args=[reset.pk]))
    assert Authenticator.objects.filter(user=people.bob).exists()  # the asker cannot confirm
    second = make_user("cecylia", Role.COORDINATOR, people.org)
    bob_browser = type(client)()
    bob_browser.force_login(people.bob)
    services.confirm_reset(actor=second, reset=reset)
    assert not Authenticator.objects.filter(user=people.bob).exists()
    assert bob_browser.get(reverse("clients:list"))["Location"].startswith("/accounts/login/")
    # At the next sign-in, bob must enrol again before reaching anything.
    bob_browser.force_login(people.bob)
    assert bob_browser.get(reverse("clients:list"))["Location"] == reverse("mfa_activate_totp")
    assert AuditEvent.objects.filter(action="mfa_removed", actor=second).exists()


def test_a_password_reset_issues_a_new_set_up_link(people):
    reset = services.request_reset(actor=people.alice, user=people.bob,
                                   kind=AccessReset.Kind.PASSWORD)
    second = make_user("cecylia", Role.COORDINATOR, people.org)
    new = services.confirm_reset(actor=second, reset=reset)
    people.bob.refresh_from_db()
    assert not people.bob.has_usable_password()
    assert services.usable_link(new.token).user == people.bob


def test_self_service_password_reset_is_off_and_never_500(client, db):
    for path in ("/accounts/password/reset/", "/accounts/password/reset/done/",
                 "/accounts/password/reset/key/1-set-password/"):
        response = client.get(path)
        assert response.status_code == 200
        assert "coordinator" in response.content.decode().lower() or \
            "koordynator" in response.content.decode().lower()
    response = client.post("/accounts/password/reset/", {"email": "alice@example.org"})
    assert response.status_code == 200
    assert not mail.outbox
    login = client.get(reverse("account_login")).content.decode()
    assert "/accounts/password/reset/" not in login


# --- Organisation settings ------------------------------------------------------------------


def _settings_data(**changes):
    data = {"name": "Fundacja Test", "client_code_prefix": "RT", "retention_years": 10,
            "idle_timeout_minutes": 30, "reminder_days": "30,14,3", "disclosure_k": 10}
    data.update(changes)
    return data


def test_settings_are_saved_audited_and_read_through_the_accessor(client, people):
    client.force_login(people.alice)
    url = reverse("accounts:organisation")
    form = client.get(url).context["form"]
    # The values in force are shown, the server's defaults included.
    assert (form["disclosure_k"].value(), form["retention_years"].value(),
            form["idle_timeout_minutes"].value(), form["reminder_days"].value()) == (
        10, 10, 30, "30,14,3")
    response = client.post(url, _settings_data(retention_years=12, idle_timeout_minutes=15,
                                               reminder_days="3, 30,14", disclosure_k=5,
                                               client_code_prefix="ft"))
    assert response.status_code == 302
    people.org.refresh_from_db()
    effective = org_settings.for_organisation(people.org)
    assert effective == org_settings.OrgSettings(12, 15, (30, 14, 3), 5)
    assert people.org.client_code_prefix == "FT"
    assert AuditEvent.objects.filter(action="update", object_type="accounts.organisation",
                                     object_id=str(people.org.pk)).exists()


@pytest.mark.parametrize("bad", [{"disclosure_k": 2}, {"reminder_days": "30,abc"},
                                 {"reminder_days": "0"}, {"idle_timeout_minutes": 1},
                                 {"client_code_prefix": "R1"}, {"name": "Other Foundation"},
                                 {"retention_years": 99999999999999}])
def test_bad_settings_are_refused_and_nothing_changes(client, people, bad):
    client.force_login(people.alice)
    response = client.post(reverse("accounts:organisation"), _settings_data(**bad))
    assert response.status_code == 200 and response.context["form"].errors
    people.org.refresh_from_db()
    assert people.org.disclosure_k is None and people.org.name == "Fundacja Test"
    assert not AuditEvent.objects.filter(object_type="accounts.organisation").exists()


def test_k_is_never_below_3_even_if_the_database_is_edited(people):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        type(people.org).objects.filter(pk=people.org.pk).update(disclosure_k=2)
    assert org_settings.for_organisation(people.org).disclosure_k == 10


def test_the_organisations_idle_timeout_applies(client, people):
    import time

    people.org.idle_timeout_minutes = 5
    people.org.save()
    client.force_login(people.alice)
    client.get(reverse("clients:list"))
    session = client.session
    session["last_seen"] = int(time.time()) - 6 * 60
    session.save()
    assert client.get(reverse("clients:list"))["Location"].endswith("?timeout=1")


def test_the_organisations_retention_years_apply(people):
    from datetime import date

    from reintegra.clients.services import close_case
    from reintegra.core.testing import make_client
    from reintegra.privacy.services import clients_due_for_retention

    ours = close_case(actor=people.alice, client=make_client(
        people.alice, intake_date=date(2010, 1, 1)), reason="completed",
        closed_on=date(2020, 1, 1))
    theirs = close_case(actor=people.oscar, client=make_client(
        people.oscar, intake_date=date(2010, 1, 1)), reason="completed",
        closed_on=date(2020, 1, 1))
    people.org.retention_years = 5
    people.org.save()
    due = set(clients_due_for_retention(today=date(2026, 6, 1)).values_list("pk", flat=True))
    assert due == {ours.pk}
    assert theirs.pk not in due


def test_over_large_ids_answer_404(client, people):
    client.force_login(people.alice)
    huge = 10**30
    assert client.get(f"/staff/{huge}/").status_code == 404
    assert client.post(f"/staff/{people.bob.pk}/teams/{huge}/remove/").status_code == 404
    assert client.post(f"/staff/resets/{huge}/confirm/").status_code == 404
