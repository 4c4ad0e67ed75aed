"""A CTDC-style record-level export: one row per person, k-anonymous over the
quasi-identifiers, by global generalisation and then suppression.

CTDC (the Counter Trafficking Data Collaborative, IOM) publishes record-level victim data
k-anonymised with k = 11 over the quasi-identifiers, with broad age bands 0-8, 9-17,
18-20, 21-23, 24-26, 27-29, 30-38, 39-47, 48+ (docs/reports.md). Here the setting
``CTDC_K`` (default 11, never below 3) is k. Only clients consenting to statistics are
exported; no identifier, date or free text leaves.

Quasi-identifiers: age band, gender, citizenship region, forms of exploitation, year of
intake. Generalisation levels, applied to the whole file at once (full-domain
generalisation, so every record of the file has the same meaning): 0 as recorded; 1
broad age bands and home country against abroad; 2 forms of exploitation reduced to
"sexual", "labour", "other", "several"; 3 the year left out. The lowest level at which at
most ``MAX_DROPPED`` of the records fall in classes smaller than k is used; those
records are dropped (suppression).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.conf import settings

from reintegra.privacy.regions import Region, region_of
from reintegra.reports.disclosure import effective_k

DEFAULT_K = 11  # CTDC
MAX_DROPPED = 0.1  # at most a tenth of the records dropped before generalising further
QUASI_IDENTIFIERS = ("age_band", "gender", "citizenship_region", "exploitation", "year")
BROAD_AGES = {"0-8": "0-17", "9-17": "0-17", "18-20": "18-29", "21-23": "18-29",
              "24-26": "18-29", "27-29": "18-29", "30-38": "30-47", "39-47": "30-47",
              "48+": "48+", "": ""}
LEVELS = 4


def ctdc_k() -> int:
    return effective_k(getattr(settings, "CTDC_K", DEFAULT_K))


def _broad_forms(forms: str) -> str:
    items = [f for f in forms.split(";") if f]
    if len(items) > 1:
        return "Several"
    if not items:
        return ""
    if items[0] == "SexualExploitation":
        return "Sexual"
    if items[0] in ("ForcedLabour", "ChildLabour", "Servitude", "ForcedBegging"):
        return "Labour"
    return "Other"


def generalise(record: dict, level: int) -> dict:
    out = dict(record)
    if level >= 1:
        out["age_band"] = BROAD_AGES.get(out["age_band"], out["age_band"])
        out["citizenship_region"] = ("home" if out["citizenship_region"] == Region.HOME
                                     else "abroad")
    if level >= 2:
        out["exploitation"] = _broad_forms(out["exploitation"])
    if level >= 3:
        out["year"] = ""
    return out


def _key(record: dict) -> tuple:
    return tuple(record[q] for q in QUASI_IDENTIFIERS)


@dataclass
class Result:
    records: list[dict]
    level: int
    generalised: int  # records whose quasi-identifiers changed
    dropped: int
    k: int


def anonymise(records: list[dict], k: int | None = None) -> Result:
    k = effective_k(k if k is not None else ctdc_k())
    for level in range(LEVELS):
        recoded = [generalise(r, level) for r in records]
        sizes = Counter(_key(r) for r in recoded)
        small = sum(1 for r in recoded if sizes[_key(r)] < k)
        if small <= MAX_DROPPED * len(records) or level == LEVELS - 1:
            kept = [r for r in recoded if sizes[_key(r)] >= k]
            changed = sum(1 for before, after in zip(records, recoded, strict=True)
                          if _key(before) != _key(after) and sizes[_key(after)] >= k)
            return Result(records=kept, level=level, generalised=changed,
                          dropped=len(records) - len(kept), k=k)
    raise AssertionError("unreachable")


def source_records(*, organisation) -> list[dict]:
    """One row per consenting client, quasi-identifiers and the trafficking status only."""
    from reintegra.clients.models import Client
    from reintegra.privacy.selectors import clients_consenting_to_statistics

    ids = clients_consenting_to_statistics(organisation=organisation).values("pk")
    rows = Client.objects.filter(pk__in=ids).order_by("?").values_list(
        "age_band", "gender", "citizenship", "exploitation_types", "intake_date",
        "trafficking_status")
    out = []
    for age_band, gender, citizenship, forms, intake, status in rows:
        first = str(citizenship or "").split(",")[0]
        out.append({
            "age_band": age_band or "", "gender": gender or "",
            "citizenship_region": str(region_of(first)),
            "exploitation": ";".join(sorted(Client._meta.get_field(
                "exploitation_types").to_python(forms))),
            "year": str(intake.year) if intake else "",
            "trafficking_status": status or "",
        })
    return out
