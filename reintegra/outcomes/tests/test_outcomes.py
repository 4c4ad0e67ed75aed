"""Instruments, scoring, erasure, who sees what, the commands and the report hook."""

import copy
import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation

from reintegra.audit.models import AuditEvent
from reintegra.core.dates import show_date
from reintegra.core.testing import make_client
from reintegra.outcomes import definitions, selectors, services
from reintegra.outcomes.models import Administration, AnswerSet, Instrument, SelfCompletionLink
from reintegra.privacy import services as privacy
from reintegra.privacy.models import ChecklistItem, ConsentPurpose

SECURITY = definitions.SHIPPED_DIR / "security.json"


def security_data():
    return json.loads(SECURITY.read_text(encoding="utf-8"))


@pytest.fixture
def instruments(db):
    return {i.code: i for i in services.import_shipped_instruments()}


def answer(actor, client, instrument, values, on, timepoint="baseline"):
    adm = services.add_administration(actor=actor, client=client, instrument=instrument,
                                      timepoint=timepoint, due_on=on)
    ids = [str(i["id"]) for i in instrument.definition["items"]]
    return services.record_answers(actor=actor, administration=adm, language="pl",
                                   answers=dict(zip(ids, values, strict=True)),
                                   completed_on=on)


# --- Files -----------------------------------------------------------------------------


def test_every_shipped_file_is_valid_and_no_licensed_text_ships():
    files = {p.name for p in definitions.shipped_files()}
    assert files == {"rses.json", "gse.json", "who5.json", "security.json", "social.json",
                     "rights_quiz.json"}
    for path in definitions.shipped_files():
        data = definitions.load_file(path)
        # The published scales: no Polish item text (the RSES adaptation and the GSES are
        # licensed); the project's own GSE translations are marked unvalidated.
        if data["code"] in {"RSES", "GSE", "WHO-5"}:
            assert data["languages"]["en"]["validated"]
            assert all("pl" not in i["text"] for i in data["items"])
            for lang, about in data["languages"].items():
                if lang != "en":
                    assert not about["validated"]
                    assert "unvalidated translation" in about["note"]
        else:
            assert set(data["languages"]) == {"pl", "en", "uk", "ru"}
            assert not any(v["validated"] for v in data["languages"].values())
    gse = definitions.load_file(definitions.SHIPPED_DIR / "gse.json")
    assert set(gse["languages"]) == {"en", "uk", "ru"}
    rses = definitions.load_file(definitions.SHIPPED_DIR / "rses.json")
    assert set(rses["languages"]) == {"en"}
    assert [i["id"] for i in rses["items"] if i["reverse"]] == ["2", "5", "6", "8", "9"]


