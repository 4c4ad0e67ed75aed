"""Month arithmetic (Civil Code art. 112), the shipped rules, and the legal_rules command."""

import json
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given
from hypothesis import strategies as st

from reintegra.legal import rules
from reintegra.legal.dates import add_months, add_period
from reintegra.legal.models import DeadlineRule


@pytest.mark.parametrize(("start", "months", "expected"), [
    (date(2026, 11, 30), 3, date(2027, 2, 28)),   # no 30 February: the month's last day
    (date(2027, 11, 30), 3, date(2028, 2, 29)),   # leap year
    (date(2026, 10, 31), 4, date(2027, 2, 28)),   # a minor's 4 months from a month end
    (date(2027, 1, 31), 1, date(2027, 2, 28)),
    (date(2028, 1, 31), 1, date(2028, 2, 29)),
    (date(2028, 2, 29), 12, date(2029, 2, 28)),   # 29 February + a year
    (date(2028, 2, 29), 48, date(2032, 2, 29)),
    (date(2026, 2, 28), 3, date(2026, 5, 28)),    # the same-numbered day, not the month end
    (date(2026, 8, 31), 3, date(2026, 11, 30)),
    (date(2026, 12, 15), 1, date(2027, 1, 15)),   # over the year's end
    (date(2026, 3, 1), 0, date(2026, 3, 1)),
])
def test_months_follow_civil_code_art_112(start, months, expected):
    assert add_months(start, months) == expected


def test_days_are_counted_after_the_event():
    assert add_period(date(2026, 3, 1), days=30) == date(2026, 3, 31)
    assert add_period(date(2026, 11, 30), months=1, days=1) == date(2026, 12, 31)


def test_a_negative_period_is_refused():
    with pytest.raises(ValueError):
        add_months(date(2026, 1, 1), -1)
    with pytest.raises(ValueError):
        add_period(date(2026, 1, 1), days=-1)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
       st.integers(min_value=0, max_value=120))
def test_months_land_in_the_right_month_never_past_the_day(start, months):
    end = add_months(start, months)
    assert (end.year - start.year) * 12 + end.month - start.month == months
    assert end.day <= start.day
    assert end.day == start.day or (end + timedelta(days=1)).day == 1  # else the month's end


@pytest.mark.django_db
def test_the_shipped_rules_are_loaded_with_their_sources():
    shipped = {r["code"] for r in rules.shipped_rules()}
    loaded = {r.code: r for r in DeadlineRule.objects.all()}
    assert shipped == set(loaded)
    cert = loaded["CERT_170_VALIDITY"]
    assert (cert.months, cert.minor_months, cert.verified) == (3, 4, True)
    assert "art. 170" in cert.legal_basis and cert.source
    assert loaded["PERMANENT_RESIDENCE_ELIGIBLE"].verified is False  # art. 195: check
    assert loaded["PESEL_UKR_30_DAYS"].days == 30
    assert loaded["TEMPORARY_PROTECTION_END"].fixed_date == date(2027, 3, 4)
    assert all(r.source and r.legal_basis for r in loaded.values())


@pytest.mark.django_db
def test_a_minor_gets_the_minor_offset_and_falls_back_to_the_adult_one():
    cert = DeadlineRule.objects.get(code="CERT_170_VALIDITY")
    pesel = DeadlineRule.objects.get(code="PESEL_UKR_30_DAYS")
    assert rules.compute(cert, date(2026, 11, 30)) == date(2027, 2, 28)
    assert rules.compute(cert, date(2026, 11, 30), minor=True) == date(2027, 3, 30)
    assert rules.compute(pesel, date(2026, 3, 1), minor=True) == date(2026, 3, 31)


def _run(*args):
    out = StringIO()
    call_command("legal_rules", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_command_lists_rules_and_marks_the_unverified():
    text = _run()
    assert "CERT_170_VALIDITY: 3 months, minor 4 months" in text
    assert "PERMANENT_RESIDENCE_ELIGIBLE" in text and "NOT VERIFIED" in text
    listed = json.loads(_run("--json"))
    row = next(r for r in listed if r["code"] == "CERT_170_VALIDITY")
    assert row["minor_offset"] == "4 months" and row["verified"] is True
    assert {"code", "trigger", "offset", "minor_offset", "legal_basis", "verified"} <= set(row)


@pytest.mark.django_db
def test_command_computes_a_date_as_json():
    result = json.loads(_run("--compute", "CERT_170_VALIDITY", "--from", "2026-11-30",
                             "--json"))
    assert result == {"rule": "CERT_170_VALIDITY", "from": "2026-11-30",
                      "date": "2027-02-28",
                      "basis": "Act on Foreigners of 12 Dec 2013, art. 170-171",
                      "verified": True}
    minor = json.loads(_run("--compute", "CERT_170_VALIDITY", "--from", "2027-10-29",
                            "--minor", "--json"))
    assert minor["date"] == "2028-02-29"
    assert "2027-02-28" in _run("--compute", "CERT_170_VALIDITY", "--from", "2026-11-30")


@pytest.mark.django_db
def test_command_refuses_bad_input_with_a_message():
    with pytest.raises(CommandError, match="no rule"):
        _run("--compute", "NOPE", "--from", "2026-01-01")
    with pytest.raises(CommandError, match="not a date"):
        _run("--compute", "CERT_170_VALIDITY", "--from", "30.11.2026")
    with pytest.raises(CommandError, match="needs --from"):
        _run("--compute", "CERT_170_VALIDITY")


@pytest.mark.django_db
def test_the_migration_loads_the_rules_and_keeps_an_edited_one():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("reintegra.legal.migrations.0002_shipped_deadline_rules")
    DeadlineRule.objects.exclude(code="CERT_170_VALIDITY").delete()
    DeadlineRule.objects.filter(code="CERT_170_VALIDITY").update(months=5)
    migration.load(apps, None)
    assert DeadlineRule.objects.count() == len(rules.shipped_rules())
    assert DeadlineRule.objects.get(code="CERT_170_VALIDITY").months == 5
