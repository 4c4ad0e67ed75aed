"""Small factories for plans tests: writes go through the services, as the app does."""

import datetime as dt

from django.utils import timezone

from reintegra.plans import services
from reintegra.plans.services import AssessmentData, Language, Rating
from reintegra.programme.models import Activity, Offering


def make_assessment(actor, client, *, on=dt.date(2026, 4, 1), ratings=None, languages=None,
                    **extra):
    data = AssessmentData(
        assessed_on=on,
        ratings={d: (r if isinstance(r, Rating) else Rating(r)) for d, r in
                 (ratings or {}).items()},
        languages=[Language(code, speaks=True) for code in (languages or [])],
        **extra,
    )
    return services.record_assessment(actor=actor, client=client, data=data)


def make_plan(actor, client, **extra):
    fields = {"plan_type": "Livelihood", "start_date": dt.date(2026, 4, 2),
              "objectives": "Find a stable job.", **extra}
    return services.create_plan(actor=actor, client=client, **fields)


def make_goal(actor, plan, *, domain="work", description="Get a job", activities=()):
    return services.add_goal(actor=actor, plan=plan, domain=domain, description=description,
                             activities=activities)


def make_activity(organisation, **extra):
    fields = {"name_pl": "Budżet domowy", "name_en": "Budget planning", "kind": "workshop",
              "domains": ["money"], "languages": "pol", **extra}
    return Activity.objects.create(organisation=organisation, **fields)


def make_offering(activity, **extra):
    today = timezone.localdate()
    fields = {"start_date": today + dt.timedelta(days=3),
              "end_date": today + dt.timedelta(days=60),
              "weekdays": ["2"], "start_time": dt.time(17, 30), "end_time": dt.time(19, 0),
              "capacity": 10, **extra}
    return Offering.objects.create(activity=activity, organisation=activity.organisation,
                                   **fields)
