"""Uploads are judged by their bytes: the type comes from the content, and a file whose
content does not match its name or declared type is refused (nothing stored)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reintegra.clients.models import Attachment
from reintegra.privacy.services import upload_attachment
from reintegra.privacy.uploads import check_upload

from .conftest import JPEG, PDF, PNG

POLYGLOT = (b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n"
            b"1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")


def post(client, c, name, data, content_type):
    return client.post(reverse("privacy:attachment_upload", args=[c.pk]),
                       {"file": SimpleUploadedFile(name, data, content_type=content_type)})


@pytest.mark.parametrize(("name", "data", "content_type"), [
    ("scan.pdf", PNG, "application/pdf"),  # a PNG named .pdf
    ("scan.png", PDF, "image/png"),  # a PDF named .png
    ("page.html", POLYGLOT, "text/html"),  # a PDF/HTML polyglot named .html
    ("page.pdf", POLYGLOT, "application/pdf"),  # the polyglot named .pdf: HTML inside
    ("scan.pdf", PDF, "text/html"),  # the right bytes, a wrong declared type
    ("scan", PDF, "application/pdf"),  # no extension
    ("cut.png", PNG[:20], "image/png"),  # a PNG without its end
    ("cut.pdf", PDF.replace(b"%%EOF", b""), "application/pdf"),  # a PDF without its end
    ("photo.jpg", JPEG[:-2], "image/jpeg"),  # a JPEG without its end marker
], ids=["png-as-pdf", "pdf-as-png", "polyglot-as-html", "polyglot-as-pdf", "declared-html",
        "no-extension", "cut-png", "cut-pdf", "cut-jpeg"])
def test_a_file_whose_content_does_not_match_is_refused(client, team_client, people,
                                                        name, data, content_type):
    client.force_login(people.bob)
    response = post(client, team_client, name, data, content_type)
    assert response.status_code == 200
    assert 'id="id_file_error"' in response.content.decode()
    assert not Attachment.objects.exists()
    if content_type != "text/html":  # the service sees no declared type; the rest it checks
        with pytest.raises(ValidationError):
            upload_attachment(actor=people.bob, client=team_client, name=name, data=data)
        assert not Attachment.objects.exists()


@pytest.mark.parametrize(("name", "data", "declared", "expected"), [
    ("scan.pdf", PDF, "application/pdf", "application/pdf"),
    ("Scan.PDF", PDF, "application/octet-stream", "application/pdf"),
    ("scan.png", PNG, "image/png", "image/png"),
    ("photo.jpg", JPEG, "image/jpeg", "image/jpeg"),
    ("photo.jpeg", JPEG, "", "image/jpeg"),
])
def test_a_matching_file_is_typed_by_its_content(name, data, declared, expected):
    assert check_upload(name=name, data=data, declared_type=declared) == expected


def test_downloads_are_attachments_that_browsers_do_not_sniff(client, team_client, people):
    attachment = upload_attachment(actor=people.bob, client=team_client, name="a.png", data=PNG)
    client.force_login(people.bob)
    response = client.get(reverse("privacy:attachment_download",
                                  args=[team_client.pk, attachment.uid]))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
