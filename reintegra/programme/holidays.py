"""Polish public holidays (dni ustawowo wolne od pracy), computed for any year.

Source: Ustawa z dnia 18 stycznia 1951 r. o dniach wolnych od pracy, art. 1 pkt 1
(consolidated text at https://isap.sejm.gov.pl, WDU19510040028), as amended:
- 6 January (Epiphany) since 2011: Dz.U. 2010 nr 224 poz. 1459;
- 24 December (Christmas Eve) since 2025: Dz.U. 2024 poz. 1965.
Movable feasts follow Western Easter (Easter Sunday and Monday, Pentecost Sunday = Easter
+ 49 days, Corpus Christi = Easter + 60 days). Sundays are days off anyway and listed only
where the statute names them. Checked against the statute text on 2026-11-28; a change
in the law means a change here.
"""

import datetime as dt
from functools import cache

FIXED = [
    ((1, 1), None), ((1, 6), 2011), ((5, 1), None), ((5, 3), None), ((8, 15), None),
    ((11, 1), None), ((11, 11), None), ((12, 24), 2025), ((12, 25), None), ((12, 26), None),
]
EASTER_OFFSETS = (0, 1, 49, 60)


def easter_sunday(year: int) -> dt.date:
    """Western Easter by the anonymous Gregorian algorithm (Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


@cache
def public_holidays(year: int) -> frozenset[dt.date]:
    days = {dt.date(year, month, day) for (month, day), since in FIXED
            if since is None or year >= since}
    easter = easter_sunday(year)
    days.update(easter + dt.timedelta(days=offset) for offset in EASTER_OFFSETS)
    return frozenset(days)


def is_public_holiday(day: dt.date) -> bool:
    return day in public_holidays(day.year)
