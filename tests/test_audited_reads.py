"""Every decryption is an audited read (issue 7, item 2).

Walks every URL pattern of the project (the access matrix's resolver walk and rules, so a
new view is covered without editing this file) as every persona its rule allows, with the
vault's decryption instrumented: for each client whose sealed data a request decrypted,
the same request must have recorded an audit event naming that client (``client_id``), so
that the read appears in "who has seen this record".
"""

from unittest import mock

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client

from reintegra.audit.models import AuditEvent
from reintegra.core import access_matrix as am
from reintegra.vault.sealed import SealedModel


@pytest.fixture(scope="module")
def rules():
    return am.load_rules()


@pytest.fixture
def world(people, team_client, rules):
    return am.build_world(people, team_client, rules.modules)


def _decrypting_request(entry, rule, world, persona):
    """(path, status, clients decrypted, clients named by new audit events); rolled back."""
    kwargs = {**entry.sample_kwargs(), **(rule.kwargs(world) if rule.kwargs else {})}
    path = entry.path(kwargs)
    decrypted: set[int] = set()
    original = SealedModel._open

    def spy(self, key, token, name, client_id):
        if token and key is not None:
            decrypted.add(client_id)
        return original(self, key, token, name, client_id)

    client = Client()
    cache.clear()
    with transaction.atomic(using="default"), transaction.atomic(using="keystore"):
        client.force_login(getattr(world, persona))
        last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        with mock.patch.object(SealedModel, "_open", spy):
            response = client.get(path)
        new_events = list(AuditEvent.objects.filter(pk__gt=last)
                          .values_list("action", "object_type", "client_id"))
        named = {client_id for _, _, client_id in new_events if client_id is not None}
        about_clients = _client_object_types()
        anonymous_views = sorted({f"{action} {object_type}"
                                  for action, object_type, client_id in new_events
                                  if client_id is None and object_type in about_clients
                                  and action in ("view", "export")})
        transaction.set_rollback(True, using="keystore")
        transaction.set_rollback(True, using="default")
    return path, response.status_code, decrypted, named, anonymous_views


def _client_object_types() -> set[str]:
    """Object types that belong to one client: an event about one must name the client."""
    from reintegra.privacy.erasure import models_reaching_client

    return {"clients.client"} | {m._meta.label_lower for m, _ in models_reaching_client()}


def test_every_view_that_decrypts_records_whom_it_revealed(world, rules):
    unrecorded, decrypting = [], set()
    for entry in am.url_entries():
        rule = rules.rule_for(entry)
        if rule is None or rule.method != "GET":
            continue
        for persona in sorted(rule.allow - {"anonymous"}):
            path, status, decrypted, named, anonymous = _decrypting_request(
                entry, rule, world, persona)
            if anonymous:
                unrecorded.append(f"{entry.key} ({path}) as {persona}: events about a client's "
                                  f"object without the client's id: {anonymous}")
            if decrypted:
                decrypting.add(entry.key)
            missing = decrypted - named
            if missing:
                unrecorded.append(f"{entry.key} ({path}) as {persona}: decrypted client(s) "
                                  f"{sorted(missing)} without an audit event naming them")
    assert decrypting, "no view decrypted anything: the instrumentation is broken"
    assert not unrecorded, "\n".join(unrecorded)
