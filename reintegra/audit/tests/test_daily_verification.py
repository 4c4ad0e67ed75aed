"""The daily verification anchors the head outside the database; the DPO sees the result."""

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from reintegra.audit.anchor import DatabaseAnchorStore, FileAnchorStore, configured_store
from reintegra.audit.models import Action, AuditEvent
from reintegra.audit.services import record
from reintegra.audit.tasks import schedule_next_run, verify_audit_task

from .test_verify import tamper


@pytest.fixture(autouse=True)
def anchor_file(settings, tmp_path):
    settings.AUDIT_ANCHOR_DATABASE = ""
    settings.AUDIT_ANCHOR_PATH = tmp_path / "anchor.jsonl"
    return settings.AUDIT_ANCHOR_PATH


@pytest.fixture
def trail(people, team_client):
    for _ in range(4):
        record(actor=people.bob, action=Action.VIEW, obj=team_client)
    return list(AuditEvent.objects.order_by("pk").values_list("pk", flat=True))


def test_the_task_anchors_the_head_and_queues_its_next_run(trail, anchor_file):
    result = verify_audit_task.call()
    assert result["ok"] and result["head_id"] == trail[-1]
    [entry] = configured_store().entries()
    assert isinstance(configured_store(), FileAnchorStore)
    assert entry.head_hash == AuditEvent.objects.get(pk=trail[-1]).hash
    queued = DBTaskResult.objects.get(task_path=verify_audit_task.module_path)
    assert queued.args_kwargs == {"args": [], "kwargs": {}}
    assert schedule_next_run() is False


def test_a_cut_tail_is_reported_by_the_job_and_on_the_dpo_page(client, people, trail):
    assert verify_audit_task.call()["ok"]
    tamper("DELETE FROM audit_auditevent WHERE id >= %s", [trail[-2]])
    result = verify_audit_task.call()
    assert result["ok"] is False and result["problems"] >= 1
    client.force_login(people.dora)
    page = client.get(reverse("audit:events")).content.decode()
    assert "truncated: " + str(trail[-1]) in page
    assert 'role="alert"' in page


def test_the_dpo_page_shows_an_intact_verification_and_the_anchor(client, people, trail,
                                                                  anchor_file):
    client.force_login(people.dora)
    before = client.get(reverse("audit:events")).content.decode()
    assert 'id="chain-status-title"' in before and str(anchor_file) not in before
    verify_audit_task.call()
    page = client.get(reverse("audit:events")).content.decode()
    assert str(anchor_file) in page
    assert 'role="alert"' not in page
    assert f"{trail[-1]}" in page


def test_an_unreadable_anchor_is_shown_as_a_problem(client, people, trail, anchor_file):
    anchor_file.write_text("this is not an anchor\n")
    client.force_login(people.dora)
    page = client.get(reverse("audit:events")).content.decode()
    assert 'role="alert"' in page and str(anchor_file) in page


def test_a_second_database_can_be_the_anchor_store(trail, settings):
    settings.AUDIT_ANCHOR_DATABASE = "keystore"  # any other alias; tests have two
    store = configured_store()
    assert isinstance(store, DatabaseAnchorStore)
    assert verify_audit_task.call()["ok"]
    assert store.entries()[-1].head_id == trail[-1]


def test_verify_audit_anchored_uses_the_configured_store(trail, anchor_file):
    from .test_verify import verify

    assert verify("--anchored")[0] == 0
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [trail[-1]])
    code, lines = verify("--anchored")
    assert code == 1 and lines[0].startswith(f"truncated: {trail[-1]}")
    assert [e.ok for e in configured_store().entries()] == [True, False]
