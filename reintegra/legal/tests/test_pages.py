"""Pages: who sees what (content, not only status), forms that keep what was typed,
fixed query counts, the due page and its count in the header."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from reintegra.audit.models import AuditEvent
from reintegra.core.dates import show_date
from reintegra.core.testing import make_client
from reintegra.legal import services
from reintegra.legal.models import LegalStatus


def page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    return response.status_code, response.content.decode()


def test_the_legal_page_shows_the_computed_expiry_with_its_basis(client, people, team_client,
                                                                 certificate):
    status, html = page(client, people.lena, reverse("legal:client", args=[team_client.pk]))
    assert status == 200
    assert show_date(certificate.valid_until) in html
    assert "art. 170-171" in html and "CERT_170_VALIDITY" in html
    assert "SG-123/26" in html and "Secret legal remark" in html
    assert AuditEvent.objects.filter(action="view", object_type="legal.client",
                                     client_id=team_client.pk, actor=people.lena).exists()


@pytest.mark.parametrize("name", ["piotr", "tina", "dora", "charlie", "oscar"])
def test_others_see_no_legal_data_anywhere(client, people, team_client, certificate, name):
    user = getattr(people, name)
    for url in (reverse("legal:client", args=[team_client.pk]),
                reverse("legal:timeline", args=[team_client.pk]),
                reverse("legal:status_new", args=[team_client.pk])):
        assert page(client, user, url)[0] == 404
    status, html = page(client, user, reverse("clients:detail", args=[team_client.pk]))
    assert "SG-123" not in html and "legal-panel-h" not in html
    assert "Certificate of presumed victim status" not in html
    for url in (reverse("core:due"), reverse("legal:reminders")):
        status, html = page(client, user, url)
        assert team_client.code not in html


def test_the_client_page_has_the_legal_panel_for_the_team(client, people, team_client,
                                                         certificate):
    for user in (people.lena, people.bob, people.alice):
        status, html = page(client, user, reverse("clients:detail", args=[team_client.pk]))
        assert "legal-panel-h" in html
        assert show_date(certificate.valid_until) in html
        assert "SG-123" not in html  # the panel shows codes and dates, nothing sealed


def test_legal_notes_are_for_the_legal_advisor_and_the_coordinator(client, people,
                                                                  team_client):
    services.add_note(actor=people.lena, client=team_client, text="Talked to the prosecutor")
    for user in (people.lena, people.alice):
        assert "Talked to the prosecutor" in page(
            client, user, reverse("legal:client", args=[team_client.pk]))[1]
    status, html = page(client, people.bob, reverse("legal:client", args=[team_client.pk]))
    assert status == 200 and "Talked to the prosecutor" not in html and "notes-h" not in html
    assert page(client, people.bob, reverse("legal:note_new", args=[team_client.pk]))[0] == 404


def test_a_refused_status_keeps_the_form_and_saves_nothing(client, people, team_client):
    client.force_login(people.lena)
    response = client.post(reverse("legal:status_new", args=[team_client.pk]), {
        "kind": "permit_176", "stage": "granted", "valid_from": "2026-06-01",
        "valid_until": "2030-06-01", "reference": "WSC-II-P.6151.1.2026"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "at most 3 years" in html
    assert 'value="WSC-II-P.6151.1.2026"' in html and 'value="2030-06-01"' in html
    assert not LegalStatus.objects.exists()


def test_bad_input_is_a_form_error_not_a_500(client, people, team_client):
    client.force_login(people.lena)
    response = client.post(reverse("legal:status_new", args=[team_client.pk]), {
        "kind": "bogus", "stage": "granted", "issued_on": "31.02.2026"})
    assert response.status_code == 200 and not LegalStatus.objects.exists()
    client.force_login(people.alice)
    response = client.post(reverse("legal:rule_edit", args=["CERT_170_VALIDITY"]), {
        "months": "-2", "days": "0", "legal_basis": "x", "source": "y"})
    assert response.status_code == 200 and "cannot be negative" in response.content.decode()
    assert page(client, people.alice, reverse("legal:rule_edit", args=["NOPE"]))[0] == 404


def test_rule_edit_page_says_which_deadlines_moved(client, people, team_client, certificate,
                                                  today):
    off_team = make_client(people.alice, team=[people.bob])
    _certificate_for(people.alice, off_team, today)
    abroad = make_client(people.oscar)
    _certificate_for(people.oscar, abroad, today)
    client.force_login(people.lena)
    response = client.post(reverse("legal:rule_edit", args=["CERT_170_VALIDITY"]), {
        "months": "4", "days": "0", "minor_months": "4", "legal_basis": "art. 170",
        "source": "isap", "verified": "on"})
    html = response.content.decode()
    assert response.status_code == 200 and team_client.code in html
    assert off_team.code not in html and abroad.code not in html
    assert "And 1 deadline of clients you do not work with." in html  # not the other org's


def _certificate_for(actor, client, issued):
    return services.record_status(actor=actor, client=client, data={
        "kind": "certificate_170", "stage": "granted", "issued_on": issued})


def test_workspace_costs_the_same_queries_for_many_clients(client, people, today):
    client.force_login(people.lena)
    url = reverse("legal:workspace")

    def queries():
        client.get(url)  # the header's count is then reused (reintegra.core.due)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    c1 = make_client(people.alice, team=[people.lena])
    _certificate_for(people.lena, c1, today - dt.timedelta(days=80))
    queries()  # the first request of a session costs more (session, MFA state)
    few = queries()
    for _ in range(4):
        extra = make_client(people.alice, team=[people.lena])
        _certificate_for(people.lena, extra, today - dt.timedelta(days=10))
    assert queries() == few


def test_workspace_filters_what_is_due(client, people, today):
    soon = make_client(people.alice, team=[people.lena])
    later = make_client(people.alice, team=[people.lena])
    _certificate_for(people.lena, soon, today - dt.timedelta(days=80))
    _certificate_for(people.lena, later, today)
    other_team = make_client(people.alice, team=[people.bob])
    _certificate_for(people.alice, other_team, today - dt.timedelta(days=80))
    status, html = page(client, people.lena, reverse("legal:workspace") + "?show=soon")
    assert soon.code in html and later.code not in html and other_team.code not in html
    status, html = page(client, people.lena, reverse("legal:workspace"))
    assert soon.code in html and later.code in html and other_team.code not in html


def test_due_page_lists_only_what_the_user_may_see(client, people, today):
    mine = make_client(people.alice, team=[people.lena])
    theirs = make_client(people.alice, team=[people.bob])
    _certificate_for(people.lena, mine, today - dt.timedelta(days=80))
    _certificate_for(people.alice, theirs, today - dt.timedelta(days=80))
    status, html = page(client, people.lena, reverse("core:due"))
    assert mine.code in html and theirs.code not in html
    assert "Certificate of presumed victim status expires" in html
    status, html = page(client, people.alice, reverse("core:due"))
    assert mine.code in html and theirs.code in html


def test_header_count_costs_one_query_whatever_the_number_of_items(client, people, today):
    from django.core.cache import caches

    client.force_login(people.lena)
    url = reverse("legal:rules")  # a page with no client data of its own

    def count_and_queries(*, cold):
        if cold:
            caches["local"].clear()
        with CaptureQueriesContext(connection) as ctx:
            html = client.get(url).content.decode()
        due_sql = [q for q in ctx.captured_queries if 'FROM "legal_deadline"' in q["sql"]]
        return html.split('id="due-count">')[1].split("<")[0], len(ctx), len(due_sql)

    count_and_queries(cold=True)  # the first request of a session costs more
    zero, base, due_queries = count_and_queries(cold=True)
    assert (zero, due_queries) == ("0", 1)
    for _ in range(3):
        c = make_client(people.alice, team=[people.lena])
        _certificate_for(people.lena, c, today - dt.timedelta(days=80))
    # A change is counted at once (the services say so), at the same cost.
    count, queries, due_queries = count_and_queries(cold=False)
    assert count == "6"  # validity and reflection period of three certificates
    assert (queries, due_queries) == (base, 1)
    # Reused for the next pages: no query for it at all.
    count, queries, due_queries = count_and_queries(cold=False)
    assert (count, due_queries) == ("6", 0) and queries < base


def test_timeline_in_polish_and_english_without_internal_notes(client, people, team_client,
                                                              certificate):
    client.force_login(people.lena)
    url = reverse("legal:timeline", args=[team_client.pk])
    english = client.get(url + "?lang=en").content.decode()
    polish = client.get(url + "?lang=pl").content.decode()
    assert "Your certificate stops being valid" in english
    assert 'lang="pl"' in polish and "Your certificate stops being valid" not in polish
    for language, html in (("en", english), ("pl", polish)):
        assert "SG-123" not in html and "Secret legal remark" not in html
        with translation.override(language):
            assert show_date(certificate.valid_until) in html


# A whole PDF: uploads are checked by their content (privacy.uploads.check_upload).
SCAN = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_document_scan_upload_and_download_for_legal_readers_only(client, people,
                                                                  team_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from reintegra.clients.models import Attachment
    from reintegra.legal.models import Document

    document = services.save_document(actor=people.lena, client=team_client, data={
        "kind": "passport", "state": "being_replaced"}, number="EK7654321")
    client.force_login(people.lena)
    url = reverse("legal:document_scan", args=[document.pk])
    scan = SimpleUploadedFile("paszport.pdf", SCAN, "application/pdf")
    response = client.post(url, {"file": scan})
    assert response.status_code == 302
    document.refresh_from_db()
    stored = Attachment.objects.get(pk=document.scan_id)
    assert stored.client_id == team_client.pk and stored.name_sealed.startswith("rv1.")
    download = reverse("legal:document_scan_download", args=[document.pk])
    response = client.get(download)
    assert response.status_code == 200 and b"".join(response) == SCAN
    assert AuditEvent.objects.filter(action="export", object_type="clients.attachment",
                                     client_id=team_client.pk, actor=people.lena).exists()
    for user in (people.piotr, people.tina, people.charlie, people.oscar):
        client.force_login(user)
        assert client.get(download).status_code == 404
    client.force_login(people.bob)  # reads legal data, does not write it
    assert client.get(download).status_code == 200
    assert client.post(url, {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4")}
                       ).status_code == 404
    client.force_login(people.lena)  # not a PDF, JPEG or PNG: refused, nothing stored
    response = client.post(url, {"file": SimpleUploadedFile("x.txt", b"hello")})
    assert response.status_code == 200 and Attachment.objects.count() == 1
    assert Document.objects.get(pk=document.pk).scan_id == stored.pk


def test_home_block_for_the_legal_advisor_only(people, today):
    from reintegra.core.home import blocks_for

    mine = make_client(people.alice, team=[people.lena])
    _certificate_for(people.lena, mine, today - dt.timedelta(days=80))
    blocks = [b for b in blocks_for(actor=people.lena, today=today)
              if b.template == "legal/_home.html"]
    assert len(blocks) == 1
    assert {i.client_code for i in blocks[0].context["soon"]} == {mine.code}
    for other in (people.bob, people.alice, people.piotr, people.tina):
        assert not [b for b in blocks_for(actor=other, today=today)
                    if b.template == "legal/_home.html"]


def test_the_client_legal_page_costs_the_same_queries_with_more_records(client, people,
                                                                        team_client, today):
    client.force_login(people.lena)
    url = reverse("legal:client", args=[team_client.pk])

    def queries():
        client.get(url)  # the header's count is then reused (reintegra.core.due)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    def add_records():
        p = services.add_proceeding(actor=people.lena, client=team_client, data={
            "kind": "criminal", "client_role": "witness", "authority": "police",
            "opened_on": today}, reference="R")
        services.add_hearing(actor=people.lena, proceeding=p, held_on=today, note="n")
        services.save_document(actor=people.lena, client=team_client, data={
            "kind": "passport", "state": "held", "expires_on": today + dt.timedelta(days=9)})
        services.add_note(actor=people.lena, client=team_client, text="note")
        _certificate_for(people.lena, team_client, today)

    add_records()
    queries()
    few = queries()
    for _ in range(3):
        add_records()
    assert queries() == few


def test_timeline_pdf_for_legal_readers(client, people, team_client, certificate):
    url = reverse("legal:timeline_pdf", args=[team_client.pk]) + "?lang=en"
    client.force_login(people.lena)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response).startswith(b"%PDF")
    assert team_client.code in response["Content-Disposition"]
    client.force_login(people.piotr)
    assert client.get(url).status_code == 404


def test_a_scan_is_checked_by_its_content_like_every_file(people, team_client):
    """A PNG named .pdf is refused here too: the scan goes through the one storing step
    (privacy.services.store_attachment), not a copy that checks less."""
    from django.core.exceptions import ValidationError

    from reintegra.clients.models import Attachment
    from reintegra.privacy.tests.conftest import PNG

    document = services.save_document(actor=people.lena, client=team_client, data={
        "kind": "passport", "state": "held"}, number="EK1111111")
    with pytest.raises(ValidationError):
        services.attach_scan(actor=people.lena, document=document, name="scan.pdf", data=PNG)
    assert not Attachment.objects.filter(client=team_client).exists()
    document.refresh_from_db()
    assert document.scan_id is None
