import datetime as dt
import io
import json

import pytest
from django.core.exceptions import PermissionDenied

from reintegra.audit.models import AuditEvent
from reintegra.core.testing import make_client
from reintegra.privacy.services import record_consent
from reintegra.reports import render, sections
from reintegra.reports.models import PublishedReport
from reintegra.reports.report import build_report

START, END = dt.date(2026, 1, 1), dt.date(2026, 12, 31)


def add_clients(people, n, *, consent=True, **case):
    made = []
    for _i in range(n):
        client = make_client(people.alice, **case)
        if consent:
            record_consent(actor=people.alice, client=client, purpose="statistics",
                           given_on=client.intake_date, language="pol",
                           explained_by=people.alice, items_explained=["purpose"])
        made.append(client)
    return made


@pytest.fixture
def cohort(people):
    add_clients(people, 14, gender="Feminine", citizenship=["PL"])
    add_clients(people, 10, gender="Masculine", citizenship=["UA"])
    # two men from Vietnam without consent to statistics: counted nowhere
    add_clients(people, 2, consent=False, gender="Masculine", citizenship=["VN"])
    return people


def table(report, table_id):
    return report.tables[table_id]


def test_people_without_consent_to_statistics_are_in_no_figure(cohort):
    report = build_report(actor=cohort.alice, start=START, end=END, audience="internal",
                          language="en")
    assert report.people == 24
    gender = table(report, "served_gender")
    assert gender.cells == [[14], [10], [0]]
    citizenship = table(report, "served_citizenship")
    assert "South-eastern Asia" not in citizenship.row_labels
    assert citizenship.grand_total == 24


def test_public_report_publishes_no_count_below_k(cohort):
    report = build_report(actor=cohort.alice, start=START, end=END, audience="public",
                          language="en")
    for t in report.tables.values():
        if t.unit != "people":
            continue
        figures = [v for row in t.cells for v in row]
        figures += (t.row_totals or []) + (t.col_totals or []) + [t.grand_total]
        assert all(v is None or v >= 10 for v in figures), t.id
    assert table(report, "served_gender").cells[0][0] == 14
    assert table(report, "served_gender").cells[2][0] is None  # a zero is hidden too


def test_json_has_the_documented_shape(cohort):
    report = build_report(actor=cohort.alice, start=START, end=END, audience="public")
    data = json.loads(render.as_json(report))
    assert set(data) >= {"audience", "period", "k", "tables", "statistics", "charts"}
    assert data["audience"] == "public" and data["k"] == 10
    assert data["period"] == {"start": "2026-01-01", "end": "2026-12-31"}
    first = data["tables"][0]
    assert set(first) == {"id", "title", "unit", "row_labels", "col_labels", "cells",
                          "row_totals", "col_totals", "grand_total"}
    assert None in [v for row in first["cells"] for v in row]  # suppressed is null
    for stat in data["statistics"]:
        assert stat["n"] is None or stat["n"] >= 10


def test_only_a_coordinator_generates_a_report(cohort):
    for persona in ("bob", "dora", "tina", "lena"):
        with pytest.raises(PermissionDenied):
            build_report(actor=getattr(cohort, persona), start=START, end=END)


def test_a_public_report_is_kept_and_recorded(cohort):
    before = AuditEvent.objects.filter(object_type="reports.report").count()
    build_report(actor=cohort.alice, start=START, end=END, audience="public")
    assert PublishedReport.objects.count() == 1
    assert AuditEvent.objects.filter(object_type="reports.report").count() == before + 1
    build_report(actor=cohort.alice, start=START, end=END, audience="internal")
    assert PublishedReport.objects.count() == 1  # an internal report is not published


def test_a_later_report_cannot_be_differenced_against_an_earlier_one(cohort):
    first = build_report(actor=cohort.alice, start=START, end=dt.date(2026, 6, 30),
                         audience="public", language="en")
    assert table(first, "served_gender").cells[0][0] == 14
    add_clients(cohort, 2, gender="Feminine", citizenship=["PL"])
    second = build_report(actor=cohort.alice, start=START, end=END, audience="public",
                          language="en")
    # 16 women against 14: the two newcomers would be singled out
    assert table(second, "served_gender").cells[0][0] is None


