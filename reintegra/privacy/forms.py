import unicodedata
from datetime import timedelta
from pathlib import PurePath

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reintegra.accounts.models import User
from reintegra.clients.languages import language_choices
from reintegra.core.bounds import PlausibleDates
from reintegra.core.forms import DateInput

from .models import ChecklistItem, ConsentPurpose, ErasureReason
from .uploads import check_upload, max_attachment_bytes


def _not_future(value, message):
    if value and value > timezone.localdate():
        raise forms.ValidationError(message)


class ConsentForm(PlausibleDates, forms.Form):
    # All purposes on one form (issue 13): one consent is recorded per ticked purpose.
    purpose = forms.MultipleChoiceField(
        label=_("What did the person consent to?"), choices=ConsentPurpose.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick every purpose the person agreed to. Each is recorded, and can be "
                    "withdrawn, on its own."),
        error_messages={"required": _("Choose at least one purpose the person consented to")},
    )
    shared_with = forms.CharField(
        label=_("Organisation the data may be shared with"), max_length=200, required=False,
        help_text=_("Only for consent to sharing: the organisation's full name."),
    )
    given_on = forms.DateField(label=_("Date of consent"), widget=DateInput())
    language = forms.ChoiceField(label=_("Language in which it was explained"))
    explained_by = forms.ModelChoiceField(label=_("Explained by"), queryset=User.objects.none())
    items_explained = forms.MultipleChoiceField(
        label=_("What was explained to the person"), choices=ChecklistItem.choices,
        widget=forms.CheckboxSelectMultiple, required=False,
        help_text=_("Tick each point that was explained (HTCDS consent checklist)."),
    )

    def __init__(self, *args, client, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.client = client
        self.fields["language"].choices = [("", "")] + list(language_choices())
        self.fields["language"].initial = client.primary_language or "pol"
        staff = User.objects.filter(organisation_id=client.organisation_id, is_active=True
                                    ).exclude(role="").order_by("last_name", "first_name")
        self.fields["explained_by"].queryset = staff
        self.fields["explained_by"].label_from_instance = lambda u: u.display_name
        self.fields["explained_by"].initial = actor.pk
        self.fields["given_on"].initial = timezone.localdate()
        self.fields["given_on"].error_messages["required"] = _("Enter the date of consent")
        self.fields["language"].error_messages["required"] = _(
            "Choose the language in which it was explained")
        self.fields["items_explained"].initial = ChecklistItem.values

    def clean_given_on(self):
        value = self.cleaned_data["given_on"]
        _not_future(value, _("The date of consent cannot be in the future."))
        if value < self.client.intake_date - timedelta(days=366):
            raise forms.ValidationError(
                _("The date of consent cannot be more than a year before the intake.")
            )
        return value

    def clean(self):
        data = super().clean()
        shared = (data.get("shared_with") or "").strip()
        sharing = ConsentPurpose.SHARING in (data.get("purpose") or [])
        if sharing and not shared:
            self.add_error("shared_with",
                           _("Name the organisation the data may be shared with."))
        if not sharing:
            data["shared_with"] = ""
        return data


class WithdrawConsentForm(PlausibleDates, forms.Form):
    withdrawn_on = forms.DateField(label=_("Date of withdrawal"), widget=DateInput())

    def __init__(self, *args, consent, **kwargs):
        super().__init__(*args, **kwargs)
        self.consent = consent
        self.fields["withdrawn_on"].initial = timezone.localdate()

    def clean_withdrawn_on(self):
        value = self.cleaned_data["withdrawn_on"]
        _not_future(value, _("The date of withdrawal cannot be in the future."))
        if value < self.consent.given_on:
            raise forms.ValidationError(
                _("The withdrawal cannot be before the consent was given.")
            )
        return value


def clean_file_name(name: str) -> str:
    """The last part of the name, without control characters, at most 150 characters."""
    base = PurePath(name.replace("\\", "/")).name
    printable = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip()
    if len(printable) > 150:
        stem, dot, ext = printable.rpartition(".")
        printable = (stem[: 150 - len(ext) - 1] + dot + ext) if dot and len(ext) < 10 else (
            printable[:150])
    return printable or "file"


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("A PDF, JPEG or PNG file of at most %(size)s. It is stored encrypted."),
        error_messages={
            "required": _("Choose a file to upload."),
            "empty": _("The file is empty."),
            "invalid": _("Choose a file to upload."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = self.fields["file"].help_text % {
            "size": filesizeformat(max_attachment_bytes())
        }
        self.fields["file"].widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if getattr(upload, "oversize", False) or upload.size > max_attachment_bytes():
            raise forms.ValidationError(
                _("The file is larger than %(size)s.") % {
                    "size": filesizeformat(max_attachment_bytes())
                }
            )
        data = upload.read()
        if not data:
            raise forms.ValidationError(_("The file is empty."))
        self.file_name = clean_file_name(upload.name or "")
        check_upload(name=self.file_name, data=data,
                     declared_type=getattr(upload, "content_type", "") or "")
        self.data_bytes = data
        return upload


class ErasureRequestForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why must the data be erased?"), choices=ErasureReason.choices,
        widget=forms.RadioSelect,
    )
    understood = forms.BooleanField(
        label=_("I understand that erasure cannot be undone once it is confirmed."),
        error_messages={"required": _("Confirm that you understand the erasure is final.")},
    )


class ConfirmErasureForm(forms.Form):
    code = forms.CharField(
        label=_("Type the client code to confirm"), max_length=20,
        help_text=_("This protects against erasing the wrong person."),
        error_messages={"required": _("Type the client code")},
    )

    def __init__(self, *args, client, **kwargs):
        super().__init__(*args, **kwargs)
        self.client = client

    def clean_code(self):
        value = self.cleaned_data["code"].strip().upper()
        if value != self.client.code.upper():
            raise forms.ValidationError(_("The code does not match this client's code."))
        return value
