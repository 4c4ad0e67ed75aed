"""The days of the week: one enum for the whole project.

Values are ISO weekday numbers as text ("1" is Monday, as ``date.isoweekday()`` gives):
what programme stores in ``Offering.weekdays``. ``code`` is the short English name that
plans' availability slots store ("mon" in "mon_morning"). Labels are translated once here.
"""

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

_CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SHORT = (_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun"))


class Weekday(models.TextChoices):
    MONDAY = "1", _("Monday")
    TUESDAY = "2", _("Tuesday")
    WEDNESDAY = "3", _("Wednesday")
    THURSDAY = "4", _("Thursday")
    FRIDAY = "5", _("Friday")
    SATURDAY = "6", _("Saturday")
    SUNDAY = "7", _("Sunday")

    @property
    def code(self) -> str:
        return _CODES[int(self.value) - 1]

    @property
    def short_label(self):
        return _SHORT[int(self.value) - 1]

    @classmethod
    def of(cls, day: dt.date) -> "Weekday":
        return cls(str(day.isoweekday()))