def test_a_period_without_clients_gives_a_report_that_says_so(cohort):
    report = build_report(actor=cohort.alice, start=dt.date(2025, 1, 1),
                          end=dt.date(2025, 3, 31), audience="public", language="en")
    assert report.empty
    html = render.as_html(report)
    assert "No clients were served in this period" in html
    assert render.as_pdf(report).startswith(b"%PDF")
    assert render.as_docx(report)[:2] == b"PK"


def test_pdf_is_tagged_with_embedded_fonts_and_polish_text(cohort):
    from pypdf import PdfReader

    report = build_report(actor=cohort.alice, start=START, end=END, language="pl")
    pdf = PdfReader(io.BytesIO(render.as_pdf(report)))
    root = pdf.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "pl"
    text = "".join(page.extract_text() for page in pdf.pages)
    assert "Kobiety" in text
    fonts = []
    for page in pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font).get(
                "/FontDescriptor")
            fonts.append(descriptor.get_object())
    assert fonts and all("/FontFile2" in f or "/FontFile3" in f for f in fonts)


def test_docx_has_real_tables_and_charts_with_alternative_text(cohort):
    from docx import Document

    report = build_report(actor=cohort.alice, start=START, end=END, language="en")
    doc = Document(io.BytesIO(render.as_docx(report)))
    assert len(doc.tables) == len(report.tables)
    gender = doc.tables[0]
    assert gender.cell(1, 0).text == "Women" and gender.cell(1, 1).text == "14"
    shown = table(report, "served_gender")
    for r in range(3):  # hidden (the zero at least), in the document as in the JSON
        value = shown.cells[r][0]
        assert gender.cell(r + 1, 1).text == ("–" if value is None else str(value))
    assert shown.cells[2][0] is None
    assert doc.inline_shapes
    for shape in doc.inline_shapes:
        assert "Bar chart" in shape._inline.docPr.get("descr")


def test_charts_show_only_protected_figures(cohort):
    report = build_report(actor=cohort.alice, start=START, end=END, language="en")
    gender = table(report, "served_gender")
    alt = render.chart_alt(gender)
    assert "Women: 14" in alt and "Another gender or not stated: –" in alt


@pytest.fixture
def fake_providers():
    calls = {}

    def legal(*, actor, client_ids, start, end):
        calls["legal"] = (actor, sorted(client_ids), start, end)
        return {cid: "regularised" for cid in client_ids[:12]}

    def outcomes(*, actor, organisation, start, end, client_ids=None):
        calls["outcomes"] = len(client_ids)
        return [{"code": "WHO5", "title": "WHO-5", "n_pairs": 12, "n_nonzero": 11,
                 "median_change": 4.0, "hodges_lehmann": 3.5, "r_plus": 60, "r_minus": 6,
                 "p_value": 0.01, "method": "exact", "rank_biserial": 0.8,
                 "rank_biserial_ci": [0.5, 0.95], "improved": 10, "unchanged": 1,
                 "deteriorated": 1},
                {"code": "RSES", "title": "RSES", "n_pairs": 4, "n_nonzero": 4,
                 "median_change": 2.0, "hodges_lehmann": 2.0, "r_plus": 10, "r_minus": 0,
                 "p_value": 0.12, "method": "exact", "rank_biserial": 1.0,
                 "rank_biserial_ci": [0.1, 1.0], "improved": 4, "unchanged": 0,
                 "deteriorated": 0}]

    sections.PROVIDERS.legal, sections.PROVIDERS.outcomes = legal, outcomes
    yield calls
    sections.PROVIDERS.legal = sections.PROVIDERS.outcomes = None


