from django import forms
from django.utils.translation import gettext_lazy as _


class ExportForm(forms.Form):
    format = forms.ChoiceField(label=_("File format"), choices=[("csv", "CSV"), ("json", "JSON")],
                               initial="csv", widget=forms.RadioSelect)
    identity = forms.BooleanField(
        label=_("Include identity fields (names, birth date, contacts)"), required=False,
        help_text=_("Each client whose identity leaves is recorded in the audit trail."))

    def __init__(self, *args, may_see_identity: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_see_identity:
            del self.fields["identity"]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("HTCDS Excel template (.xlsx)"), required=False)
    digest = forms.CharField(widget=forms.HiddenInput, required=False)
