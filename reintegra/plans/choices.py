"""Coded values of needs assessments and support plans.

The need scale is the programme's own working scale, NOT a validated instrument: it helps a
team agree on priorities and see change over time; it measures nothing clinically.
Support-plan types are HTCDS 2.0 ``spl_Type`` value names (IOM, CC BY 4.0;
reintegra/clients/reference/htcds-2.0-fields.csv); the labels are ours, translated.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from reintegra.core.weekdays import Weekday

NEED_MIN, NEED_MAX = 1, 5


class NeedRating(models.IntegerChoices):
    """How much support a person needs in one life domain (programme's own scale)."""

    NONE = 1, _("1: no need: the person manages on their own")
    LOW = 2, _("2: low need: occasional information or advice is enough")
    MODERATE = 3, _("3: moderate need: regular support helps the person make progress")
    HIGH = 4, _("4: high need: the situation limits daily life; intensive support needed")
    URGENT = 5, _("5: urgent need: a crisis or immediate risk; act now")


# The words next to each radio; NeedRating's labels, in full, are shown once as the key.
NEED_RATING_SHORT = [
    (NeedRating.NONE, _("1 no need")), (NeedRating.LOW, _("2 low")),
    (NeedRating.MODERATE, _("3 moderate")), (NeedRating.HIGH, _("4 high")),
    (NeedRating.URGENT, _("5 urgent")),
]

NEED_SCALE_NOTE = _(
    "This 1 to 5 scale is the programme's own working scale for agreeing priorities. "
    "It is not a validated instrument and is not a clinical measure."
)


# The weekday part of an availability slot ("mon" in "mon_morning"): the one Weekday enum
# (reintegra/core/weekdays.py) by its codes, Monday first; derived, not defined again.
DayCode = models.TextChoices("DayCode", [(day.name, (day.code, day.label)) for day in Weekday])
DAY_CODES = tuple(DayCode.values)
WEEKDAY_BY_NUMBER = list(DayCode)  # date.weekday(): Monday is 0


class DayPart(models.TextChoices):
    """Parts of the day; the hour bounds are the programme's convention (see HOURS)."""

    MORNING = "morning", _("morning")
    AFTERNOON = "afternoon", _("afternoon")
    EVENING = "evening", _("evening")


# Start hour (inclusive) and end hour (exclusive) of each part of the day.
DAY_PART_HOURS = {DayPart.MORNING: (0, 12), DayPart.AFTERNOON: (12, 17),
                  DayPart.EVENING: (17, 24)}

# Plural phrases for reasons such as "free on Tuesday evenings".
SLOT_PHRASES = {
    ("mon", DayPart.MORNING): _("Monday mornings"),
    ("mon", DayPart.AFTERNOON): _("Monday afternoons"),
    ("mon", DayPart.EVENING): _("Monday evenings"),
    ("tue", DayPart.MORNING): _("Tuesday mornings"),
    ("tue", DayPart.AFTERNOON): _("Tuesday afternoons"),
    ("tue", DayPart.EVENING): _("Tuesday evenings"),
    ("wed", DayPart.MORNING): _("Wednesday mornings"),
    ("wed", DayPart.AFTERNOON): _("Wednesday afternoons"),
    ("wed", DayPart.EVENING): _("Wednesday evenings"),
    ("thu", DayPart.MORNING): _("Thursday mornings"),
    ("thu", DayPart.AFTERNOON): _("Thursday afternoons"),
    ("thu", DayPart.EVENING): _("Thursday evenings"),
    ("fri", DayPart.MORNING): _("Friday mornings"),
    ("fri", DayPart.AFTERNOON): _("Friday afternoons"),
    ("fri", DayPart.EVENING): _("Friday evenings"),
    ("sat", DayPart.MORNING): _("Saturday mornings"),
    ("sat", DayPart.AFTERNOON): _("Saturday afternoons"),
    ("sat", DayPart.EVENING): _("Saturday evenings"),
    ("sun", DayPart.MORNING): _("Sunday mornings"),
    ("sun", DayPart.AFTERNOON): _("Sunday afternoons"),
    ("sun", DayPart.EVENING): _("Sunday evenings"),
}


def slot_code(weekday: str, part: str) -> str:
    return f"{weekday}_{part}"


def parse_slot(code: str) -> tuple[str, str]:
    weekday, part = code.split("_", 1)
    return weekday, part


AVAILABILITY_CHOICES = [
    (slot_code(day, part), SLOT_PHRASES[(day, part)]) for day in DAY_CODES for part in DayPart
]


class Interest(models.TextChoices):
    LANGUAGES = "languages", _("Learning languages")
    COMPUTERS = "computers", _("Computers and the internet")
    CRAFTS = "crafts", _("Crafts, sewing, handiwork")
    COOKING = "cooking", _("Cooking")
    BEAUTY = "beauty", _("Hairdressing and beauty")
    CARE = "care", _("Caring for children or older people")
    SPORT = "sport", _("Sport, self-defence, movement")
    ARTS = "arts", _("Art, music, theatre")
    BUSINESS = "business", _("Running a small business")
    DRIVING = "driving", _("Driving licence")
    OTHER = "other", _("Something else (write it in the note)")


class CulturalPreference(models.TextChoices):
    WOMEN_ONLY = "women_only", _("Women-only groups")
    FEMALE_TRAINER = "female_trainer", _("A female trainer or worker")
    PRAYER_TIMES = "prayer_times", _("No sessions at prayer times or on religious holidays")
    DIETARY = "dietary", _("Dietary rules when food is served")
    NO_PHOTOS = "no_photos", _("No photographs or recordings")


class TraumaPreference(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual rather than group work")
    SMALL_GROUP = "small_group", _("Small groups only")
    FEMALE_TRAINER = "female_trainer", _("A female trainer or worker")
    KNOW_IN_ADVANCE = "know_in_advance", _("To know in advance what will happen")
    FREE_TO_LEAVE = "free_to_leave", _("To be able to leave the room at any time")
    NO_STORY = "no_story", _("Not to be asked about what happened")


class PlanType(models.TextChoices):  # HTCDS spl_Type
    EDUCATION = "Education", _("Education")
    FINANCIAL = "Financial", _("Financial")
    HEALTH = "Health", _("Health")
    LABOUR_REHAB = "LabourExploitationRehabilitation", _(
        "Rehabilitation after labour exploitation"
    )
    LEGAL = "Legal", _("Legal")
    LIVELIHOOD = "Livelihood", _("Livelihood")
    RIGHTS_TRAINING = "RightsBasedTraining", _("Rights-based training")
    SEXUAL_REHAB = "SexualExploitationRehabilitation", _(
        "Rehabilitation after sexual exploitation"
    )
    SOCIAL_CARE = "SocialCare", _("Social care")


class GoalStatus(models.TextChoices):
    ON_TRACK = "on_track", pgettext_lazy("goal status", "On track")
    DELAYED = "delayed", pgettext_lazy("goal status", "Delayed")
    ACHIEVED = "achieved", pgettext_lazy("goal status", "Achieved")
    DROPPED = "dropped", pgettext_lazy("goal status", "Dropped")


OPEN_GOAL_STATUSES = ("", GoalStatus.ON_TRACK, GoalStatus.DELAYED)


class ChallengeCode(models.TextChoices):
    """Obstacles met during the programme, counted in the analytical report."""

    LANGUAGE_BARRIER = "language_barrier", _("Language barrier")
    HOUSING = "housing_instability", _("Housing instability")
    HEALTH = "health", _("Health problems")
    CHILDCARE = "childcare", _("No childcare")
    LEGAL_DELAY = "legal_delay", _("Delay in legal or administrative proceedings")
    DOCUMENTS = "documents", _("Missing identity documents")
    WORK_HOURS = "work_hours", _("Working hours clash with activities")
    TRAUMA = "trauma_symptoms", _("Trauma symptoms")
    TRANSPORT = "transport", _("Transport or travel costs")
    MONEY = "money", _("Lack of money")
    SAFETY = "safety", _("Threats or contact from the traffickers")
    DIGITAL = "digital", _("No device or internet access")
    DISCRIMINATION = "discrimination", _("Discrimination")
    MOVED_AWAY = "moved_away", _("Moved away")
    LOST_CONTACT = "lost_contact", _("Lost contact")
    OTHER = "other", _("Other (described in the note)")
