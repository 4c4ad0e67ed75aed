"""Erasure by crypto-shredding: the service, the four-eyes flow, the operator command."""

from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reintegra.accounts.models import Role
from reintegra.audit.models import AuditEvent
from reintegra.clients.models import Attachment, BlindIndex, CaseTeamMember, ClientIdentity
from reintegra.core.testing import make_client, make_user
from reintegra.privacy import services
from reintegra.privacy.models import ErasureRecord, ErasureRequest, ErasureState
from reintegra.privacy.services import ErasureRefused, erase_client
from reintegra.vault.keyring import KeyRing, KeystoreUnavailable
from reintegra.vault.models import DataKey
from reintegra.vault.sealed import ERASED_VALUE
from reintegra.vault.testing import keystore_unreachable

from .conftest import PDF

KEYS = DataKey.objects.using("keystore")


@pytest.fixture
def rich_client(people):
    """A client with every kind of data: identity, notes, a file, a consent."""
    c = make_client(people.alice, team=[people.bob], owner=people.bob,
                    citizenship=["UA", "BY"], referral_details="Came from the hotline.")
    services.upload_attachment(actor=people.bob, client=c, name="passport.pdf", data=PDF)
    services.record_consent(actor=people.bob, client=c, purpose="statistics",
                            given_on=c.intake_date, language="ukr", explained_by=people.bob,
                            items_explained=["purpose"])
    return c


def test_erasure_shreds_the_key_and_keeps_only_statistics(rich_client, people, media_root,
                                                          django_capture_on_commit_callbacks):
    c = rich_client
    key_id = c.key_id
    identity_copy = ClientIdentity.objects.select_related("client").get(client=c)
    assert [p for p in (media_root / "vault").rglob("*") if p.is_file()]

    with django_capture_on_commit_callbacks(execute=True):
        erase_client(actor=people.dora, client=c, confirmed_by=people.alice)

    c.refresh_from_db()
    assert c.is_erased and c.key_id is None
    assert not KEYS.filter(key_id=key_id).exists()
    assert KeyRing().key(key_id) is None
    # A copy of the ciphertext taken before can no longer be opened.
    assert identity_copy.reveal(KeyRing()).first_name == ERASED_VALUE
    assert not ClientIdentity.objects.filter(client=c).exists()
    assert not BlindIndex.objects.filter(client=c).exists()
    assert not Attachment.objects.filter(client=c).exists()
    assert not [p for p in (media_root / "vault").rglob("*") if p.is_file()]
    assert not CaseTeamMember.objects.filter(client=c).exists()
    assert c.referral_details_sealed == "" and c.closure_note_sealed == ""
    assert (c.citizenship, c.primary_language, c.referral_organisation) == ([], "", "")
    assert (c.intake_date.month, c.intake_date.day) == (1, 1)
    assert (c.gender, c.age_band, c.exploitation_types) == (
        "Feminine", "30-38", ["SexualExploitation"])
    kept = ErasureRecord.objects.get(client=c)
    assert kept.citizenship_regions == ["eastern_europe"]
    assert (kept.cause, kept.requested_by, kept.confirmed_by) == ("request", people.dora,
                                                                    people.alice)
    assert c.consents.count() == 1  # non-identifying: keeps the statistics countable
    event = AuditEvent.objects.get(action="erase")
    assert (event.actor, event.object_type, event.object_id) == (
        people.dora, "clients.client", str(c.pk))


def test_the_home_country_is_kept_as_its_own_region(people):
    c = make_client(people.alice, citizenship=["PL"])
    erase_client(actor=people.dora, client=c, confirmed_by=people.alice)
    assert ErasureRecord.objects.get(client=c).citizenship_regions == ["home"]


@pytest.mark.parametrize(("actor", "confirmer", "why"), [
    ("dora", "dora", "must not be the one who asked"),
    ("dora", None, "second person"),
    ("dora", "bob", "coordinator confirms"),
    ("alice", "dora", "data protection officer asks"),
    ("dora", "oscar", "organisation"),
])
def test_erasure_needs_the_right_two_people(team_client, people, actor, confirmer, why):
    with pytest.raises(ErasureRefused, match=why):
        erase_client(actor=getattr(people, actor), client=team_client,
                     confirmed_by=getattr(people, confirmer) if confirmer else None)
    team_client.refresh_from_db()
    assert not team_client.is_erased
    assert KEYS.filter(key_id=team_client.key_id).exists()


