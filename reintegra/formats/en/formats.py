# English as written in Britain: 30 Nov 2026, "Mon 30 Nov 2026", 24-hour times.
# Django's own "en" module is American ("Nov. 30, 2026", "11/30/2026", "2:05 p.m."): not used.
DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y H:i"
SHORT_DATETIME_FORMAT = "j M Y H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 1  # Monday

# The date widget writes the first; "30 Nov 2026" (what pages show) and ISO are accepted.
DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # 30/11/2026
    "%d %b %Y",  # 30 Nov 2026
    "%d %B %Y",  # 30 November 2026
    "%d.%m.%Y",  # 30.11.2026
    "%d-%m-%Y",  # 30-11-2026
    "%d %m %Y",  # 30 11 2026
]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
]

# Not Django settings: read by reintegra.core.dates.
WEEKDAY_ABBREVIATIONS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                 "Sunday")
DATE_HINT_EXAMPLE = "30/11/2026"
