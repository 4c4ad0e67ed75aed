"""Encrypted files of a client: upload, download, delete, limits and access."""

import logging
import unicodedata
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as HttpClient
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from reintegra.audit.models import AuditEvent
from reintegra.clients.models import Attachment
from reintegra.core.testing import make_client
from reintegra.privacy.forms import clean_file_name
from reintegra.privacy.services import upload_attachment
from reintegra.privacy.uploads import MemoryOnlyUploadHandler, OversizeUpload
from reintegra.vault import files

from .conftest import PDF, PNG


def upload_url(c):
    return reverse("privacy:attachment_upload", args=[c.pk])


def download_url(attachment):
    return reverse("privacy:attachment_download", args=[attachment.client_id, attachment.uid])


def delete_url(attachment):
    return reverse("privacy:attachment_delete", args=[attachment.client_id, attachment.uid])


def post_file(client, team_client, name, data, content_type="application/pdf"):
    return client.post(upload_url(team_client),
                       {"file": SimpleUploadedFile(name, data, content_type=content_type)})


def stored_files(media_root):
    return [p for p in (media_root / "vault").rglob("*") if p.is_file()] if (
        media_root / "vault").exists() else []


def test_upload_stores_ciphertext_only_and_download_gives_the_file_back(
        client, team_client, people, media_root):
    client.force_login(people.bob)
    response = post_file(client, team_client, "Paszport Kowalska.pdf", PDF)
    assert response.status_code == 302
    assert response["Location"].endswith("#attachments-h")
    attachment = Attachment.objects.get()
    [stored] = stored_files(media_root)
    raw = stored.read_bytes()
    assert raw.startswith(b"rv1.") and PDF not in raw and b"%PDF" not in raw
    assert "Kowalska" not in str(stored) and ".pdf" not in str(stored)
    assert stored.name == attachment.blob
    assert attachment.name_sealed.startswith("rv1.") and "Kowalska" not in attachment.name_sealed
    assert attachment.content_type_sealed.startswith("rv1.")
    assert attachment.size == len(PDF)

    response = client.get(download_url(attachment))
    assert response.status_code == 200
    assert response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Kowalska.pdf" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"].split(", ")
    assert AuditEvent.objects.filter(action="create", object_type="clients.attachment",
                                     object_id=str(attachment.pk), actor=people.bob).exists()
    assert AuditEvent.objects.filter(action="export", object_type="clients.attachment",
                                     object_id=str(attachment.pk), actor=people.bob).exists()


def test_the_client_page_lists_the_file_by_its_name(client, team_client, people):
    client.force_login(people.bob)
    post_file(client, team_client, "scan.png", PNG, "image/png")
    page = client.get(reverse("clients:detail", args=[team_client.pk])).content.decode()
    assert "scan.png" in page and 'id="attachments-h"' in page
    client.force_login(people.lena)  # legal advisor: no case section, so no files
    page = client.get(reverse("clients:detail", args=[team_client.pk])).content.decode()
    assert 'id="attachments-h"' not in page and "scan.png" not in page


def test_the_type_is_judged_by_the_content_not_the_name(client, team_client, people,
                                                        media_root):
    client.force_login(people.bob)
    response = post_file(client, team_client, "scan.pdf", b"MZ\x90\x00 not a pdf at all")
    assert response.status_code == 200
    page = response.content.decode()
    assert "error-summary" in page and 'href="#id_file"' in page
    assert not Attachment.objects.exists() and not stored_files(media_root)


def test_a_file_over_the_limit_is_refused_with_a_field_error(client, team_client, people,
                                                             settings, media_root):
    settings.REINTEGRA_ATTACHMENT_MAX_BYTES = 2000
    client.force_login(people.bob)
    response = post_file(client, team_client, "big.pdf", PDF + b"x" * 3000)
    assert response.status_code == 200
    assert 'id="id_file_error"' in response.content.decode()
    assert not Attachment.objects.exists() and not stored_files(media_root)
    response = post_file(client, team_client, "fits.pdf", PDF + b"x" * (2000 - len(PDF)))
    assert response.status_code == 302


@pytest.mark.parametrize("data", [None, b""])
def test_no_file_or_an_empty_file_is_explained(client, team_client, people, data):
    client.force_login(people.bob)
    payload = {} if data is None else {"file": SimpleUploadedFile("empty.pdf", data)}
    response = client.post(upload_url(team_client), payload)
    assert response.status_code == 200
    assert 'id="id_file_error"' in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_large_upload_never_touches_a_temporary_file(client, team_client, people, settings,
                                                       tmp_path):
    # Were Django's temporary-file handler used, it would fail in this folder that is not
    # there: the upload succeeds because the file stays in memory until it is encrypted.
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "no-such-folder")
    client.force_login(people.bob)
    big = PDF + b"y" * (3 * 1024 * 1024)  # above FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB)
    response = post_file(client, team_client, "big-scan.pdf", big)
    assert response.status_code == 302
    assert client.get(download_url(Attachment.objects.get())).content == big


def test_the_upload_handler_keeps_at_most_the_limit_in_memory():
    handler = MemoryOnlyUploadHandler(max_bytes=10)
    with pytest.raises(Exception) as stopped:
        handler.new_file("file", "a.pdf", "application/pdf", None)
    assert type(stopped.value).__name__ == "StopFutureHandlers"
    handler.receive_data_chunk(b"12345", 0)
    handler.receive_data_chunk(b"678901", 5)
    result = handler.file_complete(11)
    assert isinstance(result, OversizeUpload) and result.size == 11 and result.read() == b""