def test_a_client_is_erased_only_once(team_client, people):
    erase_client(actor=people.dora, client=team_client, confirmed_by=people.alice)
    with pytest.raises(ErasureRefused, match="already"):
        erase_client(actor=people.dora, client=team_client, confirmed_by=people.alice)


def test_with_an_unreachable_keystore_nothing_is_erased(rich_client, people):
    with keystore_unreachable(), pytest.raises(KeystoreUnavailable):
        erase_client(actor=people.dora, client=rich_client, confirmed_by=people.alice)
    rich_client.refresh_from_db()
    assert not rich_client.is_erased and rich_client.key_id is not None
    assert ClientIdentity.objects.filter(client=rich_client).exists()
    assert BlindIndex.objects.filter(client=rich_client).exists()
    assert Attachment.objects.filter(client=rich_client).exists()
    assert not ErasureRecord.objects.exists()
    assert not AuditEvent.objects.filter(action="erase").exists()
    assert rich_client.identity.reveal(KeyRing()).second_name == "Kowalska"


# --- The four-eyes flow in the browser -----------------------------------------------------


def request_url(c):
    return reverse("privacy:erasure_request", args=[c.pk])


def test_dpo_asks_a_coordinator_confirms_and_only_then_it_runs(client, team_client, people):
    client.force_login(people.dora)
    response = client.post(request_url(team_client), {"reason": "data_subject"})
    assert response.status_code == 200  # "understood" not ticked
    assert 'id="id_understood_error"' in response.content.decode()
    response = client.post(request_url(team_client),
                           {"reason": "data_subject", "understood": "on"})
    erasure = ErasureRequest.objects.get()
    assert response.status_code == 302 and erasure.state == ErasureState.PENDING
    detail = reverse("privacy:erasure_detail", args=[erasure.pk])
    confirm = reverse("privacy:erasure_confirm", args=[erasure.pk])
    # The one who asked cannot confirm.
    assert confirm not in client.get(detail).content.decode()
    assert client.post(confirm, {"code": team_client.code}).status_code == 403
    team_client.refresh_from_db()
    assert not team_client.is_erased

    client.force_login(people.alice)
    page = client.get(reverse("clients:detail", args=[team_client.pk])).content.decode()
    assert detail in page  # the pending request is pointed out on the client page
    response = client.post(confirm, {"code": "RT-2000-0000"})
    assert response.status_code == 200 and 'id="id_code_error"' in response.content.decode()
    team_client.refresh_from_db()
    assert not team_client.is_erased
    response = client.post(confirm, {"code": team_client.code.lower()})
    assert response.status_code == 302
    team_client.refresh_from_db()
    erasure.refresh_from_db()
    assert team_client.is_erased
    assert (erasure.state, erasure.confirmed_by) == (ErasureState.COMPLETED, people.alice)
    assert AuditEvent.objects.filter(action="create", object_type="privacy.erasurerequest",
                                     actor=people.dora).exists()
    assert AuditEvent.objects.filter(action="update", object_type="privacy.erasurerequest",
                                     actor=people.alice).exists()
    assert client.post(confirm, {"code": team_client.code}).status_code == 403


def test_another_dpo_may_confirm_and_a_request_may_be_cancelled(client, team_client, people):
    second_dpo = make_user("dana", Role.DPO, people.org)
    erasure = services.request_erasure(actor=people.dora, client=team_client,
                                       reason="no_longer_needed")
    client.force_login(second_dpo)
    cancel = reverse("privacy:erasure_cancel", args=[erasure.pk])
    assert client.post(cancel).status_code == 302
    erasure.refresh_from_db()
    assert erasure.state == ErasureState.CANCELLED and erasure.cancelled_by == second_dpo
    again = services.request_erasure(actor=people.dora, client=team_client, reason="other")
    response = client.post(reverse("privacy:erasure_confirm", args=[again.pk]),
                           {"code": team_client.code})
    assert response.status_code == 302
    team_client.refresh_from_db()
    assert team_client.is_erased


