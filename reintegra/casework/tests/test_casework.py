import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reintegra.audit.models import AuditEvent
from reintegra.casework import selectors, services
from reintegra.casework.models import CaseNote, CaseNoteVersion, Task
from reintegra.core.testing import make_client
from reintegra.privacy import services as privacy

TODAY = timezone.localdate


def _note(actor, client, section="case", text="Met at the office.", days_ago=0,
          kind="meeting"):
    return services.add_note(actor=actor, client=client, section=section, kind=kind,
                             contact_on=TODAY() - dt.timedelta(days=days_ago), text=text)


def _texts(actor, client):
    notes = selectors.notes_of(actor=actor, client=client)
    return [r.text for r in selectors.note_rows(actor=actor, client=client, notes=notes)]


def test_each_section_is_read_by_its_people_only(people, team_client):
    _note(people.bob, team_client, "case", "case text")
    _note(people.lena, team_client, "legal", "legal text")
    _note(people.piotr, team_client, "psychological", "psych text")
    assert sorted(_texts(people.alice, team_client)) == ["case text", "legal text"]
    assert _texts(people.bob, team_client) == ["case text"]
    assert _texts(people.lena, team_client) == ["legal text"]
    assert sorted(_texts(people.piotr, team_client)) == ["case text", "psych text"]
    for outsider in (people.charlie, people.tina, people.dora, people.oscar):
        assert _texts(outsider, team_client) == []
    with pytest.raises(PermissionDenied):
        _note(people.bob, team_client, "psychological")
    with pytest.raises(PermissionDenied):
        _note(people.alice, team_client, "psychological")
    with pytest.raises(PermissionDenied):
        _note(people.charlie, team_client, "case")


def test_the_text_is_sealed_and_reading_it_is_audited(people, team_client):
    note = _note(people.bob, team_client, text="Accompanied to the voivode's office")
    version = CaseNoteVersion.objects.get(note=note)
    assert "voivode" not in version.text_sealed and version.text_sealed.startswith("rv1.")
    before = AuditEvent.objects.filter(client_id=team_client.pk, action="view").count()
    _texts(people.bob, team_client)
    assert AuditEvent.objects.filter(client_id=team_client.pk, action="view").count() == \
        before + 1


def test_an_edit_keeps_the_history_and_only_the_author_edits(people, team_client):
    note = _note(people.bob, team_client, text="first")
    services.edit_note(actor=people.bob, note=note, kind="phone",
                       contact_on=TODAY(), text="second")
    assert CaseNoteVersion.objects.filter(note=note).count() == 2
    assert _texts(people.alice, team_client) == ["second"]
    history = selectors.note_history(actor=people.alice, note=note)
    assert [text for _v, text in history] == ["second", "first"]
    assert CaseNote.objects.get(pk=note.pk).kind == "phone"
    with pytest.raises(PermissionDenied):
        services.edit_note(actor=people.alice, note=note, kind="phone", contact_on=TODAY(),
                           text="third")


def test_a_future_date_or_an_empty_note_is_refused_and_nothing_saved(people, team_client):
    with pytest.raises(services.CaseworkError):
        _note(people.bob, team_client, days_ago=-1)
    with pytest.raises(services.CaseworkError):
        _note(people.bob, team_client, text="   ")
    assert not CaseNote.objects.exists()


def test_erasure_deletes_notes_and_tasks_and_nobody_elses(people, team_client):
    """Even a contact log's dates and kinds tell one person's story: they go whole."""
    _note(people.bob, team_client, text="Lives with her sister")
    services.add_task(actor=people.bob, client=team_client, what="Call the sister",
                      due_on=TODAY(), assignee=people.bob)
    other = make_client(people.alice, team=[people.bob], owner=people.bob)
    _note(people.bob, other, text="Another person's note")
    privacy.erase_client(actor=people.dora, client=team_client, confirmed_by=people.alice)
    assert not CaseNoteVersion.objects.filter(client=team_client).exists()
    assert not CaseNote.objects.filter(client=team_client).exists()
    assert not Task.objects.filter(client=team_client).exists()
    assert CaseNoteVersion.objects.filter(client=other).count() == 1


def test_notes_page_newest_first_paginated_in_fixed_queries(client, people, team_client):
    for i in range(12):
        _note(people.bob, team_client, text=f"note {i}", days_ago=i)
    client.force_login(people.bob)
    url = reverse("casework:notes", args=[team_client.pk])
    with CaptureQueriesContext(connection) as small:
        first = client.get(url).content.decode()
    assert first.index("note 0") < first.index("note 1")
    assert "note 11" not in first
    assert "note 11" in client.get(url + "?page=2").content.decode()
    for i in range(12, 30):
        _note(people.bob, team_client, text=f"note {i}", days_ago=i)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small)
    assert client.get(url + "?page=x").status_code == 400


