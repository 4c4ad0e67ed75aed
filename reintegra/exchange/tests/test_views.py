"""The coordinators' HTCDS page: export as a zip, import with a dry run, then confirm.
Bad files answer with a message and import nothing, never a 500."""

import hashlib
import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reintegra.audit.models import AuditEvent
from reintegra.clients.models import Client
from reintegra.core.testing import make_client
from reintegra.exchange import htcds
from reintegra.exchange.tests.test_htcds import GOOD, template_with


def upload(data: bytes, name="clients.xlsx"):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.fixture
def coordinator(client, people):
    client.force_login(people.alice)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_export_downloads_a_zip_of_the_tables_and_is_recorded(coordinator, people):
    make_client(people.alice, first_name="Marta")
    before = AuditEvent.objects.filter(object_type="exchange.htcds").count()
    response = coordinator.post(reverse("exchange:export"), {"format": "json"})
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["htcds-case.json", "htcds-consent.json",
                                          "htcds-person.json", "htcds-victim.json"]
    person = json.loads(archive.read("htcds-person.json"))
    assert "prs_FirstName" not in person[0]  # not asked for
    assert AuditEvent.objects.filter(object_type="exchange.htcds").count() == before + 1
    response = coordinator.post(reverse("exchange:export"), {"format": "csv",
                                                              "identity": "on"})
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert "Marta" in archive.read("htcds-person.csv").decode()


def test_dry_run_lists_every_row_then_confirm_imports(coordinator, people, tmp_path):
    data = template_with([GOOD, {**GOOD, "prs_FirstName": "Anh"}], tmp_path)
    page = coordinator.post(reverse("exchange:import"), {"file": upload(data)})
    assert page.status_code == 200
    assert page.context["result"].ok and len(page.context["result"].rows) == 2
    assert b"Import all rows" in page.content and not Client.objects.exists()
    digest = hashlib.sha256(data).hexdigest()
    assert page.context["digest"] == digest
    done = coordinator.post(reverse("exchange:import"), {"file": upload(data),
                                                         "digest": digest, "confirm": ""})
    assert done.context["imported"] == 2 and Client.objects.count() == 2
    assert b"Olena" not in done.content


def test_confirming_another_file_than_the_checked_one_imports_nothing(coordinator, tmp_path):
    data = template_with([GOOD], tmp_path)
    page = coordinator.post(reverse("exchange:import"), {
        "file": upload(data), "digest": "0" * 64, "confirm": ""})
    assert "not the file that was checked" in page.context["message"]
    assert not Client.objects.exists()


def _password_protected() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600  # an encrypted (OLE) workbook


def _foreign() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Name", "Amount"])
    wb.active.append(["x", 1])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.mark.parametrize("kind", ["not xlsx", "malformed", "password", "foreign", "formula",
                                  "bad row", "oversized", "missing"])
def test_bad_files_get_a_message_and_nothing_is_imported(coordinator, tmp_path, kind):
    if kind == "malformed":
        junk = io.BytesIO()
        with zipfile.ZipFile(junk, "w") as archive:
            archive.writestr("word/document.xml", "<not a workbook/>")
        data, expect = junk.getvalue(), "cannot be read"
    elif kind == "not xlsx":
        data, expect = b"PK\x03\x04broken", "not an Excel (.xlsx) file"
    elif kind == "password":
        data, expect = _password_protected(), "password"
    elif kind == "foreign":
        data, expect = _foreign(), "not an HTCDS template"
    elif kind == "formula":
        data = template_with([GOOD], tmp_path, formula='=HYPERLINK("http://x","y")')
        expect = "formula"
    elif kind == "bad row":
        data, expect = template_with([{**GOOD, "prs_Gender": "??"}], tmp_path), "prs_Gender"
    elif kind == "oversized":
        data, expect = b"x" * (htcds.MAX_BYTES + 10), "larger than"
    else:
        data, expect = None, "Choose the HTCDS Excel file"
    for confirm in ({}, {"confirm": "", "digest": hashlib.sha256(data or b"").hexdigest()}):
        body = {**confirm, **({"file": upload(data)} if data is not None else {})}
        page = coordinator.post(reverse("exchange:import"), body)
        assert page.status_code == 200
        assert expect in page.content.decode()
        assert b"Import all rows" not in page.content
    assert not Client.objects.exists()


def test_others_are_refused(client, people, tmp_path):
    data = template_with([GOOD], tmp_path)
    for persona in (people.dora, people.bob):
        client.force_login(persona)
        assert client.get(reverse("exchange:index")).status_code == 403
        assert client.post(reverse("exchange:import"), {"file": upload(data)}).status_code \
            == 403
        assert client.post(reverse("exchange:export"), {"format": "csv"}).status_code == 403
    assert not Client.objects.exists()


def test_the_page_offers_identity_only_to_who_may_see_it(coordinator):
    page = coordinator.get(reverse("exchange:index"))
    assert b'name="identity"' in page.content
