"""Questionnaires of one client, for the generic erasure walk
(reintegra/privacy/tests/test_erasure_reaches_every_app.py finds this module by itself)."""

from django.utils import timezone


def fill(people, client):
    from reintegra.outcomes import services

    instruments = {i.code: i for i in services.import_shipped_instruments()}
    security = instruments["SECURITY"]
    today = timezone.localdate()
    administration = services.add_administration(actor=people.bob, client=client,
                                                 instrument=security, due_on=today)
    ids = [str(item["id"]) for item in security.definition["items"]]
    services.record_answers(actor=people.bob, administration=administration, language="pl",
                            answers=dict.fromkeys(ids, 3), completed_on=today)
    services.start_self_completion(actor=people.bob, client=client,
                                   instruments=[instruments["WHO-5"]], language="uk")
