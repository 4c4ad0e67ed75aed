"""Many rows at once, for the scale seed (``seed_demo --clients 100000``: about two million
attendance rows and as many index rows).

No INSERT statements: building and compiling them was most of the seed's time
(``insert_models`` still takes model instances, so that defaults, ``auto_now_add`` and
foreign keys to rows inserted before are filled as a save fills them).
"""

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connections, models, router


def copy_rows(model: type[models.Model], columns: Sequence[str],
              rows: Iterable[Sequence[Any]], batch_size: int = 2000) -> None:
    """``rows`` (tuples in the order of ``columns``, the columns' attribute names, e.g.
    ``client_id``) into ``model``'s table: PostgreSQL's COPY, or ``bulk_create`` on the
    other databases (SQLite: tests and the small bench)."""
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(
            (model(**dict(zip(columns, row, strict=True))) for row in rows),
            batch_size=batch_size,
        )
        return
    quote = connection.ops.quote_name
    names = {f.attname: f.column for f in model._meta.concrete_fields}
    statement = (f"COPY {quote(model._meta.db_table)} "  # noqa: S608 - our own names
                 f"({', '.join(quote(names[c]) for c in columns)}) FROM STDIN")
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def insert_models(objs: Sequence[models.Model], batch_size: int = 2000) -> None:
    """Unsaved instances of one model into its table, their primary keys set afterwards as
    ``bulk_create`` sets them. On PostgreSQL the keys are taken from the table's own
    sequence (so later inserts continue after them) and the rows go in by COPY: compiling
    an INSERT of 1,000 rows of 30 columns was most of the cost of a batch of clients.
    Elsewhere, ``bulk_create``."""
    if not objs:
        return
    model = type(objs[0])
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(objs, batch_size=batch_size)
        return
    meta = model._meta
    if any(obj.pk is None for obj in objs):
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) "
                           "FROM generate_series(1, %s)",
                           [meta.db_table, meta.pk.column, len(objs)])
            for obj, (value,) in zip(objs, cursor.fetchall(), strict=True):
                obj.pk = value
    fields = meta.concrete_fields
    for obj in objs:  # a foreign key to an instance saved since it was set: take its id
        obj._prepare_related_fields_for_save(operation_name="insert_models")
    copy_rows(model, [f.attname for f in fields],
              ([f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
               for obj in objs))
    for obj in objs:
        obj._state.adding, obj._state.db = False, connection.alias
