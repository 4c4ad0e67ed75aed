from collections import Counter

from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from reintegra.exchange import ctdc
from reintegra.reports.tests.test_report import add_clients

AGES = ["0-8", "9-17", "18-20", "21-23", "24-26", "27-29", "30-38", "39-47", "48+", ""]
record = st.fixed_dictionaries({
    "age_band": st.sampled_from(AGES),
    "gender": st.sampled_from(["Feminine", "Masculine", "NonConforming"]),
    "citizenship_region": st.sampled_from(["home", "eastern_europe", "south_eastern_asia",
                                           "western_africa"]),
    "exploitation": st.sampled_from(["SexualExploitation", "ForcedLabour",
                                     "ForcedLabour;SexualExploitation", "OrganRemoval", ""]),
    "year": st.sampled_from(["2025", "2026"]),
    "trafficking_status": st.just("ActualVictimOfTrafficking"),
})


def assert_k_anonymous(records, k):
    sizes = Counter(tuple(r[q] for q in ctdc.QUASI_IDENTIFIERS) for r in records)
    assert all(n >= k for n in sizes.values()), sizes


@settings(max_examples=80, deadline=None)
@given(records=st.lists(record, max_size=120), k=st.integers(0, 15))
def test_property_the_output_is_k_anonymous(records, k):
    result = ctdc.anonymise(records, k)
    assert result.k == max(k, 3)
    assert_k_anonymous(result.records, result.k)
    assert result.dropped + len(result.records) == len(records)


def test_generalisation_before_suppression():
    base = {"gender": "Feminine", "citizenship_region": "home",
            "exploitation": "SexualExploitation", "year": "2026", "trafficking_status": ""}
    records = [{**base, "age_band": band} for band in ["18-20"] * 4 + ["21-23"] * 4 +
               ["24-26"] * 4]
    result = ctdc.anonymise(records, 11)
    assert result.level == 1 and result.dropped == 0 and result.generalised == 12
    assert {r["age_band"] for r in result.records} == {"18-29"}


def test_command_writes_a_k_anonymous_file_of_consenting_clients(people, tmp_path):
    add_clients(people, 12, gender="Feminine", citizenship=["PL"])
    add_clients(people, 3, consent=False, gender="Masculine", citizenship=["VN"])
    out = tmp_path / "ctdc.csv"
    from io import StringIO

    stdout = StringIO()
    call_command("ctdc_export", "--organisation", people.org.name, "--out", str(out),
                 stdout=stdout)
    lines = out.read_text().splitlines()
    assert lines[0].startswith("age_band,gender,citizenship_region")
    assert len(lines) == 13  # the 12 who consent, in one class
    assert "VN" not in out.read_text() and "south_eastern_asia" not in out.read_text()
    assert "12 records; k = 11" in stdout.getvalue() and "0 dropped" in stdout.getvalue()
