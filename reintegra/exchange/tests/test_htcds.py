import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from reintegra.accounts.models import Organisation, Role
from reintegra.audit.models import AuditEvent
from reintegra.clients.models import BlindIndex, Client, ClientIdentity
from reintegra.core.testing import make_client, make_user
from reintegra.exchange import htcds

TEMPLATE = Path(htcds.__file__).parent / "reference" / "htcds-template-v2.0.xlsx"


def template_with(rows: list[dict], tmp_path, *, formula=None) -> bytes:
    """A copy of the official template with data rows from row 3, by field name."""
    path = tmp_path / "filled.xlsx"
    shutil.copy(TEMPLATE, path)
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    columns = {c.value: c.column for c in ws[1] if c.value}
    for i, values in enumerate(rows, start=3):
        for name, value in values.items():
            ws.cell(row=i, column=columns[name], value=value)
    if formula:
        ws.cell(row=3, column=columns["prs_FirstName"], value=formula)
    wb.save(path)
    return path.read_bytes()


GOOD = {"prs_FirstName": "Olena", "prs_SecondName": "Kovalenko",
        "prs_Birthdate": dt.datetime(1994, 4, 2), "prs_Gender": "Feminine ",
        "prs_Citizenship": "UA", "vic_TraffickingStatus": "Actual victim of trafficking",
        "vic_TraffickinStatusDecisionMakingOrg": "Court or prosecution",
        "vic_TypeOfExploitation": "Forced labour;Sexual exploitation",
        "vic_MethodsOfControl": "Debt bondage;Withholds documents",
        "cas_Status": "Follow Up", "cas_IncomingReferralDate": "2026-03-01",
        "cas_ReasonForIncomingReferral": "Additional Services Required"}


def test_the_official_template_with_labels_imports(people, tmp_path):
    data = template_with([GOOD, {**GOOD, "prs_FirstName": "Anh", "prs_SecondName": "Nguyen",
                                 "prs_Citizenship": "VN", "prs_Gender": "Masculine"}],
                         tmp_path)
    dry = htcds.import_workbook(actor=people.alice, data=data, dry_run=True)
    assert dry.ok and [r.number for r in dry.rows] == [3, 4]
    assert not Client.objects.exists()
    result = htcds.import_workbook(actor=people.alice, data=data)
    assert result.imported == 2
    olena = Client.objects.get(citizenship="UA")
    assert olena.gender == "Feminine" and olena.status == "FollowUp"
    assert olena.exploitation_types == ["ForcedLabour", "SexualExploitation"]
    assert olena.trafficking_status_decided_by == "CourtOrProsecution"
    # identity sealed, never in plain text
    sealed = ClientIdentity.objects.get(client=olena).first_name_sealed
    assert "Olena" not in sealed and sealed.startswith("rv1.")
    assert BlindIndex.objects.filter(client=olena).exists()


def test_a_client_already_registered_is_flagged(people, tmp_path):
    make_client(people.alice, first_name="Olena", second_name="Kovalenko",
                birth_date=dt.date(1994, 4, 2))
    data = template_with([GOOD, GOOD], tmp_path)
    result = htcds.import_workbook(actor=people.alice, data=data, dry_run=True)
    existing = Client.objects.get().code
    assert result.rows[0].duplicate_of == [existing]
    assert "row 3" in result.rows[1].duplicate_of[0]


@pytest.mark.parametrize("change,message", [
    ({"prs_Birthdate": "31.02.1990"}, "prs_Birthdate"),
    ({"prs_Birthdate": "2090-01-01"}, "prs_Birthdate"),
    ({"prs_Gender": "Female-ish"}, "prs_Gender"),
    ({"vic_TypeOfExploitation": "Forced labour;Piracy"}, "vic_TypeOfExploitation"),
    ({"prs_Citizenship": "XX"}, "prs_Citizenship"),
    ({"prs_Gender": None}, "prs_Gender"),
])
def test_a_bad_row_is_listed_and_nothing_is_imported(people, tmp_path, change, message):
    data = template_with([GOOD, {**GOOD, **change}], tmp_path)
    result = htcds.import_workbook(actor=people.alice, data=data)
    assert not result.ok and result.imported == 0
    assert result.rows[0].errors == []
    assert any(message in e for e in result.rows[1].errors)
    assert not Client.objects.exists()


def test_a_formula_is_refused(people, tmp_path):
    data = template_with([GOOD], tmp_path, formula='=HYPERLINK("http://x","y")')
    result = htcds.import_workbook(actor=people.alice, data=data)
    assert any("formula" in e for e in result.rows[0].errors)
    assert not Client.objects.exists()


