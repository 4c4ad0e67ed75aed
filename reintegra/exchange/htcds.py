"""HTCDS 2.0 export (CSV and JSON, one file per table) and import from the official Excel
templates (IOM's "HTCDS Excel Spreadsheet v2.0", CC BY 4.0: see reference/README.md).

Field and value names are HTCDS's (`reintegra/clients/reference/htcds-2.0-fields.csv`).
The export splits records as the standard's prefixes do: Person (``prs_``), Victim
(``vic_``), Case (``cas_``), Consent (``con_``), joined by ``Id`` (the client code, never a
name). Identity fields (names, birth date, contacts) go out only when the exporter asks
and may see identities, each one recorded as an export of that client's record.

The import reads the template's layout (row 1 field names, in the template's own
spellings such as ``vic_TraffickinStatusDecisionMakingOrg``; row 2 labels; data from row
3), value labels or value names, semicolon-separated multi-selects. A dry run lists every
row with its errors; the import is atomic: one error anywhere and nothing is imported.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.accounts.models import Role
from reintegra.audit.models import Action
from reintegra.audit.services import record
from reintegra.clients import choices as cc
from reintegra.clients.access import Section, reach_q, sections_for_role
from reintegra.clients.models import Client

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
TABLES = ("Person", "Victim", "Case", "Consent")

# (HTCDS field, table, Client attribute, kind, choices)
CASE_FIELDS = [
    ("prs_Gender", "Person", "gender", "pick", cc.Gender),
    ("prs_Citizenship", "Person", "citizenship", "countries", None),
    ("vic_TraffickingStatus", "Victim", "trafficking_status", "pick", cc.TraffickingStatus),
    ("vic_TraffickingStatusDecisionMakingOrg", "Victim", "trafficking_status_decided_by",
     "pick", cc.DecisionMaker),
    ("vic_RelationshipToTrafficker", "Victim", "relationship_to_trafficker", "pick",
     cc.Relationship),
    ("vic_MethodsOfControl", "Victim", "control_methods", "multi", cc.ControlMethod),
    ("vic_TypeOfExploitation", "Victim", "exploitation_types", "multi", cc.ExploitationType),
    ("cas_Status", "Case", "status", "pick", cc.CaseStatus),
    ("cas_IncomingReferralDate", "Case", "referral_date", "date", None),
    ("cas_ReasonForIncomingReferral", "Case", "referral_reason", "pick", cc.ReferralReason),
    ("CreatedDate", "Case", "intake_date", "date", None),  # Salesforce standard field
]
IDENTITY_FIELDS = [
    ("prs_FirstName", "first_name", "text"),
    ("prs_SecondName", "second_name", "text"),
    ("prs_Birthdate", "birth_date", "date"),
    ("prs_Email", "email", "text"),
    ("prs_MobilePhone", "phone", "text"),
]
# con_Consent, the template's one consent column: a checkbox for the guidance "does the
# individual consent/assent to the interview" (htcds-2.0-fields.csv). It is imported as a
# consent to case management, through privacy's service (audited). It names no other
# purpose, so no consent to statistics or sharing is ever created from it; and it holds no
# date, language or checklist, so the consent is dated on the intake date, with the
# importing coordinator as the one who recorded and explained it, nothing ticked as
# explained and no language: the record says only what the file says.
CONSENT_FIELD = "con_Consent"
YES = {"true", "yes", "y", "1", "x", "tak", "checked"}
NO = {"false", "no", "n", "0", "nie", "unchecked"}
# The plain template's own spellings of some columns
TEMPLATE_SPELLINGS = {"vic_TraffickinStatusDecisionMakingOrg":
                      "vic_TraffickingStatusDecisionMakingOrg"}
# HTCDS value labels (the templates hold labels), from the field standard's sheet
LABELS = {
    "prs_Gender": {"Feminine": "Feminine", "Masculine": "Masculine",
                   "Transgender Feminine": "TransgenderFeminine",
                   "Transgender Masculine": "TransgenderMasculine",
                   "Non-Conforming": "NonConforming",
                   "Not Specified/Unknown": "NonSpecifiedUnknown"},
    "cas_Status": {"Active": "Active", "Follow Up": "FollowUp", "Closed": "Closed",
                   "Closed Referred": "ClosedReferred"},
    "vic_TraffickingStatus": {"Possible victim of trafficking": "PossibleVictimOfTrafficking",
                              "Actual victim of trafficking": "ActualVictimOfTrafficking",
                              "Not a victim of trafficking": "NotAVictimOfTrafficking"},
    "vic_TraffickingStatusDecisionMakingOrg": {
        "Court or prosecution": "CourtOrProsecution",
        "Non-police governmental organization": "NonPoliceGovernmentalOrganization"},
    "cas_ReasonForIncomingReferral": {
        "Additional Services Required": "AdditionalServicesRequired",
        "Migration or Change of Location": "MigrationOrChangeOfLocation"},
    "vic_TypeOfExploitation": {
        "Forced labour": "ForcedLabour", "Sexual exploitation": "SexualExploitation",
        "Child labour": "ChildLabour", "Forced marriage": "ForcedMarriage",
        "Forced military (by non-state actors)": "ForcedMilitaryByNonStateActors",
        "Organ removal": "OrganRemoval", "Forced begging": "ForcedBegging",
        "Forced adoption": "ForcedAdoption"},
    "vic_MethodsOfControl": {
        "Physical threats": "PhysicalThreats", "Threats of law enforcement":
        "ThreatsLawEnforcement", "Threatens children/family": "ThreatensChildrenFamily",
        "Debt bondage": "DebtBondage", "False promises": "FalsePromises",
        "Physical abuse": "PhysicalAbuse", "Sexual abuse": "SexualAbuse",
        "Takes earnings": "TakesEarnings", "Restricts financial access":
        "RestrictsFinancialAccess", "Restricts medical care": "RestrictsMedicalCare",
        "Withholds necessities": "WithholdsNecessities", "Psychological abuse":
        "PsychologicalAbuse", "Psychoactive substance": "PsychoactiveSubstance",
        "Excessive working hours": "ExcessiveWorkingHours", "Withholds documents":
        "WithholdsDocuments"},
}


def may_exchange(actor) -> bool:
    """HTCDS files leave or enter the whole organisation's registry: the coordinator's."""
    return bool(getattr(actor, "is_authenticated", False)
                and actor.role == Role.COORDINATOR and actor.organisation_id)


# --- Export ---------------------------------------------------------------------------------


def export_tables(*, actor, identity: bool = False) -> dict[str, list[dict]]:
    """The actor's reach, as HTCDS tables. Recorded: one event, and with identity one per
    client whose identity left."""
    if not may_exchange(actor):
        raise PermissionDenied
    with_identity = identity and Section.IDENTITY in sections_for_role(actor)
    clients = list(Client.objects.filter(reach_q(actor), erased_at__isnull=True)
                   .select_related("identity").order_by("code"))
    identities = {}
    if with_identity:
        from reintegra.clients.selectors import reveal_identities

        identities = reveal_identities(actor=actor, clients=clients)
    tables = {name: [] for name in TABLES}
    consenting = set(_consenting_ids(clients))
    for client in clients:
        rows = {name: {"Id": client.code} for name in TABLES}
        for name, table, attr, kind, _choices in CASE_FIELDS:
            rows[table][name] = _out(getattr(client, attr), kind)
        if with_identity and client.pk in identities:
            revealed = identities[client.pk]
            for name, attr, kind in IDENTITY_FIELDS:
                rows["Person"][name] = _out(getattr(revealed, attr, None), kind)
        rows["Consent"]["con_Consent"] = client.pk in consenting
        for name in TABLES:
            tables[name].append(rows[name])
    with transaction.atomic():
        record(actor=actor, action=Action.EXPORT, object_type="exchange.htcds",
               object_id=f"{len(clients)}:{'identity' if with_identity else 'case'}")
        if with_identity:
            for client in clients:
                record(actor=actor, action=Action.EXPORT, obj=client)
    return tables


def _consenting_ids(clients):
    from reintegra.privacy.models import Consent

    return Consent.objects.filter(client__in=clients, withdrawn_on__isnull=True).values_list(
        "client_id", flat=True)


def _out(value, kind):
    if value in (None, ""):
        return ""
    if kind == "date":
        return value.isoformat() if hasattr(value, "isoformat") else str(value)
    if kind == "multi":
        return ";".join(sorted(value))
    if kind == "countries":
        return ";".join(str(getattr(c, "code", c)) for c in value)
    return str(value)


def write_tables(tables: dict[str, list[dict]], directory: Path, fmt: str) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in tables.items():
        path = directory / f"htcds-{name.lower()}.{fmt}"
        if fmt == "json":
            path.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
        else:
            fields = list(rows[0]) if rows else ["Id"]
            with path.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
                writer.writeheader()
                writer.writerows(rows)
        written.append(path)
    return written


def export_zip(*, actor, fmt: str, identity: bool = False) -> bytes:
    """The export as one zip of the per-table files, built in memory (no plaintext file
    on disk): for the coordinators' page. Recorded as ``export_tables`` records it."""
    if fmt not in ("csv", "json"):
        raise ValueError(fmt)
    tables = export_tables(actor=actor, identity=identity)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, rows in tables.items():
            archive.writestr(f"htcds-{name.lower()}.{fmt}", table_text(rows, fmt))
    return out.getvalue()


