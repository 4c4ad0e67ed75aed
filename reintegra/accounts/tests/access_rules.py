"""Who may open the sign-in pages (django-allauth 65.21) and the Django admin (walked by
tests/test_access_matrix.py).

allauth's pages are open to whom they serve: the login, signup (closed: it says so),
password-reset and e-mail-confirmation pages to everyone (a signed-in visitor is sent on
to the home page, which counts as allowed); account and MFA settings to staff only, and
anonymous visitors are sent to log in. Changing MFA first asks for the password again
(a redirect to the reauthentication page, which counts as allowed).

The admin is for administrators (is_staff), and none of the personas is one: the admin
sends them to its login page, which sends anonymous visitors to allauth's and refuses
signed-in ones (403).

``setup(world)`` gives every staff persona recovery codes beside TOTP, as setting up MFA
through the pages does.
"""

from reintegra.core.access_matrix import EVERYONE, NOBODY, STAFF


def setup(world):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    from reintegra.accounts.models import AccessReset

    for name in STAFF:
        RecoveryCodes.activate(getattr(world, name))
    # Staff management: a pending sign-in reset of bob's, asked by dora (so that alice,
    # another person, may confirm it); oscar's organisation is another.
    world.bob_reset = AccessReset.objects.create(user=world.bob, kind="second_factor",
                                                 requested_by=world.dora)


COORDINATOR = {"alice"}  # pages about alice's colleagues: oscar's organisation is another
COORDINATORS = {"alice", "oscar"}  # pages about one's own organisation (each sees their own)


def _bob(world):
    return {"pk": world.bob.pk}


RULES = {
    "account_login": {"allow": EVERYONE},
    "account_logout": {"allow": EVERYONE},
    "account_inactive": {"allow": EVERYONE},
    "account_signup": {"allow": EVERYONE},
    "account_reauthenticate": {"allow": STAFF},
    "account_email": {"allow": STAFF},
    "account_email_verification_sent": {"allow": EVERYONE},
    "account_change_password": {"allow": STAFF},
    "account_set_password": {"allow": STAFF},
    # Self-service reset by e-mail is off: these addresses answer "ask your coordinator"
    # (reintegra.urls shadows allauth's reset views with password_reset_disabled).
    "account_reset_password": {"allow": EVERYONE},
    "account_reset_password_done": {"allow": EVERYONE},
    "account_reset_password_from_key": {"allow": EVERYONE},
    "account_reset_password_from_key_done": {"allow": EVERYONE},
    "password_reset_disabled": {"allow": EVERYONE},
    "password_reset_disabled_key": {"allow": EVERYONE},
    "account_confirm_email": {"allow": EVERYONE},  # an unknown key: "invalid link"
    # Login by code is off: without a pending login anonymous visitors go back to log in.
    "account_confirm_login_code": {"allow": STAFF},
    "mfa_index": {"allow": STAFF},
    # The second step of a login: with none pending, signed-in staff go home.
    "mfa_authenticate": {"allow": STAFF},
    "mfa_reauthenticate": {"allow": STAFF},
    "mfa_activate_totp": {"allow": STAFF},
    "mfa_deactivate_totp": {"allow": STAFF},
    "mfa_view_recovery_codes": {"allow": STAFF},
    "mfa_generate_recovery_codes": {"allow": STAFF},
    "mfa_download_recovery_codes": {"allow": STAFF},
    # Without admin rights, /admin/logout/ only redirects to /admin/ (and logs nobody out).
    "admin:logout": {"allow": STAFF},
    # The set-up link: without a valid token (in ?t=, which the walk cannot give) it says
    # "this link does not work" (404) to everyone; signed-in visitors are refused (403).
    # That a valid token opens it to anonymous visitors only is test_setup_link.py's
    # test_only_an_anonymous_visitor_with_a_valid_token_gets_the_form.
    "accounts:setup": {"allow": NOBODY},
    # Staff management and the organisation's settings: its coordinators only.
    "accounts:staff_list": {"allow": COORDINATORS},
    "accounts:staff_invite": {"allow": COORDINATORS},
    "accounts:staff_detail": {"allow": COORDINATOR, "kwargs": _bob},
    "accounts:staff_role": {"allow": COORDINATOR, "kwargs": _bob, "method": "POST"},
    "accounts:staff_link": {"allow": COORDINATOR, "kwargs": _bob, "method": "POST"},
    "accounts:staff_deactivate": {"allow": COORDINATOR, "kwargs": _bob},
    "accounts:staff_reactivate": {"allow": COORDINATOR, "kwargs": _bob, "method": "POST"},
    "accounts:team_add": {"allow": COORDINATOR, "kwargs": _bob, "method": "POST"},
    "accounts:team_remove": {"allow": COORDINATOR, "method": "POST", "kwargs": lambda w: {
        "pk": w.bob.pk, "client_pk": w.team_client.pk}},
    "accounts:reset_request": {"allow": COORDINATOR, "kwargs": _bob, "method": "POST"},
    "accounts:reset_confirm": {"allow": COORDINATOR, "method": "POST",
                               "kwargs": lambda w: {"pk": w.bob_reset.pk}},
    "accounts:reset_cancel": {"allow": COORDINATOR, "method": "POST",
                              "kwargs": lambda w: {"pk": w.bob_reset.pk}},
    "accounts:organisation": {"allow": COORDINATORS},
}
PREFIX_RULES = {
    "admin:": {"allow": NOBODY},
}
