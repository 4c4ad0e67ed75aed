"""Who may open each URL of the legal app (walked by the project's access-matrix test).

Legal data is the LEGAL section of a client: the coordinator, and the case worker and the
legal advisor on the client's case team, read it; the coordinator and the team's legal
advisor write it (the case worker reads only). Legal notes: the team's legal advisor and
the coordinator. The psychologist, the trainer, the DPO, a case worker off the team and
another organisation get 404 (or 403/redirect for the pages that are not about a client).
Deadline rules: coordinators and legal advisors of any organisation (the law is the same
for everyone). The due page and the reminders list are each user's own.

``setup(world)`` gives ``world.team_client`` a certificate, a document, proceedings with a
hearing, a deadline and a reminder for lena (kept on ``world.legal``).
"""

import datetime as dt
from types import SimpleNamespace

READERS = {"alice", "bob", "lena"}
WRITERS = {"alice", "lena"}
STAFF = {"alice", "bob", "charlie", "lena", "piotr", "tina", "dora", "oscar"}


# A whole PDF: every stored file is checked by its content.
SCAN = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def setup(world):
    from django.utils import timezone

    from reintegra.legal import services
    from reintegra.legal.models import Deadline, Reminder
    from reintegra.legal.rules import install_shipped_rules

    install_shipped_rules()  # a flush by an earlier transactional test empties them
    client = world.team_client
    today = timezone.localdate()
    status = services.record_status(actor=world.lena, client=client, data={
        "kind": "certificate_170", "stage": "granted", "authority": "police",
        "issued_on": today - dt.timedelta(days=70)}, reference="RSD-1")
    document = services.save_document(actor=world.lena, client=client, data={
        "kind": "passport", "state": "withheld", "expires_on": today + dt.timedelta(days=90)},
        number="EK1")
    proceeding = services.add_proceeding(actor=world.lena, client=client, data={
        "kind": "criminal", "client_role": "aggrieved", "authority": "prosecutor",
        "opened_on": today - dt.timedelta(days=60)}, reference="PR 1 Ds 1/26")
    services.add_hearing(actor=world.lena, proceeding=proceeding,
                         held_on=today + dt.timedelta(days=10))
    services.attach_scan(actor=world.lena, document=document, name="passport.pdf",
                         data=SCAN)
    deadline = Deadline.objects.filter(status=status).first()
    reminder = Reminder.objects.create(user=world.lena, deadline=deadline, days_before=30)
    world.legal = SimpleNamespace(status=status, document=document, proceeding=proceeding,
                                  deadline=deadline, reminder=reminder)


def _client(w):
    return {"pk": w.team_client.pk}


RULES = {
    "legal:workspace": {"allow": {"alice", "lena", "oscar"}},
    "legal:client": {"allow": READERS, "kwargs": _client},
    "legal:status_new": {"allow": WRITERS, "kwargs": _client},
    "legal:status_replace": {"allow": WRITERS, "kwargs": lambda w: {"pk": w.legal.status.pk}},
    "legal:document_new": {"allow": WRITERS, "kwargs": _client},
    "legal:document_edit": {"allow": WRITERS, "kwargs": lambda w: {"pk": w.legal.document.pk}},
    "legal:document_scan": {"allow": WRITERS, "kwargs": lambda w: {"pk": w.legal.document.pk}},
    "legal:document_scan_download": {"allow": READERS,
                                     "kwargs": lambda w: {"pk": w.legal.document.pk}},
    "legal:proceeding_new": {"allow": WRITERS, "kwargs": _client},
    "legal:hearing_new": {"allow": WRITERS,
                          "kwargs": lambda w: {"pk": w.legal.proceeding.pk}},
    "legal:claim_new": {"allow": WRITERS, "kwargs": _client},
    "legal:note_new": {"allow": WRITERS, "kwargs": _client},
    "legal:deadline_done": {"allow": WRITERS, "method": "POST",
                            "kwargs": lambda w: {"pk": w.legal.deadline.pk}},
    "legal:timeline": {"allow": READERS, "kwargs": _client},
    "legal:timeline_pdf": {"allow": READERS, "kwargs": _client},
    "legal:rules": {"allow": {"alice", "lena", "oscar"}},
    "legal:rule_edit": {"allow": {"alice", "lena", "oscar"},
                        "kwargs": lambda w: {"code": "CERT_170_VALIDITY"}},
    # Each user's own list (empty for most); reading another's reminder is a 404.
    "legal:reminders": {"allow": STAFF},
    "legal:reminder_read": {"allow": {"lena"}, "method": "POST",
                            "kwargs": lambda w: {"pk": w.legal.reminder.pk}},
}