def table_text(rows: list[dict], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=1)
    handle = io.StringIO()
    writer = csv.DictWriter(handle, fieldnames=list(rows[0]) if rows else ["Id"],
                            lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return handle.getvalue()


def may_export_identity(actor) -> bool:
    return may_exchange(actor) and Section.IDENTITY in sections_for_role(actor)


def template_workbook(tables: dict[str, list[dict]]) -> bytes:
    """The export in the official template's layout (row 1 field names, row 2 labels),
    one row per client: what ``read_workbook`` reads back."""
    from openpyxl import Workbook

    columns = (["Id"] + [f for f, *_r in CASE_FIELDS] + [f for f, *_r in IDENTITY_FIELDS]
               + [CONSENT_FIELD])
    wb = Workbook()
    ws = wb.active
    ws.title = "Case Sheet"
    ws.append(columns)
    ws.append(columns)
    merged = {}
    for name in TABLES:
        for row in tables[name]:
            merged.setdefault(row["Id"], {}).update(row)
    for values in merged.values():
        ws.append([values.get(c, "") for c in columns])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- Import ---------------------------------------------------------------------------------


@dataclass
class Row:
    number: int  # the spreadsheet's row number
    case: dict = field(default_factory=dict)
    identity: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    consent: bool = False  # con_Consent ticked: a consent to case management
    duplicate_of: list[str] = field(default_factory=list)  # codes (or "?") flagged


@dataclass
class ImportResult:
    rows: list[Row]
    errors: list[str]  # file-level
    imported: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and not any(r.errors for r in self.rows)


def read_workbook(data: bytes) -> ImportResult:
    """Parse and check every row; nothing is written."""
    if len(data) > MAX_BYTES:
        return ImportResult([], [_("The file is larger than %(mb)s MB.") % {"mb": 5}])
    if not zipfile.is_zipfile(io.BytesIO(data)):
        return ImportResult([], [_("This is not an Excel (.xlsx) file, or it is protected "
                                   "with a password. Save it unprotected as .xlsx.")])
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds on a damaged file
        return ImportResult([], [_("The file cannot be read as an Excel workbook.")])
    ws = wb.worksheets[0]
    rows = ws.iter_rows()
    try:
        header = [TEMPLATE_SPELLINGS.get(str(c.value).strip(), str(c.value).strip())
                  if c.value is not None else "" for c in next(rows)]
    except StopIteration:
        return ImportResult([], [_("The workbook is empty.")])
    known = {f for f, *_r in CASE_FIELDS} | {f for f, *_r in IDENTITY_FIELDS}
    if "prs_Gender" not in header or not known & set(header):
        return ImportResult([], [_("This is not an HTCDS template: its first row must hold "
                                   "HTCDS field names such as prs_Gender.")])
    next(rows, None)  # row 2: the labels
    parsed = []
    for number, cells in enumerate(rows, start=3):
        if number - 2 > MAX_ROWS:
            return ImportResult([], [_("More than %(n)s rows.") % {"n": MAX_ROWS}])
        values = {}
        formula = False
        for name, cell in zip(header, cells, strict=False):
            if getattr(cell, "data_type", None) == "f":
                formula = True
            if name:
                values[name] = cell.value
        if all(v in (None, "") for v in values.values()):
            continue
        row = _parse_row(number, values)
        if formula:
            row.errors.append(_("A cell holds a formula: enter values only."))
        parsed.append(row)
    wb.close()
    _flag_duplicates(parsed)
    return ImportResult(parsed, [])


def _parse_row(number: int, values: dict) -> Row:
    row = Row(number)
    for name, _table, attr, kind, choices in CASE_FIELDS:
        raw = values.get(name)
        try:
            row.case[attr] = _parse(name, raw, kind, choices)
        except ValueError as exc:
            row.errors.append(f"{name}: {exc}")
    for name, attr, kind in IDENTITY_FIELDS:
        try:
            row.identity[attr] = _parse(name, values.get(name), kind, None)
        except ValueError as exc:
            row.errors.append(f"{name}: {exc}")
    row.consent = _consent(values.get(CONSENT_FIELD), row)
    if not row.case.get("gender"):
        row.errors.append(_("prs_Gender: required."))
    if not row.case.get("intake_date"):
        row.case["intake_date"] = timezone.localdate()
    row.case["status"] = row.case.get("status") or cc.CaseStatus.ACTIVE
    if values.get("Id"):
        row.case["_code"] = str(values["Id"]).strip()
    return row


def _consent(raw, row: Row) -> bool:
    if raw is None or isinstance(raw, bool):
        return bool(raw)
    text = str(raw).strip().lower()
    if text in YES:
        return True
    if text in NO or not text:
        return False
    row.errors.append(_("%(field)s: not yes or no: “%(value)s”")
                      % {"field": CONSENT_FIELD, "value": str(raw)[:30]})
    return False


def _parse(name, raw, kind, choices):
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return [] if kind in ("multi", "countries") else ("" if kind != "date" else None)
    if kind == "date":
        return _date(raw)
    text = str(raw).strip()
    if kind == "text":
        return text[:200]
    if kind == "countries":
        from django_countries import countries

        codes = [c.strip().upper() for c in text.split(";") if c.strip()]
        bad = [c for c in codes if c not in dict(countries)]
        if bad:
            raise ValueError(_("unknown country code %(code)s") % {"code": bad[0]})
        return codes
    if kind == "multi":
        return [_value(name, part, choices) for part in text.split(";") if part.strip()]
    return _value(name, text, choices)


def _value(name, text, choices):
    text = text.strip()
    if text in choices.values:
        return text
    labels = {k.strip().lower(): v for k, v in LABELS.get(name, {}).items()}
    found = labels.get(text.lower())
    if found is None:
        found = next((v for v in choices.values if v.lower() == text.lower()), None)
    if found is None:
        raise ValueError(_("unknown value “%(value)s”") % {"value": text[:60]})
    return found


def _date(raw):
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    text = str(raw).strip()
    for fmt in ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"):
        try:
            value = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if value.year < 1900 or value > timezone.localdate():
            raise ValueError(_("date out of range: %(value)s") % {"value": text})
        return value
    raise ValueError(_("not a date: %(value)s (use YYYY-MM-DD)") % {"value": text[:30]})


def _flag_duplicates(rows: list[Row]) -> None:
    """Within the file: the same name and birth date twice."""
    seen = {}
    for row in rows:
        ident = row.identity
        if ident.get("first_name") and ident.get("second_name") and ident.get("birth_date"):
            key = (ident["first_name"].lower(), ident["second_name"].lower(),
                   ident["birth_date"])
            if key in seen:
                row.duplicate_of.append(_("row %(n)s of this file") % {"n": seen[key]})
            else:
                seen[key] = row.number


def check_against_registry(*, actor, result: ImportResult) -> None:
    """Flag rows that match a client already registered (blind indexes)."""
    from reintegra.clients.selectors import possible_duplicates

    for row in result.rows:
        ident = row.identity
        matches = possible_duplicates(actor=actor, first_name=ident.get("first_name", ""),
                                      second_name=ident.get("second_name", ""),
                                      birth_date=ident.get("birth_date"), documents=[])
        row.duplicate_of += [m.code or "?" for m in matches]


def import_workbook(*, actor, data: bytes, dry_run: bool = False) -> ImportResult:
    """Check every row; unless a dry run and only when there is no error, register every
    row's client in one transaction (identity sealed straight into the vault)."""
    if not may_exchange(actor):
        raise PermissionDenied
    result = read_workbook(data)
    if result.errors:
        return result
    check_against_registry(actor=actor, result=result)
    if dry_run or not result.ok:
        return result
    from reintegra.clients.services import register_client
    from reintegra.privacy.models import ConsentPurpose
    from reintegra.privacy.services import record_consent

    with transaction.atomic():
        for row in result.rows:
            case = {k: v for k, v in row.case.items() if not k.startswith("_")}
            status = case.pop("status")
            case.update(case_owner=actor, team=[], art9_basis=cc.Art9Basis.EXPLICIT_CONSENT)
            client = register_client(actor=actor, case=case,
                                     identity={**row.identity, "documents": []})
            if status != cc.CaseStatus.ACTIVE:
                Client.objects.filter(pk=client.pk).update(status=status)
            if row.consent:  # see CONSENT_FIELD: what the template's checkbox means
                record_consent(actor=actor, client=client,
                               purpose=ConsentPurpose.CASE_MANAGEMENT,
                               given_on=case["intake_date"], language="", explained_by=actor,
                               items_explained=[])
        record(actor=actor, action=Action.CREATE, object_type="exchange.htcds_import",
               object_id=str(len(result.rows)))
    result.imported = len(result.rows)
    return result