def test_files_that_are_not_templates_are_refused(people, tmp_path):
    from openpyxl import Workbook

    foreign = Workbook()
    foreign.active.append(["Name", "Amount"])
    foreign.active.append(["x", 1])
    buffer = io.BytesIO()
    foreign.save(buffer)
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600  # an encrypted (OLE) workbook
    for data in (buffer.getvalue(), ole, b"PK\x03\x04broken", b"x" * (htcds.MAX_BYTES + 1)):
        result = htcds.import_workbook(actor=people.alice, data=data)
        assert result.errors and not result.ok
    assert not Client.objects.exists()


def test_only_a_coordinator_exchanges(people, tmp_path):
    for persona in (people.bob, people.dora, people.tina):
        with pytest.raises(PermissionDenied):
            htcds.export_tables(actor=persona)
        with pytest.raises(PermissionDenied):
            htcds.import_workbook(actor=persona, data=b"")


def test_identity_leaves_only_when_asked_and_each_is_recorded(people):
    client = make_client(people.alice, first_name="Marta")
    plain = htcds.export_tables(actor=people.alice)
    assert "prs_FirstName" not in plain["Person"][0]
    assert plain["Person"][0]["Id"] == client.code
    before = AuditEvent.objects.filter(client_id=client.pk, action="export").count()
    full = htcds.export_tables(actor=people.alice, identity=True)
    assert full["Person"][0]["prs_FirstName"] == "Marta"
    assert AuditEvent.objects.filter(client_id=client.pk,
                                     action="export").count() == before + 1


def test_export_writes_one_file_per_table(people, tmp_path):
    make_client(people.alice)
    call_command("htcds_export", "--format", "json", "--out", str(tmp_path),
                 "--user", "alice", stdout=io.StringIO())
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["htcds-case.json", "htcds-consent.json", "htcds-person.json",
                     "htcds-victim.json"]
    victim = json.loads((tmp_path / "htcds-victim.json").read_text())
    assert victim[0]["vic_TypeOfExploitation"] == "SexualExploitation"


def test_round_trip_into_an_empty_organisation(people, tmp_path):
    make_client(people.alice, gender="Masculine", citizenship=["UA", "PL"],
                exploitation_types=["ForcedLabour", "ForcedBegging"], status="Active")
    make_client(people.alice, first_name="Ewa", birth_date=dt.date(1980, 1, 9))
    before = htcds.export_tables(actor=people.alice, identity=True)
    workbook = htcds.template_workbook(before)
    empty = Organisation.objects.create(name="Empty", client_code_prefix="EM")
    newcomer = make_user("nina", Role.COORDINATOR, empty)
    result = htcds.import_workbook(actor=newcomer, data=workbook)
    assert result.ok, [r.errors for r in result.rows]
    after = htcds.export_tables(actor=newcomer, identity=True)

    def without_ids(tables):
        return {name: sorted(json.dumps({k: v for k, v in row.items() if k != "Id"},
                                         sort_keys=True) for row in rows)
                for name, rows in tables.items() if name != "Consent"}

    assert without_ids(after) == without_ids(before)


def test_import_command_dry_run_and_errors(people, tmp_path):
    path = tmp_path / "in.xlsx"
    path.write_bytes(template_with([{**GOOD, "prs_Gender": "??"}], tmp_path))
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("htcds_import", str(path), "--organisation", people.org.name,
                     "--dry-run", stdout=out)
    assert "row 3: prs_Gender" in out.getvalue()


def test_the_consent_checkbox_becomes_a_recorded_consent_to_case_management(people,
                                                                            tmp_path):
    from reintegra.audit.models import Action
    from reintegra.privacy.models import Consent

    data = template_with([{**GOOD, "con_Consent": True},
                          {**GOOD, "prs_FirstName": "Anh", "con_Consent": "No"},
                          {**GOOD, "prs_FirstName": "Lan"}], tmp_path)
    result = htcds.import_workbook(actor=people.alice, data=data)
    assert result.ok and result.imported == 3
    consent = Consent.objects.get()
    assert consent.purpose == "case_management" and consent.withdrawn_on is None
    assert consent.client.consents.count() == 1
    assert consent.given_on == consent.client.intake_date
    assert consent.recorded_by == people.alice and list(consent.items_explained) == []
    assert not Consent.objects.filter(purpose="statistics").exists()  # never from HTCDS
    assert AuditEvent.objects.filter(action=Action.CONSENT, object_id=str(consent.pk)).exists()


def test_a_consent_that_is_neither_yes_nor_no_stops_the_import(people, tmp_path):
    from reintegra.privacy.models import Consent

    data = template_with([GOOD, {**GOOD, "con_Consent": "maybe"}], tmp_path)
    result = htcds.import_workbook(actor=people.alice, data=data)
    assert not result.ok and any("con_Consent" in e for e in result.rows[1].errors)
    assert not Client.objects.exists() and not Consent.objects.exists()
