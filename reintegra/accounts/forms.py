import copy

from django import forms
from django.contrib.auth.password_validation import (
    password_validators_help_text_html,
    validate_password,
)
from django.utils.translation import gettext_lazy as _

from . import org_settings
from .models import AccessReset, Organisation, Role


class InviteForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail address"), max_length=150,
        help_text=_("They sign in with this address. The set-up link is sent to it when "
                    "the server can send e-mail."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=[("", _("Choose a role")), *Role.choices])


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    @classmethod
    def for_member(cls, member) -> "RoleForm":
        """The form as it first shows: the colleague's current role chosen."""
        return cls(initial={"role": member.role})


class TeamAddForm(forms.Form):
    code = forms.CharField(label=_("Client code"), max_length=30,
                           help_text=_("For example RT-2026-0041."))


class ResetForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What to reset"), choices=AccessReset.Kind.choices, widget=forms.RadioSelect,
        help_text=_("Second factor: they keep their password and set up a new "
                    "authenticator app at their next sign-in. Password and second factor: "
                    "they get a new set-up link. Another coordinator must confirm."),
    )


class SetupForm(forms.Form):
    password1 = forms.CharField(
        label=_("New password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html,
    )
    password2 = forms.CharField(
        label=_("New password (again)"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    code = forms.CharField(
        label=_("Code from the authenticator app"), max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code",
                                      "inputmode": "numeric"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password1(self):
        password = self.cleaned_data["password1"]
        validate_password(password, self.user)
        return password

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") and \
                data["password1"] != data["password2"]:
            self.add_error("password2", _("The two passwords differ."))
        return data


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "client_code_prefix", "retention_years", "idle_timeout_minutes",
                  "reminder_days", "disclosure_k"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        effective = org_settings.for_organisation(self.instance)
        for name, note in org_settings.NOTES.items():
            self.fields[name].help_text = note
        # Show the value in force, the server's default included, so nothing is hidden.
        for name in ("retention_years", "idle_timeout_minutes", "disclosure_k"):
            if self.initial.get(name) is None:
                self.initial[name] = getattr(effective, name)
            self.fields[name].required = True
        if not self.initial.get("reminder_days"):
            self.initial["reminder_days"] = ",".join(map(str, effective.reminder_days))
        self.fields["reminder_days"].required = True

    def clean_client_code_prefix(self):
        value = self.cleaned_data["client_code_prefix"].strip().upper()
        if not (value.isascii() and value.isalpha()):
            raise forms.ValidationError(_("Use 1 to 6 letters A to Z."))
        return value

    def clean_reminder_days(self):
        try:
            days = org_settings.parse_reminder_days(self.cleaned_data["reminder_days"])
        except ValueError:
            raise forms.ValidationError(_(
                "Enter up to 10 whole numbers of days from 1 to 365, separated by commas, "
                "e.g. 30,14,3.")) from None
        return ",".join(map(str, days))


# allauth's TOTP code fields with a numeric keypad on phones and the one-time-code autofill
# (issue 13). Recovery codes are digits too (allauth's RECOVERY_CODE_DIGITS), so the same
# keypad serves them on the authenticate page.
TOTP_CODE_ATTRS = {"inputmode": "numeric", "autocomplete": "one-time-code"}


def _numeric_code(form_class):
    """``form_class`` with its ``code`` field given TOTP_CODE_ATTRS and a specific message."""
    code = copy.deepcopy(form_class.base_fields["code"])
    code.widget.attrs.update(TOTP_CODE_ATTRS)
    code.widget.attrs.pop("placeholder", None)
    code.error_messages["required"] = _("Enter the code from the authenticator app")
    return type(f"Numeric{form_class.__name__}", (form_class,), {
        "__module__": __name__, "code": code})


def _mfa_forms():
    from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
    from allauth.mfa.totp.forms import ActivateTOTPForm

    return (_numeric_code(AuthenticateForm), _numeric_code(ReauthenticateForm),
            _numeric_code(ActivateTOTPForm))


TOTPAuthenticateForm, TOTPReauthenticateForm, TOTPActivateForm = _mfa_forms()
