"""PDF documents of the programme (WeasyPrint, tagged PDF/UA-1, DejaVu fonts for Polish
diacritics and Cyrillic). The callers (selectors) have already checked access and
recorded the export."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

PDF_VARIANT = "pdf/ua-1"


def render_pdf(template: str, context: dict, *, language: str) -> bytes:
    # Imported here: WeasyPrint parses its default stylesheets (and logs it) on import,
    # which every page load and management command would otherwise pay for.
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string(template, {**context, "LANGUAGE_CODE": language})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant=PDF_VARIANT)


def certificate_pdf(cert) -> bytes:
    return render_pdf("programme/pdf/certificate.html", {"cert": cert,
                      "title": cert.enrolment.offering.activity.name(cert.language)},
                      language=cert.language)


def attendance_sheet_pdf(sheet, *, language: str) -> bytes:
    session = sheet.session
    return render_pdf("programme/pdf/attendance_sheet.html", {
        "sheet": sheet, "session": session,
        "title": session.offering.title(language),
    }, language=language)