def test_erasure_pages_check_access(client, team_client, people):
    erasure = services.request_erasure(actor=people.dora, client=team_client,
                                       reason="data_subject")
    detail = reverse("privacy:erasure_detail", args=[erasure.pk])
    for who in ("bob", "charlie", "lena", "piotr", "tina", "oscar"):
        client.force_login(getattr(people, who))
        assert client.get(detail).status_code == 404, who
        assert client.post(reverse("privacy:erasure_confirm", args=[erasure.pk]),
                           {"code": team_client.code}).status_code == 404, who
        assert client.post(reverse("privacy:erasure_cancel", args=[erasure.pk])
                           ).status_code == 404, who
        if who != "oscar":  # oscar coordinates another organisation: his list is empty
            assert client.get(reverse("privacy:erasure_list")).status_code == 403, who
    for who in ("alice", "bob", "charlie", "lena", "tina"):
        client.force_login(getattr(people, who))
        assert client.get(request_url(team_client)).status_code in (403, 404), who
    client.force_login(people.oscar)
    assert client.get(request_url(team_client)).status_code == 404
    team_client.refresh_from_db()
    assert not team_client.is_erased
    client.force_login(people.dora)
    assert client.get(reverse("privacy:erasure_detail", args=[999999])).status_code == 404
    # A second request while one is pending leads to the pending one.
    assert client.get(request_url(team_client))["Location"] == detail


def test_the_request_list_is_paginated_with_a_fixed_number_of_queries(client, people):
    client.force_login(people.alice)
    client.get(reverse("privacy:erasure_list"))  # the session settles (last_seen written)

    def queries_for(n):
        for _ in range(n):
            c = make_client(people.alice)
            services.request_erasure(actor=people.dora, client=c, reason="other")
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("privacy:erasure_list"), {"state": "pending"})
        assert response.status_code == 200
        return len(ctx.captured_queries)

    at_1 = queries_for(1)
    at_30 = queries_for(29)  # past one page
    assert at_1 == at_30 <= 12
    assert client.get(reverse("privacy:erasure_list"), {"state": "nonsense"}).status_code == 400
    assert client.get(reverse("privacy:erasure_list"), {"page": "x"}).status_code == 400


def test_the_empty_request_list_says_what_to_do(client, people):
    client.force_login(people.dora)
    page = client.get(reverse("privacy:erasure_list"), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and "<table" not in page.content.decode()


# --- manage.py erase_client ----------------------------------------------------------------


def test_operator_command_erases_with_a_named_confirmer(team_client, people):
    out = StringIO()
    call_command("erase_client", team_client.code, "--confirmed-by", "alice", stdout=out)
    team_client.refresh_from_db()
    assert team_client.is_erased and "erased" in out.getvalue()
    kept = ErasureRecord.objects.get()
    assert (kept.cause, kept.requested_by, kept.confirmed_by) == ("operator", None,
                                                                    people.alice)
    assert AuditEvent.objects.get(action="erase").actor is None


@pytest.mark.parametrize(("code", "confirmer", "message"), [
    ("RT-1999-0001", "alice", "no client"),
    (None, "nobody", "no user"),
    (None, "bob", "not erased"),
    (None, "oscar", "not erased"),
])
def test_operator_command_refuses_clearly(team_client, people, code, confirmer, message):
    with pytest.raises(CommandError, match=message):
        call_command("erase_client", code or team_client.code, "--confirmed-by", confirmer,
                     stdout=StringIO())
    team_client.refresh_from_db()
    assert not team_client.is_erased


def test_request_service_refuses_non_dpo(team_client, people):
    with pytest.raises(PermissionDenied):
        services.request_erasure(actor=people.alice, client=team_client, reason="other")


def test_an_erased_client_page_still_opens_for_the_organisation(client, rich_client, people):
    erase_client(actor=people.dora, client=rich_client, confirmed_by=people.alice)
    for who in ("alice", "dora"):
        client.force_login(getattr(people, who))
        response = client.get(reverse("clients:detail", args=[rich_client.pk]),
                              HTTP_ACCEPT_LANGUAGE="en")
        page = response.content.decode()
        assert response.status_code == 200, who
        assert rich_client.code in page and "Kowalska" not in page
        assert "passport.pdf" not in page
        assert reverse("privacy:erasure_request", args=[rich_client.pk]) not in page
    client.force_login(people.alice)
    assert client.get(reverse("privacy:attachment_upload", args=[rich_client.pk])
                      ).status_code == 403
    assert client.get(reverse("privacy:consent_create", args=[rich_client.pk])
                      ).status_code == 403
