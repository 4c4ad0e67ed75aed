"""The TOTP code fields open a numeric keypad and take the phone's one-time-code autofill
(issue 13): allauth's forms as the settings choose them (MFA_FORMS)."""

from allauth.mfa import app_settings
from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm
from allauth.utils import get_form_class
from django.utils import translation


def test_every_totp_code_field_is_numeric_with_one_time_code():
    for key, default in (("authenticate", AuthenticateForm),
                         ("reauthenticate", ReauthenticateForm),
                         ("activate_totp", ActivateTOTPForm)):
        form_class = get_form_class(app_settings.FORMS, key, default)
        assert form_class is not default and issubclass(form_class, default), key
        html = form_class.base_fields["code"].widget.render("code", "")
        assert 'inputmode="numeric"' in html and 'autocomplete="one-time-code"' in html, key
        assert "placeholder" not in html
        # allauth's own form is left as it was.
        assert "inputmode" not in default.base_fields["code"].widget.render("code", "")


def test_an_empty_code_says_what_to_enter():
    form_class = get_form_class(app_settings.FORMS, "authenticate", AuthenticateForm)
    with translation.override("en"):
        message = str(form_class.base_fields["code"].error_messages["required"])
    assert message == "Enter the code from the authenticator app"
