"""Legal data of one client, for the generic erasure walk
(reintegra/privacy/tests/test_erasure_reaches_every_app.py finds this module by itself)."""

import datetime as dt

from django.utils import timezone


def fill(people, client):
    from reintegra.legal import services
    from reintegra.legal.reminders import make_reminders
    from reintegra.legal.rules import install_shipped_rules

    install_shipped_rules()
    today = timezone.localdate()
    services.record_status(actor=people.lena, client=client, data={
        "kind": "certificate_170", "stage": "granted", "authority": "border_guard",
        "issued_on": today - dt.timedelta(days=70)}, reference="SG-555/26",
        note="Spotkanie w Straży Granicznej")
    services.save_document(actor=people.lena, client=client, data={
        "kind": "passport", "state": "withheld"}, number="EK0000002")
    proceeding = services.add_proceeding(actor=people.lena, client=client, data={
        "kind": "criminal", "client_role": "witness", "authority": "police",
        "opened_on": today - dt.timedelta(days=30)}, reference="RSD-77/26")
    services.add_hearing(actor=people.lena, proceeding=proceeding, held_on=today,
                         note="Sala 4, świadek boi się oskarżonego")
    services.add_claim(actor=people.lena, client=client, data={
        "kind": "labour", "offence_on": today - dt.timedelta(days=200)},
        reference="Pr 12/26", note="Niewypłacone wynagrodzenie")
    services.add_note(actor=people.lena, client=client, text="Rozmowa o powrocie do domu")
    make_reminders(today=today)
