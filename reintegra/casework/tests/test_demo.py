"""The demo is full on its first start whatever the date (issue 10): registers to take,
due items, falling behind, notes and tasks."""

from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from reintegra.accounts.models import User
from reintegra.casework.models import CaseNote, Task
from reintegra.core.blocks import due_for
from reintegra.core.dates import week_end
from reintegra.programme.home import registers_not_taken
from reintegra.programme.models import Session


def test_the_demo_fills_home_pages_around_today(db, client):
    call_command("seed_demo", seed=7, stdout=StringIO())
    today = timezone.localdate()
    assert CaseNote.objects.filter(contact_on__gt=today - timezone.timedelta(days=15)).exists()
    assert Task.objects.filter(done_at__isnull=True).exists()
    coordinator = User.objects.get(username="coordinator")
    assert Session.objects.filter(date__lt=today).exists()
    assert Session.objects.filter(date__gte=today).exists()
    worker = User.objects.get(username="caseworker1")
    assert [i for i in due_for(actor=worker, today=today) if i.due_on <= week_end(today)]
    # The demo's trainers took every register before today: none is missing...
    assert not registers_not_taken(actor=coordinator, today=today).exists()
    client.force_login(coordinator)
    body = client.get("/").content.decode()
    assert body.count('class="warn"') >= 1  # somebody falls behind or is overdue
