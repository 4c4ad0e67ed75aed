"""Who may open each URL of the privacy app, and the client-file URLs that the privacy app
serves through the clients app (walked by tests/test_access_matrix.py).

Derived from privacy/access.py on top of clients/access.py:
- consent: recorded and withdrawn by those who see the CONSENT section and are not the DPO
  (alice; bob on the team); the DPO only reads it (403), lena and piotr have no consent
  section (403), others do not see the client (404);
- erasure: the DPO asks (dora); the request list is for the DPO and coordinators (oscar sees
  his own organisation's, empty, list); a second person confirms (alice: dora asked, so she
  gets 403); the DPO or a coordinator of the organisation may cancel;
- data-subject access: the DPO or a coordinator of the organisation;
- files: upload and download need the CASE section (alice; bob and piotr on the team;
  lena and dora see the record but not the case: 403 on upload, 404 on a file); deleting
  needs ``may_manage_case`` (alice, bob).

``setup(world)`` adds ``world.consent`` (an active consent of the team client),
``world.attachment`` (a file of the team client) and ``world.erasure`` (a pending erasure
request, by dora, of another client of the organisation).
"""

import weakref

CONSENT_KEEPERS = {"alice", "bob"}
CASE_READERS = {"alice", "bob", "piotr"}
DATA_PROTECTION = {"alice", "dora"}


def setup(world):
    from reintegra.core.testing import make_client
    from reintegra.privacy import services
    from reintegra.vault import files

    team_client = world.team_client
    world.consent = services.record_consent(
        actor=world.bob, client=team_client, purpose="statistics",
        given_on=team_client.intake_date, language="pol", explained_by=world.bob,
        items_explained=["purpose"],
    )
    world.attachment = services.upload_attachment(
        actor=world.bob, client=team_client, name="scan.pdf", data=b"%PDF-1.4\n%%EOF\n"
    )
    # The encrypted file goes with the world, whatever MEDIA_ROOT the test run has.
    weakref.finalize(world.attachment, files.delete, world.attachment.blob)
    other = make_client(world.alice, team=[world.bob], owner=world.bob)
    world.erasure = services.request_erasure(actor=world.dora, client=other,
                                             reason="data_subject")


def _team_client(w):
    return {"pk": w.team_client.pk}


def _file(w):
    return {"pk": w.team_client.pk, "uid": w.attachment.uid}


def _erasure(w):
    return {"pk": w.erasure.pk}


RULES = {
    "privacy:consent_create": {"allow": CONSENT_KEEPERS, "kwargs": _team_client},
    "privacy:consent_withdraw": {"allow": CONSENT_KEEPERS,
                                 "kwargs": lambda w: {"pk": w.consent.pk}},
    "privacy:erasure_request": {"allow": {"dora"}, "kwargs": _team_client},
    "privacy:subject_access": {"allow": DATA_PROTECTION, "kwargs": _team_client},
    "privacy:subject_access_json": {"allow": DATA_PROTECTION, "kwargs": _team_client},
    "privacy:erasure_list": {"allow": {"alice", "dora", "oscar"}},
    "privacy:erasure_detail": {"allow": DATA_PROTECTION, "kwargs": _erasure},
    # An empty POST reaches the form (the code is missing) only for the second person.
    "privacy:erasure_confirm": {"allow": {"alice"}, "method": "POST", "kwargs": _erasure},
    "privacy:erasure_cancel": {"allow": DATA_PROTECTION, "method": "POST",
                               "kwargs": _erasure},
    # Client files (views in privacy/attachments.py).
    "privacy:attachment_upload": {"allow": CASE_READERS, "kwargs": _team_client},
    "privacy:attachment_download": {"allow": CASE_READERS, "kwargs": _file},
    "privacy:attachment_delete": {"allow": {"alice", "bob"}, "kwargs": _file},
}