def test_the_note_form_keeps_what_was_typed_on_error(client, people, team_client):
    client.force_login(people.bob)
    url = reverse("casework:note_create", args=[team_client.pk])
    response = client.post(url, {"section": "case", "kind": "meeting",
                                 "contact_on": (TODAY() + dt.timedelta(days=3)).isoformat(),
                                 "text": "kept text"})
    body = response.content.decode()
    assert response.status_code == 200 and "kept text" in body
    assert "The date cannot be in the future" in body
    assert not CaseNote.objects.exists()
    ok = client.post(url, {"section": "case", "kind": "phone",
                           "contact_on": TODAY().isoformat(), "text": "Called her"})
    assert ok.status_code == 302 and CaseNote.objects.get().kind == "phone"


def test_tasks_go_to_the_case_team_and_show_as_due(people, team_client):
    from reintegra.core.due import due_items

    with pytest.raises(services.CaseworkError):
        services.add_task(actor=people.bob, client=team_client, what="x", due_on=TODAY(),
                          assignee=people.charlie)
    task = services.add_task(actor=people.bob, client=team_client, what="Book the doctor",
                             due_on=TODAY() + dt.timedelta(days=2), assignee=people.piotr)
    items = due_items(actor=people.piotr, start=TODAY(), end=TODAY() + dt.timedelta(days=6))
    assert [(i.client_code, i.source) for i in items if i.source == "casework"] == [
        (team_client.code, "casework")]
    assert "Book" not in " ".join(i.what for i in items)  # the text is sealed, never a label
    assert not [i for i in due_items(actor=people.bob, start=TODAY(),
                                     end=TODAY() + dt.timedelta(days=6))
                if i.source == "casework"]
    with pytest.raises(PermissionDenied):
        services.set_task_done(actor=people.charlie, task=task)
    services.set_task_done(actor=people.piotr, task=task)
    assert not selectors.my_tasks(actor=people.piotr).exists()


def test_a_task_from_a_plan_review(client, people, team_client):
    from reintegra.plans import services as plans
    from reintegra.plans.models import GoalReview

    plan = plans.create_plan(actor=people.bob, client=team_client, plan_type="Education",
                             start_date=TODAY())
    goal = plans.add_goal(actor=people.bob, plan=plan, domain="housing", description="Flat")
    plans.review_goal(actor=people.bob, goal=goal, reviewed_on=TODAY(), status="delayed",
                      note="")
    review = GoalReview.objects.get()
    client.force_login(people.bob)
    url = reverse("casework:task_create", args=[team_client.pk])
    page = client.get(f"{url}?review={review.pk}")
    assert page.status_code == 200
    done = client.post(url, {"review": review.pk, "what": "Visit the housing office",
                             "due_on": TODAY().isoformat(), "assignee": people.bob.pk})
    assert done.status_code == 302
    assert Task.objects.get().from_review == review
    other = make_client(people.alice, team=[people.bob])
    assert client.get(reverse("casework:task_create", args=[other.pk])
                      + f"?review={review.pk}").status_code == 404


def test_my_tasks_lists_only_clients_still_within_reach(client, people, team_client):
    from reintegra.clients.models import CaseTeamMember

    own = make_client(people.alice, team=[people.charlie], owner=people.charlie)
    services.add_task(actor=people.charlie, client=own, what="Own task", due_on=TODAY(),
                      assignee=people.charlie)
    CaseTeamMember.objects.create(client=team_client, user=people.charlie)
    services.add_task(actor=people.bob, client=team_client, what="Team task",
                      due_on=TODAY(), assignee=people.charlie)
    CaseTeamMember.objects.filter(client=team_client, user=people.charlie).delete()
    client.force_login(people.charlie)
    body = client.get(reverse("casework:my_tasks")).content.decode()
    assert "Own task" in body and own.code in body
    assert "Team task" not in body and team_client.code not in body


def test_an_assignee_off_the_team_can_no_longer_close_the_task(people, team_client):
    from reintegra.clients.models import CaseTeamMember

    CaseTeamMember.objects.create(client=team_client, user=people.charlie)
    task = services.add_task(actor=people.bob, client=team_client, what="x", due_on=TODAY(),
                             assignee=people.charlie)
    CaseTeamMember.objects.filter(client=team_client, user=people.charlie).delete()
    task = Task.objects.select_related("client").get(pk=task.pk)
    with pytest.raises(PermissionDenied):
        services.set_task_done(actor=people.charlie, task=task)
