"""Date arithmetic for legal periods.

Civil Code (Kodeks cywilny, Dz.U. 1964 nr 16 poz. 93, consolidated text), art. 112: a
period given in months or years ends at the end of the day that by its number corresponds
to the first day of the period, and if there is no such day in the last month, on the last
day of that month. So 30 November + 3 months = 28 February (29 February in a leap year),
31 January + 1 month = 28 (29) February, 29 February + 12 months = 28 February.
Whether art. 112 governs the validity of the art. 170 certificate has not been confirmed
against a commentary or a ruling (marked "(check)" in docs/legal.md).
A period in days (art. 111) ends with the last of the days counted, the first day (the
event) not counted: 1 March + 30 days = 31 March.
"""

import calendar
from datetime import date, timedelta


def add_months(start: date, months: int) -> date:
    """``start`` + ``months`` under Civil Code art. 112 (months >= 0)."""
    if months < 0:
        raise ValueError("a legal period is never negative")
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last_day))


def add_period(start: date, *, months: int = 0, days: int = 0) -> date:
    """Months first (art. 112), then days (art. 111)."""
    if days < 0:
        raise ValueError("a legal period is never negative")
    return add_months(start, months) + timedelta(days=days)
