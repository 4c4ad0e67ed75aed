"""The erasure screens (issue 13, item 7): what will be destroyed, typing the code, the
erased record, and a 403 page that fits the role."""

from django.urls import reverse

from reintegra.audit.models import AuditEvent
from reintegra.privacy import services
from reintegra.vault.keyring import KeyRing


def people_name(client_):
    """The first name as the vault holds it (distinctive: "Anna<n>")."""
    return client_.identity.reveal(KeyRing()).first_name


def _request(people, client_, by="dora"):
    return services.request_erasure(actor=getattr(people, by), client=client_,
                                    reason="data_subject")


def _detail(erasure):
    return reverse("privacy:erasure_detail", args=[erasure.pk])


def _confirm(erasure):
    return reverse("privacy:erasure_confirm", args=[erasure.pk])


def test_a_coordinator_sees_the_code_the_name_and_what_goes_and_the_read_is_recorded(
        client, people, team_client):
    erasure = _request(people, team_client)
    client.force_login(people.alice)
    before = AuditEvent.objects.filter(actor=people.alice, action="view",
                                       client_id=team_client.pk).count()
    page = client.get(_detail(erasure), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "What will be destroyed" in page
    assert team_client.code in page
    assert people_name(team_client) in page
    assert AuditEvent.objects.filter(actor=people.alice, action="view",
                                     client_id=team_client.pk).count() == before + 1


def test_a_dpo_confirming_sees_the_code_but_not_the_name(client, people, team_client):
    from reintegra.accounts.models import Role
    from reintegra.core.testing import make_user

    second_dpo = make_user("dana", Role.DPO, people.org)
    erasure = services.request_erasure(actor=second_dpo, client=team_client,
                                       reason="data_subject")
    client.force_login(people.dora)
    page = client.get(_detail(erasure), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "What will be destroyed" in page and team_client.code in page
    assert people_name(team_client) not in page
    assert not AuditEvent.objects.filter(actor=people.dora, action="view",
                                         client_id=team_client.pk).exists()


def test_a_psychologist_cannot_see_the_confirmation_or_the_name(client, people, team_client):
    erasure = _request(people, team_client)
    client.force_login(people.piotr)
    response = client.get(_detail(erasure))
    assert response.status_code in (403, 404)
    assert people_name(team_client) not in response.content.decode()


def test_a_wrong_code_erases_nothing_and_says_so_next_to_the_field(client, people, team_client):
    erasure = _request(people, team_client)
    client.force_login(people.alice)
    response = client.post(_confirm(erasure), {"code": "RT-0000-9999"},
                           HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_code_error"' in page
    assert "<title>Error:" in page
    team_client.refresh_from_db()
    assert not team_client.is_erased
    response = client.post(_confirm(erasure), {"code": ""}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Type the client code" in response.content.decode()
    team_client.refresh_from_db()
    assert not team_client.is_erased


def test_after_erasure_the_record_says_erased_and_cannot_be_edited_or_closed(
        client, people, team_client):
    erasure = _request(people, team_client)
    client.force_login(people.alice)
    assert client.post(_confirm(erasure), {"code": team_client.code}).status_code == 302
    team_client.refresh_from_db()
    assert team_client.is_erased
    page = client.get(reverse("clients:detail", args=[team_client.pk]),
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ">Erased<" in page
    edit, close = (reverse("clients:edit", args=[team_client.pk]),
                   reverse("clients:close", args=[team_client.pk]))
    assert f'href="{edit}"' not in page and f'href="{close}"' not in page
    assert client.get(edit).status_code == 403
    assert client.get(close).status_code in (403, 404)
    assert client.post(close, {"reason": "other", "closed_on": "2026-01-01"}
                       ).status_code in (403, 404)


ASK = "ask your coordinator"


def test_the_403_page_never_tells_a_coordinator_to_ask_the_coordinator(client, people,
                                                                       team_client):
    # A cancelled request cannot be confirmed: a 403 for alice, a coordinator.
    erasure = _request(people, team_client)
    services.cancel_erasure(actor=people.dora, erasure_request=erasure)
    client.force_login(people.alice)
    response = client.post(_confirm(erasure), {"code": team_client.code},
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    page = response.content.decode().lower()
    assert "you do not have access" in page and ASK not in page
    client.force_login(people.bob)  # a case worker: the coordinator is the one to ask
    response = client.get(reverse("privacy:erasure_list"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert ASK in response.content.decode().lower()