@pytest.mark.parametrize("break_it, words", [
    (lambda d: d["items"].append({"id": "7", "reverse": True}), "item 7"),
    (lambda d: d["items"][0].pop("reverse"), "'reverse'"),
    (lambda d: d.update(options=[{"value": "a", "label": {"en": "x"}},
                                 {"value": "b", "label": {"en": "y"}}]), "numeric"),
    (lambda d: d["scoring"].update(method="correct"), "quiz scoring"),
    (lambda d: d["languages"]["uk"].update(validated=True), "cited source"),
    (lambda d: d["scoring"].update(subscales={"s": {"items": ["1", "99"]}}), "99"),
    (lambda d: d["items"][2]["text"].pop("ru"), "no text in ru"),
])
def test_a_broken_file_is_refused_and_nothing_is_imported(tmp_path, db, break_it, words):
    data = security_data()
    break_it(data)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    good = tmp_path / "good.json"
    good.write_text(json.dumps(json.loads(SECURITY.read_text())), encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("import_instrument", str(good), str(bad))
    assert words in str(caught.value)
    assert not Instrument.objects.exists()  # not even the good file before it


def test_a_changed_instrument_is_a_new_version_and_old_answers_keep_theirs(people, instruments):
    client = make_client(people.alice, team=[people.bob])
    old = instruments["SECURITY"]
    first = answer(people.bob, client, old, [5, 5, 1, 5, 5, 1], dt.date(2026, 1, 5))
    changed = security_data()
    changed["items"][0]["reverse"] = True
    with pytest.raises(services.InstrumentConflict):
        services.import_instrument(data=changed)  # same version number, other content
    changed["version"] = 2
    new, created = services.import_instrument(data=changed)
    assert created and services.import_instrument(data=changed) == (new, False)
    first.refresh_from_db()
    assert first.instrument == old and first.score == 30.0
    later = answer(people.bob, client, new, [5, 5, 1, 5, 5, 1], dt.date(2026, 2, 5))
    assert later.score == 26.0  # item 1 now reversed: 1 instead of 5


# --- Scoring ---------------------------------------------------------------------------


def test_scoring_reverse_prorating_and_not_valid(people, instruments):
    client = make_client(people.alice, team=[people.bob])
    rses = instruments["RSES"]
    all_agree = answer(people.bob, client, rses, [3] * 10, dt.date(2026, 1, 1))
    assert all_agree.score == 15.0  # 5 x 3 + 5 reversed x 0
    # two items skipped: prorated 8 answered -> sum * 10 / 8
    skipped = answer(people.bob, client, rses, [3, 0, 3, 3, 0, 0, 3, 0, None, None],
                     dt.date(2026, 2, 1))
    assert skipped.valid and skipped.score == pytest.approx((12 + 12) * 10 / 8)
    too_few = answer(people.bob, client, rses, [3, 0, 3, None, None, None, 3, 0, 0, 3],
                     dt.date(2026, 3, 1))
    assert not too_few.valid and too_few.score is None and too_few.answered == 7
    who5 = answer(people.bob, client, instruments["WHO-5"], [5, 4, 3, 2, 1],
                  dt.date(2026, 3, 1))
    assert who5.score == 60.0  # raw 15 x 4
    quiz = answer(people.bob, client, instruments["RIGHTS"], [0, 1, 0, 2, 1],
                  dt.date(2026, 3, 1))
    assert quiz.score == 3.0  # items 1-3 right, "don't know" and a wrong answer: 0


def test_an_answer_out_of_range_and_a_second_submission_are_refused(people, instruments):
    client = make_client(people.alice, team=[people.bob])
    adm = services.add_administration(actor=people.bob, client=client,
                                      instrument=instruments["SECURITY"])
    with pytest.raises(services.ValidationError):
        services.clean_answers(adm.instrument, {"1": "9"})
    answers = services.clean_answers(adm.instrument, {"1": "5", "2": "4"})
    assert answers["1"] == 5 and answers["3"] is None
    services.record_answers(actor=people.bob, administration=adm, answers=answers,
                            language="pl")
    with pytest.raises(services.AlreadyCompleted):
        services.record_answers(actor=people.bob, administration=adm, answers=answers,
                                language="pl")
    assert AnswerSet.objects.filter(administration=adm).count() == 1


def test_answers_are_sealed_and_erasure_removes_scores(people, instruments):
    client = make_client(people.alice, team=[people.bob])
    done = answer(people.bob, client, instruments["SECURITY"], [5, 5, 1, 5, 5, 1],
                  dt.date(2026, 1, 5))
    stored = AnswerSet.objects.get(administration=done)
    assert stored.answers_sealed.startswith("rv1.") and "5" not in stored.answers_sealed[:4]
    services.start_self_completion(actor=people.bob, client=client,
                                   instruments=[instruments["WHO-5"]], language="en")
    privacy.erase_client(actor=people.dora, client=client, confirmed_by=people.alice)
    assert not Administration.objects.filter(client=client).exists()
    assert not AnswerSet.objects.filter(client=client).exists()
    assert not SelfCompletionLink.objects.filter(client=client).exists()


# --- Who sees what ---------------------------------------------------------------------


def test_the_client_page_shows_scores_to_the_team_and_nothing_to_trainers_or_dpo(
        client, people, instruments):
    patient = make_client(people.alice, team=[people.bob, people.lena, people.piotr])
    answer(people.bob, patient, instruments["SECURITY"], [2, 2, 4, 2, 2, 4],
           dt.date(2026, 1, 5))
    answer(people.bob, patient, instruments["SECURITY"], [5, 5, 1, 5, 5, None],
           dt.date(2026, 3, 5), timepoint="exit")
    url = reverse("clients:detail", args=[patient.pk])
    for name in ("alice", "bob", "lena", "piotr"):
        client.force_login(getattr(people, name))
        page = client.get(url).content.decode()
        assert 'id="outcomes"' in page and "<svg" in page and "30" in page, name
        assert "Narzędzie niewalidowane" in page  # the project's scale says so
    for name in ("dora",):
        client.force_login(getattr(people, name))
        page = client.get(url).content.decode()
        assert 'id="outcomes"' not in page and "<svg" not in page
    assert selectors.client_outcomes(actor=people.tina, client=patient) is None
    assert selectors.client_outcomes(actor=people.charlie, client=patient) is None
    assert selectors.client_outcomes(actor=people.oscar, client=patient) is None


def test_item_answers_for_the_psychologist_and_coordinator_only_and_audited(people,
                                                                            instruments):
    patient = make_client(people.alice, team=[people.bob, people.lena, people.piotr])
    done = answer(people.bob, patient, instruments["SECURITY"], [2, None, 4, 2, 2, 4],
                  dt.date(2026, 1, 5))
    for person in (people.piotr, people.alice):
        rows = selectors.administration_answers(actor=person, administration=done)
        assert rows[0].answer == "Raczej się nie zgadzam" and rows[1].answer == ""
    for person in (people.bob, people.lena, people.tina, people.dora, people.charlie,
                   people.oscar):
        assert selectors.administration_answers(actor=person, administration=done) is None
    assert AuditEvent.objects.filter(actor=people.piotr, action="view",
                                     client_id=patient.pk).exists()


def test_due_questionnaires_for_the_team_only(people, instruments):
    patient = make_client(people.alice, team=[people.bob])
    services.schedule(actor=people.bob, client=patient, instruments=[instruments["WHO-5"]],
                      start=dt.date(2026, 1, 1))
    due = selectors.due_questionnaires(actor=people.bob, start=dt.date(2026, 1, 1),
                                       end=dt.date(2026, 4, 30))
    assert [(d.due_on, d.client_code) for d in due] == [
        (dt.date(2026, 1, 1), patient.code), (dt.date(2026, 4, 1), patient.code)]
    for person in (people.charlie, people.tina, people.dora, people.oscar):
        assert selectors.due_questionnaires(actor=person, start=dt.date(2026, 1, 1),
                                            end=dt.date(2026, 12, 31)) == []


# --- Statistics from the database -----------------------------------------------------


def consent(actor, client):
    privacy.record_consent(actor=actor, client=client, purpose=ConsentPurpose.STATISTICS,
                           given_on=client.intake_date, language="pol", explained_by=actor,
                           items_explained=ChecklistItem.values)


def test_cohort_figures_and_pairs_count_consenting_clients_only(people, instruments):
    security = instruments["SECURITY"]
    clients = [make_client(people.alice, team=[people.bob]) for _ in range(4)]
    befores, afters = [10, 12, 20, 15], [20, 12, 18, 25]
    for c, before, after in zip(clients, befores, afters, strict=True):
        consent(people.alice, c)
        for on, total in ((dt.date(2026, 1, 5), before), (dt.date(2026, 6, 5), after)):
            # six items summing to ``total``: four 1-5 items plus two reversed
            values = _values_for(total)
            answer(people.bob, c, security, values, on)
    refuser = make_client(people.alice, team=[people.bob])  # no consent: not counted
    answer(people.bob, refuser, security, _values_for(6), dt.date(2026, 1, 5))
    answer(people.bob, refuser, security, _values_for(30), dt.date(2026, 6, 5))
    pairs = selectors.score_pairs(actor=people.alice, instrument_code="SECURITY",
                                  start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))
    assert sorted((b, a) for _c, b, a in pairs) == sorted(zip(befores, afters, strict=True))
    figures = selectors.cohort_figures(actor=people.alice, organisation=people.org,
                                       start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))
    row = next(f for f in figures if f["code"] == "SECURITY")
    assert set(row) == {"code", "title", *selectors.STAT_KEYS}
    assert row["n_pairs"] == 4 and row["n_nonzero"] == 3
    assert (row["r_plus"], row["r_minus"]) == (5.0, 1.0)  # |d| 10, 2, 10 -> 2.5, 1, 2.5
    assert selectors.score_pairs(actor=people.tina, instrument_code="SECURITY",
                                 start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31)) == []
    assert selectors.cohort_figures(actor=people.oscar, organisation=people.org,
                                    start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31)) == []


