"""Many rows at once, for the scale seed (``seed_demo --clients 100000``: about two million
attendance rows and as many index rows).

No model instances: building and compiling them was most of the seed's time.
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
