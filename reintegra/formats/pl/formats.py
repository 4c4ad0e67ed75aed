# Polish: 30.11.2026, "pon. 30.11.2026", 24-hour times (docs/domain.md section 7).
# Django's own Polish module writes "30 listopada 2026" and "30-11-2026": not used.
DATE_FORMAT = "d.m.Y"
SHORT_DATE_FORMAT = "d.m.Y"
DATETIME_FORMAT = "d.m.Y H:i"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "d.m"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 1  # Monday

# What a date field accepts: the shown format first (the widget writes it), then what
# people also type. ISO (2026-11-30) is added by Django for every language.
DATE_INPUT_FORMATS = [
    "%d.%m.%Y",  # 30.11.2026
    "%d-%m-%Y",  # 30-11-2026
    "%d/%m/%Y",  # 30/11/2026
    "%d %m %Y",  # 30 11 2026
]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
]

# Not Django settings: read by reintegra.core.dates. Polish abbreviations of the days
# (Rada Języka Polskiego: pon., wt., śr., czw., pt., sob., niedz.), lower case.
WEEKDAY_ABBREVIATIONS = ("pon.", "wt.", "śr.", "czw.", "pt.", "sob.", "niedz.")
WEEKDAY_NAMES = ("poniedziałek", "wtorek", "środa", "czwartek", "piątek", "sobota",
                 "niedziela")
DATE_HINT_EXAMPLE = "30.11.2026"