def test_upload_checks_csrf(team_client, people):
    http = HttpClient(enforce_csrf_checks=True)
    http.force_login(people.bob)
    response = http.post(upload_url(team_client),
                         {"file": SimpleUploadedFile("a.pdf", PDF)})
    assert response.status_code == 403
    assert not Attachment.objects.exists()


def make_attachment(team_client, people, data=PDF, name="scan.pdf"):
    return upload_attachment(actor=people.bob, client=team_client, name=name, data=data)


def test_download_checks_access(client, team_client, people):
    attachment = make_attachment(team_client, people)
    expected = {"alice": 200, "bob": 200, "piotr": 200, "charlie": 404, "lena": 404,
                "tina": 404, "dora": 404, "oscar": 404}
    for who, status in expected.items():
        client.force_login(getattr(people, who))
        response = client.get(download_url(attachment))
        assert response.status_code == status, who
        if status != 200:
            assert PDF not in response.content
    exporters = set(AuditEvent.objects.filter(action="export").values_list(
        "actor__username", flat=True))
    assert exporters == {"alice", "bob", "piotr"}


def test_upload_page_checks_access(client, team_client, people):
    expected = {"alice": 200, "bob": 200, "piotr": 200, "charlie": 404, "lena": 403,
                "tina": 404, "dora": 403, "oscar": 404}
    for who, status in expected.items():
        client.force_login(getattr(people, who))
        assert client.get(upload_url(team_client)).status_code == status, who
        if status != 200:
            assert post_file(client, team_client, "a.pdf", PDF).status_code == status, who
    assert not Attachment.objects.exists()


def test_forged_or_foreign_file_ids_are_404(client, team_client, people):
    attachment = make_attachment(team_client, people)
    other = make_client(people.alice, team=[people.bob])
    client.force_login(people.bob)
    forged = reverse("privacy:attachment_download", args=[team_client.pk, uuid.uuid4()])
    assert client.get(forged).status_code == 404
    foreign = reverse("privacy:attachment_download", args=[other.pk, attachment.uid])
    assert client.get(foreign).status_code == 404
    bad = f"/privacy/clients/{team_client.pk}/attachments/not-a-uuid/"
    assert client.get(bad).status_code == 404


def test_a_damaged_or_swapped_file_is_not_served(client, team_client, people, caplog):
    first = make_attachment(team_client, people, name="first.pdf")
    second = make_attachment(team_client, people, data=PNG, name="second.png")
    # Swap the two ciphertexts on disk: each is bound to its own attachment and refuses.
    path_1, path_2 = files._path(first.blob), files._path(second.blob)
    data_1, data_2 = path_1.read_bytes(), path_2.read_bytes()
    path_1.write_bytes(data_2)
    path_2.write_bytes(data_1)
    client.force_login(people.bob)
    with caplog.at_level(logging.WARNING):
        assert client.get(download_url(first)).status_code == 404
    assert any("cannot decrypt attachment" in r.getMessage() for r in caplog.records)
    assert not AuditEvent.objects.filter(action="export").exists()


def test_delete_removes_the_row_and_the_file(client, team_client, people, media_root,
                                             django_capture_on_commit_callbacks):
    attachment = make_attachment(team_client, people)
    client.force_login(people.bob)
    assert "scan.pdf" in client.get(delete_url(attachment)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(delete_url(attachment))
    assert response.status_code == 302
    assert not Attachment.objects.exists() and not stored_files(media_root)
    assert AuditEvent.objects.filter(action="delete", object_type="clients.attachment").exists()


def test_delete_checks_access(client, team_client, people):
    expected = {"piotr": 404, "charlie": 404, "lena": 404, "tina": 404, "dora": 404,
                "oscar": 404, "alice": 200, "bob": 200}
    for who, status in expected.items():
        attachment = Attachment.objects.first() or make_attachment(team_client, people)
        client.force_login(getattr(people, who))
        assert client.get(delete_url(attachment)).status_code == status, who
        response = client.post(delete_url(attachment))
        assert Attachment.objects.exists() == (status != 200), who
        if status != 200:
            assert response.status_code == status, who


@given(st.text(max_size=400))
def test_a_file_name_is_always_a_short_plain_name(name):
    cleaned = clean_file_name(name)
    assert cleaned and len(cleaned) <= 150
    assert "/" not in cleaned and "\\" not in cleaned
    assert not any(unicodedata.category(ch)[0] == "C" for ch in cleaned)


def test_a_file_name_keeps_its_last_part_and_extension():
    assert clean_file_name("C:\\Users\\ola\\Paszport.pdf") == "Paszport.pdf"
    assert clean_file_name("../../etc/passwd\x00.png") == "passwd.png"
    assert clean_file_name("a" * 300 + ".pdf").endswith(".pdf")
    assert clean_file_name("") == "file"


def test_no_one_may_delete_files_of_an_erased_client(team_client, people):
    from reintegra.privacy.access import may_delete_attachment

    assert may_delete_attachment(people.alice, team_client)
    team_client.erased_at = team_client.intake_date
    assert not may_delete_attachment(people.alice, team_client)
    assert not may_delete_attachment(people.bob, team_client)
