"""Erasure reaches every app (issue 7, item 3).

The walk is generic: every concrete model that reaches ``clients.Client`` through foreign
keys (``privacy.erasure.models_reaching_client``, which introspects ``apps.get_models()``)
is checked, so a model a new app adds is covered without editing this file. After an
erasure, a model's rows about the client are gone unless the app declared them kept
(``register_kept``, with the reason shown in docs/architecture.md), and every sealed
column of every remaining row is empty.
"""

import datetime as dt

from django.utils import timezone

from reintegra.clients.models import Client
from reintegra.core.testing import make_client
from reintegra.plans import services as plans
from reintegra.plans.services import Rating
from reintegra.plans.tests.factories import make_assessment, make_goal, make_plan
from reintegra.privacy import erasure, services
from reintegra.programme import services as programme
from reintegra.programme.tests.factories import make_activity, make_offering, make_venue
from reintegra.vault.models import DataKey
from reintegra.vault.sealed import SealedModel

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def sealed_columns(model) -> list[str]:
    if not issubclass(model, SealedModel):
        return []
    return [f"{name}_sealed" for name in model.SEALED_FIELDS]


def app_fillers():
    """``fill(people, client)`` of every app that has ``tests/erasure_data.py``: an app
    added later brings its own, and the walk below fails until it does."""
    import importlib
    import importlib.util

    from django.apps import apps

    found = []
    for config in apps.get_app_configs():
        name = f"{config.name}.tests.erasure_data"
        if config.name.startswith("reintegra.") and importlib.util.find_spec(
                f"{config.name}.tests") and importlib.util.find_spec(name):
            found.append(importlib.import_module(name).fill)
    return found


# Rows that only an erasure itself or its request makes: no filler can write them first.
MADE_BY_ERASURE = {"privacy.erasurerequest", "privacy.erasurerecord"}


def fill_every_app(people, client):
    """Data of the client in every app, written through the apps' services."""
    for fill in app_fillers():
        fill(people, client)
    assessment = make_assessment(people.bob, client, ratings={"work": Rating(2, "Boi się szefa")},
                                 languages=["pol"], summary="Mieszka u siostry",
                                 considerations="Nie lubi tłumów")
    plan = make_plan(people.bob, client, action_plan="Kurs i staż u pana Nowaka")
    goal = make_goal(people.bob, plan, description="Praca w piekarni na Woli")
    plans.review_goal(actor=people.bob, goal=goal, reviewed_on=dt.date(2026, 5, 1),
                      status=_a_goal_status(), note="Rozmowa z córką pomogła")
    plans.record_challenge(actor=people.bob, plan=plan, code=_a_challenge_code(),
                           noted_on=dt.date(2026, 5, 2), goal=goal, note="Brak opieki")
    course = make_offering(people.alice, trainer=people.tina)
    session = course.sessions.filter(date__lt=timezone.localdate()).first()
    programme.enrol_client(actor=people.bob, client=client, offering=course,
                           acknowledge_warnings=True, today=course.start_date)
    programme.mark_attendance(actor=people.tina, session=session, marks={client.pk: "present"})
    other = make_offering(people.alice, trainer=people.tina, weekdays=("1",),
                          start_time=dt.time(9), end_time=dt.time(10),
                          venue=make_venue(people.org, "Room 7"),
                          activity=make_activity(people.org, name_en="Cooking",
                                                 name_pl="Gotowanie"))
    enrolment = programme.enrol_client(actor=people.bob, client=client, offering=other,
                                       acknowledge_warnings=True)
    programme.withdraw_client(actor=people.bob, enrolment=enrolment, reason="work",
                              note="Wyjechała do brata")
    programme.create_client_feed(actor=people.bob, client=client, client_agreed=True)
    services.record_consent(actor=people.bob, client=client, purpose="statistics",
                            given_on=dt.date(2024, 2, 5), language="ukr",
                            explained_by=people.bob, items_explained=["purpose"])
    services.upload_attachment(actor=people.bob, client=client, name="skan.pdf", data=PDF)
    return assessment


