"""The scale seed's bulk inserts (demo/bulk.py): rows with their keys, on both databases
(COPY with keys from the table's sequence on PostgreSQL, bulk_create on SQLite)."""

from django.db import models

from reintegra.demo.bulk import insert_models
from reintegra.programme.models import Offering, Venue
from reintegra.programme.tests.factories import make_offering


def _copy_of(offering: Offering, **changes) -> Offering:
    fields = {f.attname: getattr(offering, f.attname) for f in Offering._meta.concrete_fields
              if not f.primary_key and not isinstance(f, models.DateTimeField)
              and f.name not in changes}
    return Offering(**{**fields, **changes})


def test_inserted_rows_get_their_keys_and_later_inserts_continue_after_them(people):
    venues = [Venue(organisation=people.org, name=f"Bulk {i}") for i in range(3)]
    insert_models(venues)
    keys = {venue.pk for venue in venues}
    assert None not in keys and len(keys) == 3
    assert set(Venue.objects.filter(name__startswith="Bulk ").values_list("pk", flat=True)) \
        == keys
    later = Venue.objects.create(organisation=people.org, name="Later")
    assert later.pk > max(keys)  # the table's sequence moved past the inserted keys


def test_a_row_takes_the_key_of_a_parent_inserted_before_it(people):
    venue = Venue(organisation=people.org, name="New room")
    copy = _copy_of(make_offering(people.alice), label="Copied", venue=venue)
    insert_models([venue])
    insert_models([copy])
    saved = Offering.objects.get(pk=copy.pk)
    assert (saved.venue_id, saved.label) == (venue.pk, "Copied")
    assert saved.created_at is not None  # auto_now_add filled as a save would
    assert not copy._state.adding