def _values_for(total):
    """Answers to the six SECURITY items (items 3 and 6 reversed) that score ``total``."""
    values = [1, 1, 5, 1, 1, 5]  # scores 6
    extra = total - 6
    for index in (0, 1, 3, 4, 2, 5):
        step = min(4, extra)
        values[index] += -step if index in (2, 5) else step
        extra -= step
    return values


def test_outcome_stats_command_from_a_csv(tmp_path, capsys):
    path = tmp_path / "pairs.csv"
    path.write_text("id,before,after\na,10,16\nb,10,15\nc,16,10\nd,12,12\n")
    call_command("outcome_stats", "--pairs", str(path), "--reliability", "0.88", "--sd", "5.49")
    out = json.loads(capsys.readouterr().out)
    assert list(out)[:13] == list(selectors.STAT_KEYS)
    assert out["n_pairs"] == 4 and out["n_nonzero"] == 3
    assert (out["improved"], out["unchanged"], out["deteriorated"]) == (1, 2, 1)
    # changes 6, 5, -6 (and a zero): ranks 2.5, 1, 2.5 -> R+ 3.5, R- 2.5; 4 of 8 flips
    # are at least as far from the centre -> p = 2 * 4/8 capped at 1
    assert (out["r_plus"], out["r_minus"], out["p_value"]) == (3.5, 2.5, 1.0)
    assert any("causal" in c for c in out["caveats"])
    bad = tmp_path / "bad.csv"
    bad.write_text("id,before,after\na,x,1\n")
    with pytest.raises(CommandError):
        call_command("outcome_stats", "--pairs", str(bad))


