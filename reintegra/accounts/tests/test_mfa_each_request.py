"""The MFA check costs no query (User.has_totp, from the user row each request loads), and
stays safe: a revoked device or a deactivated user loses access at the very next request,
in every session of that user."""

from allauth.mfa.models import Authenticator
from django.db import connections
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reintegra.accounts.models import User

LIST = reverse("clients:list")


def _signed_in(user):
    browser = Browser()
    browser.force_login(user)
    assert browser.get(LIST).status_code == 200
    return browser


def test_the_mfa_check_runs_no_query(people):
    browser = _signed_in(people.bob)
    with CaptureQueriesContext(connections["default"]) as queries:
        assert browser.get(LIST).status_code == 200
    assert not [q for q in queries.captured_queries if "mfa_authenticator" in q["sql"]]


def test_a_revoked_device_loses_access_at_the_next_request_in_every_session(people):
    first, second = _signed_in(people.bob), _signed_in(people.bob)
    Authenticator.objects.filter(user=people.bob).delete()
    assert User.objects.get(pk=people.bob.pk).has_totp is False
    for browser in (first, second):
        response = browser.get(LIST)
        assert response.status_code == 302
        assert response.url == reverse("mfa_activate_totp")


def test_a_single_device_deleted_counts_too(people):
    browser = _signed_in(people.bob)
    Authenticator.objects.get(user=people.bob, type=Authenticator.Type.TOTP).delete()
    assert browser.get(LIST).url == reverse("mfa_activate_totp")


def test_a_stale_copy_of_the_user_does_not_bring_the_device_back(people):
    stale = User.objects.get(pk=people.bob.pk)
    assert stale.has_totp
    browser = _signed_in(people.bob)
    Authenticator.objects.filter(user=people.bob).delete()
    stale.first_name = "Robert"
    stale.save()
    fresh = User.objects.get(pk=people.bob.pk)
    assert fresh.first_name == "Robert" and fresh.has_totp is False
    assert browser.get(LIST).url == reverse("mfa_activate_totp")


def test_a_deactivated_user_loses_access_at_the_next_request_in_every_session(people):
    first, second = _signed_in(people.bob), _signed_in(people.bob)
    User.objects.filter(pk=people.bob.pk).update(is_active=False)
    for browser in (first, second):
        response = browser.get(LIST)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


def test_activating_totp_sets_the_flag(people):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from reintegra.accounts.models import Role
    from reintegra.core.testing import make_user

    newcomer = make_user("nina", Role.CASE_WORKER, people.org, mfa=False)
    assert User.objects.get(pk=newcomer.pk).has_totp is False
    browser = Browser()
    browser.force_login(newcomer)
    assert browser.get(LIST).url == reverse("mfa_activate_totp")
    TOTP.activate(newcomer, generate_totp_secret())
    assert User.objects.get(pk=newcomer.pk).has_totp is True
    assert browser.get(LIST).status_code == 200