def test_legal_and_outcome_sections_read_the_providers(cohort, fake_providers):
    report = build_report(actor=cohort.alice, start=START, end=END, audience="public",
                          language="en")
    assert fake_providers["legal"][0] == cohort.alice
    assert len(fake_providers["legal"][1]) == 24
    legal = table(report, "legal_outcomes")
    assert legal.row_labels[0] == "Legal status regularised"
    assert all(v is None or v >= 10 for row in legal.cells for v in row)
    internal = build_report(actor=cohort.alice, start=START, end=END, audience="internal",
                            language="en")
    assert table(internal, "legal_outcomes").cells == [[12], [0], [0], [12]]
    stats = report.statistics
    change = table(report, "outcomes_change")
    # shown only where its n (the row total) is shown
    assert (stats["outcome_WHO5_median_change"].value == 4.0) == (
        change.row_totals[0] is not None)
    assert stats["outcome_RSES_median_change"].value is None  # 4 pairs < k
    assert change.cells[1] == [None, None, None]
    assert internal.statistics["outcome_WHO5_median_change"].value == 4.0


def test_the_installed_legal_and_outcomes_apps_feed_their_sections(cohort):
    from reintegra.legal import services as legal

    someone = cohort.alice.organisation.clients.filter(gender="Feminine").first()
    legal.record_status(actor=cohort.alice, client=someone, data={
        "kind": "permit_176", "stage": "granted", "valid_from": dt.date(2026, 1, 1),
        "valid_until": dt.date(2027, 12, 31)})
    report = build_report(actor=cohort.alice, start=START, end=END, audience="internal",
                          language="en")
    legal_table = table(report, "legal_outcomes")
    assert legal_table.grand_total == 24
    assert legal_table.cells[0] == [1]  # the one permit, from the legal app's records


def test_without_the_legal_and_outcome_apps_their_sections_are_left_out(cohort, monkeypatch):
    installed = sections.apps.is_installed
    monkeypatch.setattr(sections.apps, "is_installed", lambda name: name not in {
        "reintegra.legal", "reintegra.outcomes"} and installed(name))
    report = build_report(actor=cohort.alice, start=START, end=END, language="en")
    assert "legal_outcomes" not in report.tables
    assert "outcomes_change" not in report.tables


def test_life_situation_compares_intake_with_the_latest_assessment(cohort):
    from reintegra.plans.services import AssessmentData, Rating, record_assessment

    clients = list(sections.Client.objects.order_by("pk"))
    for i, client in enumerate(clients[:12]):
        record_assessment(actor=cohort.alice, client=client, data=AssessmentData(
            assessed_on=dt.date(2026, 3, 5), ratings={"housing": Rating(4)}))
        latest = 2 if i < 11 else 5  # eleven need less, one needs more
        record_assessment(actor=cohort.alice, client=client, data=AssessmentData(
            assessed_on=dt.date(2026, 9, 5), ratings={"housing": Rating(latest)}))
    record_assessment(actor=cohort.alice, client=clients[13], data=AssessmentData(
        assessed_on=dt.date(2026, 3, 5), ratings={"housing": Rating(3)}))  # once: left out
    report = build_report(actor=cohort.alice, start=START, end=END, audience="internal",
                          language="en")
    life = table(report, "life_change")
    housing = life.row_labels.index("Housing")
    assert life.cells[housing] == [11, 0, 1]
    assert report.statistics["life_change_median_housing"].value == 2.0
    assert report.statistics["life_change_median_housing"].n == 12


# --- sets of activities, per subgroup: completion and improvement ---------------------------


@pytest.fixture
def sets_cohort(people):
    """30 clients: 20 exploited in Poland (12 in group work, of whom 10 completed), 10
    abroad (individual work); 4 without consent (in group work, counted nowhere)."""
    from reintegra.programme.models import Attendance
    from reintegra.programme.tests.factories import make_activity, make_offering, make_venue

    group = make_offering(people.alice, activity=make_activity(people.alice.organisation))
    alone = make_offering(people.alice, activity=make_activity(
        people.alice.organisation, name_en="Counselling", name_pl="Poradnictwo", group=False),
        venue=make_venue(people.alice.organisation, "Room 3"))
    session_g, session_i = group.sessions.first(), alone.sessions.first()
    home = add_clients(people, 20, exploitation_country="PL")
    abroad = add_clients(people, 10, exploitation_country="DE")
    hidden = add_clients(people, 4, consent=False, exploitation_country="DE")
    for client in home[:12] + hidden:
        Attendance.objects.create(session=session_g, client=client, status="present")
    for client in abroad:
        Attendance.objects.create(session=session_i, client=client, status="late")
    Attendance.objects.create(session=session_i, client=home[19], status="absent")  # not set
    for client in home[:10]:
        sections.Client.objects.filter(pk=client.pk).update(
            status="Closed", closure_reason="completed", closed_at=dt.date(2026, 6, 1))
    people.home, people.abroad = home, abroad
    return people


