"""Programme test factories: they go through the services, as the app does."""

import datetime as dt

from django.utils import timezone

from reintegra.programme import services
from reintegra.programme.models import Activity, Venue


def make_activity(organisation, **fields) -> Activity:
    values = {"name_pl": "Język polski A1", "name_en": "Polish A1", "kind": "course",
              "domains": ["language"], "languages": "pol", "capacity": 12,
              "duration_hours": 36}
    values.update(fields)
    return Activity.objects.create(organisation=organisation, **values)


def make_venue(organisation, name="Room 2") -> Venue:
    return Venue.objects.get_or_create(organisation=organisation, name=name)[0]


def make_offering(actor, *, activity=None, trainer=None, venue=None, start=None, weeks=4,
                  weekdays=("2", "4"), start_time=dt.time(17), end_time=dt.time(18, 30),
                  **fields):
    """An offering planned through the service; by default it started two weeks ago."""
    organisation = actor.organisation
    start = start or timezone.localdate() - dt.timedelta(days=14)
    values = {
        "activity": activity or make_activity(organisation),
        "trainer": trainer, "venue": venue if venue is not None else make_venue(organisation),
        "start_date": start, "end_date": start + dt.timedelta(weeks=weeks, days=-1),
        "weekdays": list(weekdays), "start_time": start_time, "end_time": end_time,
        "skip_public_holidays": False,
    }
    values.update(fields)
    return services.create_offering(actor=actor, fields=values)
