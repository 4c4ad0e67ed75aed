from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reintegra.core.bounds import PlausibleDates
from reintegra.core.forms import DateInput

from .models import ContactKind, NoteSection


class NoteForm(PlausibleDates, forms.Form):
    section = forms.ChoiceField(label=_("Section"), choices=NoteSection.choices,
                                help_text=_("Who may read the note: case work (the case "
                                            "team), legal (the legal advisor and the "
                                            "coordinator), psychological (the psychologist)."))
    kind = forms.ChoiceField(label=_("Kind of contact"), choices=ContactKind.choices)
    contact_on = forms.DateField(label=_("Date"), widget=DateInput())
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 6}),
                           max_length=10000)

    def __init__(self, *args, sections, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["section"]
        else:
            self.fields["section"].choices = [
                c for c in NoteSection.choices if c[0] in sections]
            if len(sections) == 1:
                self.fields["section"].initial = sections[0]
        self.fields["contact_on"].initial = timezone.localdate()

    def clean_contact_on(self):
        day = self.cleaned_data["contact_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day


class TaskForm(PlausibleDates, forms.Form):
    what = forms.CharField(label=_("What is to be done"), max_length=500,
                           widget=forms.Textarea(attrs={"rows": 2}))
    due_on = forms.DateField(label=_("Due date"), widget=DateInput())
    assignee = forms.ModelChoiceField(label=_("Who does it"), queryset=None,
                                      help_text=_("Somebody on the client's case team."))

    def __init__(self, *args, assignable, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignable
        self.fields["assignee"].label_from_instance = lambda u: u.display_name
