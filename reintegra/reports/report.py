"""One report: the sections' figures, protected for the audience, and their JSON shape.

``build_report`` is the only way to a report; renderers (``render.py``) take what it
returns and nothing else, so a chart or a table can only show protected figures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from reintegra.accounts.models import Role
from reintegra.accounts.org_settings import for_organisation
from reintegra.audit.models import Action
from reintegra.audit.services import record

from . import disclosure as d
from .models import Audience, PublishedReport
from .sections import Context, Section, build_sections, population


def disclosure_k(organisation=None) -> int:
    """The organisation's own k (its settings page), else the server's REPORT_DISCLOSURE_K;
    never below the floor of 3."""
    return d.effective_k(for_organisation(organisation).disclosure_k)


def may_generate(actor) -> bool:
    """Reports, internal or public, are the coordinator's (docs/domain.md, roles: the
    coordinator answers for the programme's results)."""
    return bool(getattr(actor, "is_authenticated", False)
                and actor.role == Role.COORDINATOR and actor.organisation_id)


@dataclass
class Report:
    audience: str
    language: str
    start: dt.date
    end: dt.date
    k: int
    people: int
    sections: list[Section]
    tables: dict[str, d.ProtectedTable]
    statistics: dict[str, d.Statistic]
    charts: list[dict] = field(default_factory=list)
    generated_at: dt.datetime | None = None

    @property
    def public(self) -> bool:
        return self.audience == Audience.PUBLIC

    @property
    def empty(self) -> bool:
        return self.people == 0

    def as_json(self) -> dict:
        return {
            "audience": self.audience,
            "period": {"start": self.start.isoformat(), "end": self.end.isoformat()},
            "k": self.k if self.public else None,
            "language": self.language,
            "tables": [t.as_json() for t in self.tables.values()],
            "statistics": [s.as_json() for s in self.statistics.values()],
            "charts": self.charts,
            # the text around the figures: what each section says and its caveats
            "sections": [{"id": s.id, "title": str(s.title),
                          "paragraphs": [str(p) for p in s.paragraphs],
                          "caveats": [str(c) for c in s.caveats],
                          "tables": [t.id for t in s.tables if t.id in self.tables]}
                         for s in self.sections],
        }


def build_report(*, actor, start: dt.date, end: dt.date, audience: str = Audience.PUBLIC,
                 language: str = "pl", k: int | None = None,
                 progress: Callable[[int, str], None] | None = None) -> Report:
    """Aggregate, protect and record. A public report's figures are kept for the
    differencing check of the next ones."""
    if not may_generate(actor):
        raise PermissionDenied
    if start > end:
        raise ValueError("the period starts after it ends")
    k = d.effective_k(k if k is not None else disclosure_k(actor.organisation))
    public = audience == Audience.PUBLIC
    step = progress or (lambda _p, _s: None)
    organisation = actor.organisation
    with translation.override(language):
        step(5, "population")
        people = population(organisation=organisation, start=start, end=end)
        ctx = Context(actor=actor, organisation=organisation, start=start, end=end,
                      language=language, public=public, k=k, people=people,
                      n=people.count())
        step(15, "sections")
        sections = build_sections(ctx)
        step(50, "disclosure")
        tables = [t for s in sections for t in s.tables]
        known = {t.id for t in tables}
        links = [link for s in sections for link in s.links
                 if link.a[0] in known and link.b[0] in known]
        sums = [rel for s in sections for rel in s.sums
                if rel.total[0] in known and all(p[0] in known for p in rel.parts)]
        if public:
            history = _history(organisation, start, end)
            protected = d.protect(tables, k=k, links=links, history=history, sums=sums)
        else:
            protected = d.unprotected(tables)
        by_id = {t.id: t for t in protected}
        stats = [d.protect_statistic(s, k, public, by_id)
                 for sec in sections for s in sec.statistics]
        step(80, "record")
        report = Report(
            audience=audience, language=language, start=start, end=end, k=k,
            people=ctx.n, sections=sections, tables={t.id: t for t in protected},
            statistics={s.id: s for s in stats},
            charts=[{"id": f"chart_{c['table']}", "table": c["table"], "kind": c["kind"],
                     "title": next(t.title for t in protected if t.id == c["table"])}
                    for sec in sections for c in sec.charts if c["table"] in known],
        )
        _record(actor, report)
    return report


def _history(organisation, start, end) -> list[d.ProtectedTable]:
    """The tables of every earlier public report of the organisation (regenerating a
    report with the same figures differs by nothing, so it is never blocked by itself)."""
    out = []
    for earlier in PublishedReport.objects.filter(organisation=organisation):
        for t in earlier.tables:
            out.append(d.ProtectedTable(
                id=t["id"], title=t["title"], unit=t["unit"], row_labels=t["row_labels"],
                col_labels=t["col_labels"], cells=t["cells"], row_totals=t["row_totals"],
                col_totals=t["col_totals"], grand_total=t["grand_total"]))
    return out


@transaction.atomic
def _record(actor, report: Report) -> None:
    object_id = f"{report.audience}:{report.start.isoformat()}:{report.end.isoformat()}"
    if report.public:
        kept = PublishedReport.objects.create(
            organisation=actor.organisation, start=report.start, end=report.end,
            k=report.k, tables=[t.as_json() for t in report.tables.values()],
            created_by=actor)
        object_id = str(kept.pk)
    record(actor=actor, action=Action.EXPORT, object_type="reports.report",
           object_id=object_id)


def rules_applied(report: Report) -> list[str]:
    """The appendix: the disclosure rules, in the report's language."""
    if not report.public:
        return [_("Internal report: full figures, for the coordinators of the organisation "
                  "only. Do not publish it or pass it on.")]
    k = report.k
    return [
        _("Only clients who consent to the use of their non-identifying data for statistics "
          "are counted."),
        _("No count of people below %(k)s is shown, zeros included (threshold k = %(k)s; "
          "never below 3).") % {"k": k},
        _("Polish statistics act (ustawa o statystyce publicznej, art. 38(2)): no figure on "
          "fewer than 3 units, and no hours or sessions where one person makes over 3/4 of "
          "the figure."),
        _("No hours or sessions where the two largest contributors make so much of the "
          "figure that one of them could estimate the other's within 10 per cent (the "
          "p-per-cent rule, against a participant who knows their own contribution)."),
        _("Further figures are hidden (secondary suppression) so that no hidden figure can "
          "be worked out, or narrowed to fewer than 3 possible values, from the totals or "
          "from the other tables of this report, even by a person counted in the table."),
        _("No percentage, mean or median over fewer than %(k)s people.") % {"k": k},
        _("Countries are merged into regions and ages into broader bands where that shows "
          "more people."),
        _("Figures that differ by fewer than %(k)s people from the same figure in an earlier "
          "public report are hidden.") % {"k": k},
        _("Charts are drawn from the protected tables only. A dash (–) marks a hidden "
          "figure."),
    ]
