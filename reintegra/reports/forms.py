from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reintegra.core.bounds import PlausibleDates
from reintegra.core.forms import DateInput

from .models import Audience, Format


class ReportForm(PlausibleDates, forms.Form):
    audience = forms.ChoiceField(label=_("Who is it for?"), choices=Audience.choices,
                                 initial=Audience.PUBLIC, widget=forms.RadioSelect)
    format = forms.ChoiceField(label=_("File format"), choices=Format.choices,
                               initial=Format.PDF, widget=forms.RadioSelect)
    language = forms.ChoiceField(label=_("Language of the report"),
                                 choices=[("pl", "polski"), ("en", "English")], initial="pl",
                                 widget=forms.RadioSelect)
    start = forms.DateField(label=_("First day of the period"), widget=DateInput())
    end = forms.DateField(label=_("Last day of the period"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["start"].initial = today.replace(month=1, day=1)
        self.fields["end"].initial = today

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("The last day must be on or after the first day."))
        return data
