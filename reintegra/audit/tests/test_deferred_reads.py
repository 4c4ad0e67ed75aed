"""Read events of a request are appended once, when it ends; writes' events never wait.

AuditReadsMiddleware keeps the views and lists a request records and appends them in one
transaction after the view has answered: if that append fails, the page is not sent.
"""

import pytest
from django.urls import reverse

from reintegra.audit import services
from reintegra.audit.models import Action, AuditEvent
from reintegra.audit.services import reads_appended_once, record, record_reads

from .test_verify import verify


def test_outside_a_request_a_read_is_appended_at_once(people, team_client):
    before = AuditEvent.objects.count()
    record(actor=people.bob, action=Action.VIEW, obj=team_client)
    assert AuditEvent.objects.count() == before + 1


def test_reads_wait_for_the_end_of_the_block_and_go_in_one_append(people, team_client,
                                                                    monkeypatch):
    appends = []
    real_append = services._append
    monkeypatch.setattr(services, "_append", lambda events: appends.append(len(events))
                        or real_append(events))
    before = AuditEvent.objects.count()
    with reads_appended_once():
        record(actor=people.bob, action=Action.VIEW, obj=team_client)
        record_reads(actor=people.bob, client_ids=[team_client.pk], action=Action.LIST)
        assert AuditEvent.objects.count() == before  # not yet
    assert appends == [2]
    rows = list(AuditEvent.objects.order_by("pk")[before:])
    assert [(r.action, r.client_id) for r in rows] == [("view", team_client.pk),
                                                        ("list", team_client.pk)]
    assert verify()[0] == 0  # chained after the head like any other row


def test_a_write_is_recorded_at_once_even_inside_the_block(people, team_client):
    before = AuditEvent.objects.count()
    with reads_appended_once():
        record(actor=people.alice, action=Action.UPDATE, obj=team_client)
        assert AuditEvent.objects.count() == before + 1
        record(actor=people.alice, action=Action.VIEW, obj=team_client)
        assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.count() == before + 2


def test_reads_are_appended_even_when_the_block_fails(people, team_client):
    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), reads_appended_once():
        record(actor=people.bob, action=Action.VIEW, obj=team_client)
        raise RuntimeError("the page failed after decrypting")
    assert AuditEvent.objects.count() == before + 1


def test_a_page_records_its_reads_in_one_append(client, people, team_client, monkeypatch):
    appends = []
    real_append = services._append
    monkeypatch.setattr(services, "_append", lambda events: appends.append(
        sorted({e.action for e in events})) or real_append(events))
    client.force_login(people.alice)
    response = client.get(reverse("clients:list"))
    assert response.status_code == 200
    assert appends == [["list"]]
    # the list event and one read per client named on the page
    assert AuditEvent.objects.filter(action="list", client_id=team_client.pk).exists()


def test_a_page_whose_reads_cannot_be_recorded_is_not_sent(client, people, team_client,
                                                          monkeypatch):
    def refuse(events):
        raise RuntimeError("audit chain unavailable")

    monkeypatch.setattr(services, "_append", refuse)
    client.force_login(people.alice)
    client.raise_request_exception = False
    response = client.get(reverse("clients:detail", args=[team_client.pk]))
    assert response.status_code == 500
    assert team_client.code not in response.content.decode()
    assert "Anna" not in response.content.decode()
