"""The report as JSON, HTML, tagged PDF (WeasyPrint, PDF/UA-1) and DOCX (python-docx).

Every renderer takes a ``report.Report``: its tables and statistics are already protected
for the audience, and charts are drawn from those protected tables, so no renderer can
show a hidden figure."""

from __future__ import annotations

import base64
import io
import json

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from reintegra.core.dates import show_date

from .report import Report, rules_applied

PDF_VARIANT = "pdf/ua-1"
DASH = "–"
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "json": "application/json",
}


def as_json(report: Report) -> bytes:
    return json.dumps(report.as_json(), ensure_ascii=False, indent=2).encode("utf-8")


# --- Charts ---------------------------------------------------------------------------------


def chart_png(table) -> bytes:
    """A bar chart of a protected table: hidden figures are left out and named in the
    caption, never drawn."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    rows = len(table.row_labels)
    fig, ax = plt.subplots(figsize=(6.4, max(2.0, 0.35 * rows + 1.0)), dpi=110)
    try:
        left = [0.0] * rows
        colours = ["#1d70b8", "#00703c", "#d4351c", "#6f72af"]
        for c, col in enumerate(table.col_labels):
            values = [table.cells[r][c] for r in range(rows)]
            shown = [v if v is not None else 0 for v in values]
            ax.barh(range(rows), shown, left=left, color=colours[c % len(colours)],
                    label=col)
            left = [a + b for a, b in zip(left, shown, strict=True)]
        ax.set_yticks(range(rows))
        ax.set_yticklabels([_label(table, r) for r in range(rows)], fontsize=8)
        ax.invert_yaxis()
        ax.set_xlabel(_unit(table.unit))
        if len(table.col_labels) > 1:
            ax.legend(fontsize=8, loc="lower right")
        ax.spines[["top", "right"]].set_visible(False)
        fig.tight_layout()
        out = io.BytesIO()
        fig.savefig(out, format="png")
        return out.getvalue()
    finally:
        plt.close(fig)


def _label(table, r) -> str:
    hidden = any(v is None for v in table.cells[r])
    if not hidden:
        return table.row_labels[r]
    return _("%(label)s (hidden)") % {"label": table.row_labels[r]}


def _unit(unit: str) -> str:
    return {"people": _("people"), "hours": _("hours"), "sessions": _("sessions")}.get(unit,
                                                                                       unit)


def chart_alt(table) -> str:
    """Alternative text: the chart's figures in words (the same protected figures)."""
    parts = []
    for r, label in enumerate(table.row_labels):
        values = ", ".join(DASH if v is None else str(v) for v in table.cells[r])
        parts.append(f"{label}: {values}")
    return _("Bar chart, %(title)s (%(unit)s). %(values)s. A dash marks a hidden figure.") % {
        "title": table.title, "unit": _unit(table.unit), "values": "; ".join(parts)}


def charts(report: Report) -> list[dict]:
    out = []
    for chart in report.charts:
        table = report.tables[chart["table"]]
        if not any(v is not None for row in table.cells for v in row):
            continue  # nothing left to draw
        out.append({**chart, "png": chart_png(table), "alt": chart_alt(table)})
    return out


# --- HTML and PDF ---------------------------------------------------------------------------


def context(report: Report, *, embed_charts=True) -> dict:
    drawn = charts(report) if embed_charts else []
    by_table = {c["table"]: {**c, "src": "data:image/png;base64,"
                                          + base64.b64encode(c["png"]).decode("ascii")}
                for c in drawn}
    sections = []
    for section in report.sections:
        sections.append({
            "id": section.id, "title": section.title, "paragraphs": section.paragraphs,
            "caveats": section.caveats,
            "tables": [{"table": _display(report.tables[t.id]),
                        "chart": by_table.get(t.id)} for t in section.tables],
            "statistics": [report.statistics[s.id] for s in section.statistics],
        })
    return {"report": report, "sections": sections, "rules": rules_applied(report),
            "dash": DASH}


def _display(table) -> dict:
    def show(v):
        return DASH if v is None else v

    rows = []
    for r, label in enumerate(table.row_labels):
        total = table.row_totals[r] if table.row_totals else None
        rows.append({"label": label, "cells": [show(v) for v in table.cells[r]],
                     "total": show(total) if table.row_totals else None})
    return {"id": table.id, "title": table.title, "unit": _unit(table.unit),
            "col_labels": table.col_labels, "rows": rows,
            "col_totals": [show(v) for v in table.col_totals] if table.col_totals else None,
            "row_totals": table.row_totals is not None,
            "grand_total": show(table.grand_total)}


