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

    for name in STAFF:
        RecoveryCodes.activate(getattr(world, name))


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
    "account_reset_password": {"allow": EVERYONE},
    "account_reset_password_done": {"allow": EVERYONE},
    "account_reset_password_from_key": {"allow": EVERYONE},  # an unknown key: "bad token"
    "account_reset_password_from_key_done": {"allow": EVERYONE},
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
}
PREFIX_RULES = {
    "admin:": {"allow": NOBODY},
}