@pytest.fixture
def improvement(sets_cohort):
    """Eleven of the home group's twelve in group work measured twice, nine improved."""
    measured = sets_cohort.home[:11]
    sections.PROVIDERS.improvement = lambda ctx: {
        "instrument": "WHO-5", "method": "rci",
        "improved": {c.pk: i < 9 for i, c in enumerate(measured)}}
    yield
    sections.PROVIDERS.improvement = None


def test_completion_and_improvement_by_set_of_activities_and_subgroup(sets_cohort,
                                                                      improvement):
    report = build_report(actor=sets_cohort.alice, start=START, end=END,
                          audience="internal", language="en")
    fine = table(report, "completion_by_set_subgroup")
    assert fine.row_labels[0] == "Group work only — exploited in Poland"
    assert fine.row_labels[1] == "Group work only — exploited abroad"
    group_home, individual_abroad = 0, 4
    none_home = 3 * 3
    assert fine.cells[group_home] == [10, 0, 2]
    assert fine.cells[individual_abroad] == [0, 0, 10]
    assert fine.cells[none_home] == [0, 0, 8]  # an absence is no attendance
    assert fine.grand_total == 30  # the 4 without consent are in no figure
    by_set = table(report, "completion_by_set")
    assert by_set.cells[0] == [10, 0, 2] and by_set.cells[3] == [0, 0, 8]
    improved = table(report, "improvement_by_set_subgroup")
    assert improved.cells[group_home] == [9, 2, 1]
    assert improved.cells[none_home] == [0, 0, 8]
    assert improved.row_totals == fine.row_totals
    data = json.loads(render.as_json(report))
    notes = next(s for s in data["sections"] if s["id"] == "completion")
    assert notes["tables"] == ["completion_by_set", "completion_by_set_subgroup",
                               "improvement_by_set_subgroup"]
    caveats = " ".join(notes["caveats"])
    for words in ("small", "comparison group", "self-selection", "missing"):
        assert words in caveats
    assert "WHO-5" in " ".join(notes["paragraphs"])


def test_public_sets_tables_hide_what_the_per_set_totals_would_give_away(sets_cohort,
                                                                        improvement):
    report = build_report(actor=sets_cohort.alice, start=START, end=END, audience="public",
                          language="en")
    fine = table(report, "completion_by_set_subgroup")
    by_set = table(report, "completion_by_set")
    improved = table(report, "improvement_by_set_subgroup")
    for t in (fine, by_set, improved):
        figures = [v for row in t.cells for v in row] + t.row_totals + t.col_totals
        assert all(v is None or v >= 10 for v in figures + [t.grand_total]), t.id
    # group work, Poland, completed (10) is at least k, but group work only (all places)
    # completed is the same 10 plus two zeros: publishing both would tell that nobody
    # from abroad or unrecorded did group work only and completed
    if by_set.cells[0][0] is not None:
        assert fine.cells[0][0] is None
    # the per-set figure minus the published subgroup cells never pins a hidden one
    for r in range(4):
        for c in range(3):
            parts = [fine.cells[r * 3 + j][c] for j in range(3)]
            if by_set.cells[r][c] is not None and parts.count(None) == 1:
                pytest.fail(f"set {r}, column {c}: one hidden part of a published sum")
    for locale_words in ("self-selection", "comparison group"):
        assert locale_words in render.as_html(report)