def as_html(report: Report, *, standalone=True) -> str:
    """A standalone document (its own styles, charts inline): the PDF's source, and a file
    the app only ever sends as a download (never rendered under the site's CSP)."""
    with translation.override(report.language):
        return render_to_string("reports/pdf/document.html", {
            **context(report), "standalone": standalone, "LANGUAGE_CODE": report.language})


def as_pdf(report: Report) -> bytes:
    # Imported here: WeasyPrint parses its stylesheets on import (see programme/pdf.py).
    from weasyprint import HTML

    html = as_html(report)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        pdf_variant=PDF_VARIANT)


# --- DOCX -----------------------------------------------------------------------------------


def as_docx(report: Report) -> bytes:
    from docx import Document
    from docx.shared import Cm

    with translation.override(report.language):
        ctx = context(report)
        doc = Document()
        doc.core_properties.title = _title(report)
        doc.core_properties.language = report.language
        doc.add_heading(_title(report), level=0)
        doc.add_paragraph(_period(report))
        if report.empty:
            doc.add_paragraph(_("No clients were served in this period (or none consents to "
                                "statistics): the report has no figures."))
        for section in ctx["sections"]:
            doc.add_heading(str(section["title"]), level=1)
            for text in section["paragraphs"]:
                doc.add_paragraph(str(text))
            for item in section["tables"]:
                table = item["table"]
                doc.add_heading(str(table["title"]), level=2)
                _docx_table(doc, table)
                chart = item["chart"]
                if chart:
                    doc.add_picture(io.BytesIO(chart["png"]), width=Cm(15))
                    _alt_text(doc.inline_shapes[-1], chart["alt"])
            for stat in section["statistics"]:
                value = DASH if stat.value is None else stat.value
                n = DASH if stat.n is None else stat.n
                doc.add_paragraph(f"{stat.label}: {value} (n = {n})", style="List Bullet")
            for caveat in section["caveats"]:
                doc.add_paragraph(str(caveat), style="Intense Quote")
        doc.add_heading(_("Appendix: disclosure rules applied"), level=1)
        for rule in ctx["rules"]:
            doc.add_paragraph(str(rule), style="List Bullet")
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()


def _docx_table(doc, table: dict) -> None:
    cols = len(table["col_labels"]) + 1 + (1 if table["row_totals"] else 0)
    grid = doc.add_table(rows=1, cols=cols)
    grid.style = "Table Grid"
    header = grid.rows[0].cells
    header[0].text = ""
    for i, label in enumerate(table["col_labels"], start=1):
        header[i].text = str(label)
    if table["row_totals"]:
        header[-1].text = _("Total")
    _repeat_header(grid.rows[0])
    for row in table["rows"]:
        cells = grid.add_row().cells
        cells[0].text = str(row["label"])
        for i, value in enumerate(row["cells"], start=1):
            cells[i].text = str(value)
        if table["row_totals"]:
            cells[-1].text = str(row["total"])
    cells = grid.add_row().cells
    cells[0].text = _("Total")
    if table["col_totals"]:
        for i, value in enumerate(table["col_totals"], start=1):
            cells[i].text = str(value)
    cells[-1].text = str(table["grand_total"])


def _repeat_header(row) -> None:
    """Mark the first row as a header row (screen readers, page breaks)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    props = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    props.append(header)


def _alt_text(shape, text: str) -> None:
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", text)
    doc_pr.set("title", text[:120])


def _title(report: Report) -> str:
    if report.public:
        return _("Reintegration programme: analytical report")
    return _("Reintegration programme: internal report (full figures)")


def _period(report: Report) -> str:
    return _("Period: %(start)s to %(end)s") % {"start": show_date(report.start),
                                                "end": show_date(report.end)}


def render(report: Report, fmt: str) -> bytes:
    if fmt == "json":
        return as_json(report)
    if fmt == "html":
        return as_html(report).encode("utf-8")
    if fmt == "pdf":
        return as_pdf(report)
    if fmt == "docx":
        return as_docx(report)
    raise ValueError(f"unknown format {fmt}")