def test_outcome_stats_command_for_the_organisation(people, instruments, capsys):
    c = make_client(people.alice, team=[people.bob])
    consent(people.alice, c)
    answer(people.bob, c, instruments["SECURITY"], _values_for(10), dt.date(2026, 1, 5))
    answer(people.bob, c, instruments["SECURITY"], _values_for(20), dt.date(2026, 6, 5))
    call_command("outcome_stats", "--instrument", "SECURITY", "--from", "2026-01-01",
                 "--to", "2026-12-31", "--organisation", str(people.org.pk))
    out = json.loads(capsys.readouterr().out)
    assert out["n_pairs"] == 1 and out["median_change"] == 10.0 and out["p_value"] == 1.0


def test_the_file_format_refuses_a_reverse_list(db):
    data = copy.deepcopy(security_data())
    data["reverse_items"] = [3]
    with pytest.raises(definitions.InstrumentError):
        definitions.validate(data)


def test_the_schedule_starts_at_the_plan_start_and_the_home_block_lists_what_is_due(
        client, people, instruments):
    from django.template.loader import render_to_string
    from django.utils import timezone

    from reintegra.outcomes.home import outcomes_block
    from reintegra.plans import services as plans

    patient = make_client(people.alice, team=[people.bob])
    today = timezone.localdate()
    plans.create_plan(actor=people.bob, client=patient, plan_type="Livelihood",
                      start_date=today - dt.timedelta(days=85))
    client.force_login(people.bob)
    page = client.get(reverse("outcomes:schedule", args=[patient.pk])).content.decode()
    with translation.override("pl"):  # the page's language; the field shows 30.11.2026
        assert f'value="{show_date(today - dt.timedelta(days=85))}"' in page
    client.post(reverse("outcomes:schedule", args=[patient.pk]),
                {"instruments": ["WHO-5"], "start": (today - dt.timedelta(days=85)).isoformat()})
    block = outcomes_block(actor=people.bob, today=today)
    assert [(d.client_code, d.due_on) for d in block.context["due"]] == [
        (patient.code, today - dt.timedelta(days=85)),  # baseline, overdue
        (patient.code, today + dt.timedelta(days=5))]  # midpoint, 90 days after the start
    html = render_to_string("outcomes/_home.html", {"block": block})
    assert patient.code in html
    assert outcomes_block(actor=people.tina, today=today) is None
    assert outcomes_block(actor=people.dora, today=today) is None
    assert outcomes_block(actor=people.charlie, today=today).context["due"] == []