def _a_challenge_code():
    from reintegra.plans import choices

    return choices.ChallengeCode.values[0]


def _a_goal_status():
    from reintegra.plans import choices

    return choices.GoalStatus.values[-1]


def rows_of(model, lookup, client):
    return model.objects.filter(**{lookup: client})


def test_every_model_that_reaches_a_client_says_what_erasure_does_with_it():
    """An app that stores client data and registers nothing fails here, by model name."""
    silent = [
        model._meta.label for model, _ in erasure.models_reaching_client()
        if model._meta.label_lower not in erasure.kept_models
        and model._meta.label_lower not in erasure.erased_models
    ]
    assert silent == [], (
        "these models hold client data but erasure does not know them: register an eraser "
        "(privacy.erasure.register_eraser(fn, models=...)) or declare them kept "
        f"(register_kept(label, why)) in the app's AppConfig.ready: {silent}"
    )


def test_indirectly_related_sealed_models_are_found():
    found = {m._meta.label_lower: lookup for m, lookup in erasure.sealed_models_with_client_fk()}
    assert found["plans.goalreview"] == "goal__plan__client"
    assert found["plans.goal"] == "plan__client"
    assert found["plans.domainrating"] == "assessment__client"


def test_nothing_of_an_erased_client_remains_in_any_app(people, team_client, media_root):
    bystander = make_client(people.alice, team=[people.bob], owner=people.bob)
    fill_every_app(people, team_client)
    reaching = erasure.models_reaching_client()
    before = {m._meta.label_lower: rows_of(m, lookup, team_client).count()
              for m, lookup in reaching}
    unfilled = sorted(label for label, n in before.items()
                      if not n and label not in MADE_BY_ERASURE)
    assert unfilled == [], (
        "the walk proves nothing for models without rows: write them in the app's "
        f"tests/erasure_data.py (fill(people, client)): {unfilled}")
    key_id = team_client.key_id

    services.erase_client(actor=people.dora, client=team_client, confirmed_by=people.alice)

    problems = []
    for model, lookup in reaching:
        label = model._meta.label_lower
        rows = rows_of(model, lookup, team_client)
        if label not in erasure.kept_models and rows.exists():
            problems.append(f"{model._meta.label}: {rows.count()} row(s) remain, not declared kept")
        for column in sealed_columns(model):
            left = rows.exclude(**{column: ""}).count()
            if left:
                problems.append(f"{model._meta.label}.{column}: {left} row(s) keep ciphertext")
    erased = Client.objects.get(pk=team_client.pk)
    problems += [f"clients.Client.{c}" for c in sealed_columns(Client) if getattr(erased, c)]
    key_left = DataKey.objects.using("keystore").filter(key_id=key_id).exists()
    if erased.key_id is not None or key_left:
        problems.append("the client's data key survived")
    assert problems == [], "\n".join(problems)
    # The bystander's data is untouched.
    assert Client.objects.get(pk=bystander.pk).key_id is not None


def test_the_client_calendar_feed_stops_with_the_erasure(client, people, team_client):
    token = programme.create_client_feed(actor=people.bob, client=team_client,
                                         client_agreed=True).token
    services.erase_client(actor=people.dora, client=team_client, confirmed_by=people.alice)
    from django.urls import reverse

    assert client.get(reverse("programme:feed", args=[token])).status_code == 404


def test_every_sealed_model_is_reached_by_erasure():
    """A sealed model that no foreign-key path leads to a client from (it keeps the client
    as a bare id, say) must be cleared by a registered eraser."""
    from django.apps import apps

    reached = {m for m, _ in erasure.sealed_models_with_client_fk()}
    lost = [m._meta.label for m in apps.get_models()
            if issubclass(m, SealedModel) and m.SEALED_FIELDS and m is not Client
            and m not in reached and m._meta.label_lower not in erasure.erased_models]
    assert lost == [], f"sealed models erasure cannot find: {lost}"
