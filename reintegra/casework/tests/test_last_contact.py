"""The latest contact per section kept on the client (``services.refresh_last_contacts``)
and the "no contact for N days" rows read from it: within reach, by the note sections the
role reads (a psychologist's meeting is no date for the coordinator)."""

import datetime as dt

from django.utils import timezone

from reintegra.casework import services
from reintegra.casework.apps import erase_casework
from reintegra.casework.home import no_contact_rows
from reintegra.clients.models import Client
from reintegra.core.testing import make_client

TODAY = timezone.localdate


def _dates(client):
    return tuple(Client.objects.filter(pk=client.pk).values_list(
        "last_case_contact_on", "last_legal_contact_on").get())


def _day(n):
    return TODAY() - dt.timedelta(days=n)


def test_notes_keep_the_latest_contact_per_section(people, team_client):
    assert _dates(team_client) == (None, None)
    note = services.add_note(actor=people.bob, client=team_client, section="case",
                             kind="phone", contact_on=_day(30), text="call")
    services.add_note(actor=people.bob, client=team_client, section="case", kind="none",
                      contact_on=_day(2), text="a note only: no contact")
    services.add_note(actor=people.piotr, client=team_client, section="psychological",
                      kind="meeting", contact_on=_day(1), text="session")
    assert _dates(team_client) == (_day(30), None)
    services.add_note(actor=people.lena, client=team_client, section="legal",
                      kind="accompaniment", contact_on=_day(10), text="court")
    assert _dates(team_client) == (_day(30), _day(10))
    services.edit_note(actor=people.bob, note=note, kind="meeting", contact_on=_day(5),
                       text="met instead")
    assert _dates(team_client) == (_day(5), _day(10))
    # An object loaded before does not write back the dates it read.
    team_client.referral_organisation = "Another"
    team_client.save()
    assert _dates(team_client) == (_day(5), _day(10))
    erase_casework(team_client)
    assert _dates(team_client) == (None, None)


def test_no_contact_rows_read_the_sections_of_the_role(people):
    def codes(actor):
        return [r.label for r in no_contact_rows(actor=actor, today=TODAY())]

    team = [people.bob, people.lena, people.piotr]
    silent = make_client(people.alice, team=team, owner=people.bob)  # since intake
    phoned = make_client(people.alice, team=team, owner=people.bob)
    services.add_note(actor=people.bob, client=phoned, section="case", kind="phone",
                      contact_on=_day(2), text="call")
    legal = make_client(people.alice, team=team, owner=people.bob)
    services.add_note(actor=people.lena, client=legal, section="legal", kind="meeting",
                      contact_on=_day(2), text="advice")
    psych = make_client(people.alice, team=team, owner=people.bob)
    services.add_note(actor=people.piotr, client=psych, section="psychological",
                      kind="meeting", contact_on=_day(2), text="session")
    old = make_client(people.alice, team=team, owner=people.bob)
    services.add_note(actor=people.bob, client=old, section="case", kind="meeting",
                      contact_on=_day(40), text="long ago")
    elsewhere = make_client(people.alice, team=[people.charlie], owner=people.charlie)

    alice = codes(people.alice)  # case and legal notes, the whole organisation
    assert silent.code in alice and psych.code in alice and old.code in alice
    assert phoned.code not in alice and legal.code not in alice
    assert elsewhere.code in alice
    assert alice.index(silent.code) < alice.index(old.code)  # intake (March) first
    bob = codes(people.bob)  # case notes only, his team only
    assert legal.code in bob and phoned.code not in bob and elsewhere.code not in bob
    assert codes(people.charlie) == [elsewhere.code]
    assert codes(people.piotr) == [] and codes(people.lena) == []
    row = next(r for r in no_contact_rows(actor=people.alice, today=TODAY())
               if r.label == old.code)
    assert row.value == "40 days"
