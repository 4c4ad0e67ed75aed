"""Our picklists use HTCDS 2.0 value names exactly (reference/htcds-2.0-fields.csv)."""

import csv
from pathlib import Path

import pytest

from reintegra.clients import choices as c

CSV = Path(__file__).resolve().parents[1] / "reference" / "htcds-2.0-fields.csv"


def htcds_values(field: str) -> set[str]:
    with CSV.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["Field Name including Prefix"] == field:
                return set(row["Value Names (if picklist)"].split())
    raise KeyError(field)


@pytest.mark.parametrize(("field", "choices"), [
    ("prs_Gender", c.Gender),
    ("cas_Status", c.CaseStatus),
    ("vic_TraffickingStatus", c.TraffickingStatus),
    ("vic_TraffickingStatusDecisionMakingOrg", c.DecisionMaker),
    ("vic_TypeOfExploitation", c.ExploitationType),
    ("vic_MethodsOfControl", c.ControlMethod),
    ("vic_RelationshipToTrafficker", c.Relationship),
    ("cas_ReasonForIncomingReferral", c.ReferralReason),
])
def test_picklist_matches_htcds(field, choices):
    assert set(choices.values) == htcds_values(field)


def test_age_bands_cover_every_age_once():
    bands = [c.age_band(age) for age in range(0, 120)]
    assert bands[0] == "0-8" and bands[17] == "9-17" and bands[18] == "18-20"
    assert bands[47] == "39-47" and bands[48] == "48+"
    assert c.age_band(None) == ""