def test_the_client_page_costs_the_same_queries_however_many_questionnaires(
        client, people, instruments):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    patient = make_client(people.alice, team=[people.bob])
    answer(people.bob, patient, instruments["WHO-5"], [1, 1, 1, 1, 1], dt.date(2026, 1, 5))
    client.force_login(people.bob)
    url = reverse("clients:detail", args=[patient.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for month in (2, 3, 4):
        answer(people.bob, patient, instruments["WHO-5"], [2, 2, 2, 2, 2],
               dt.date(2026, month, 5))
        answer(people.bob, patient, instruments["SECURITY"], [3] * 6, dt.date(2026, month, 5))
    services.schedule(actor=people.bob, client=patient, instruments=[instruments["GSE"]],
                      start=dt.date(2026, 6, 1))
    with CaptureQueriesContext(connection) as more:
        page = client.get(url).content.decode()
    assert page.count("<svg") == 2
    assert len(more) == len(few)


def test_mean_scoring_subscales_and_an_organisations_own_version(people, instruments):
    """An organisation that holds a validated Polish text imports it as its own version,
    which then takes precedence for that organisation only; mean scoring and subscales
    follow the same minimum-answered rule."""
    data = security_data()
    data["version"] = 2
    data["languages"]["pl"] = {"validated": True, "source": "Organisation's licence 2026"}
    data["scoring"].update(method="mean", missing="none",
                           subscales={"place": {"items": ["1", "4"]},
                                      "people": {"items": ["2", "5"]}})
    own, _ = services.import_instrument(data=data, organisation=people.org)
    assert [i.pk for i in selectors.latest_instruments(people.org)
            if i.code == "SECURITY"] == [own.pk]
    assert [i.version for i in selectors.latest_instruments(people.other_org)
            if i.code == "SECURITY"] == [1]
    result = definitions.score(own.definition, {"1": 5, "2": 4, "3": 1, "4": None,
                                                "5": 2, "6": None})
    assert result.valid is False and result.value is None  # 4 of 6 < 0.8
    result = definitions.score(own.definition, {"1": 5, "2": 4, "3": 1, "4": 3,
                                                "5": 2, "6": None})
    assert result.valid and result.value == pytest.approx((5 + 4 + 5 + 3 + 2) / 5)
    assert result.subscores == {"place": 4.0, "people": 3.0}
    partial = definitions.score(own.definition, {"1": 5, "2": None, "3": 1, "4": 3,
                                                 "5": 2, "6": 1})
    assert partial.subscores["people"] is None  # 1 of 2 answered: not valid
