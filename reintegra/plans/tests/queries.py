"""Counting the SQL queries of one page, for docs/design.md's budget ("Performance budgets":
at most 12 queries per page; the keystore is a separate database, counted apart)."""

from django.db import connections
from django.test.utils import CaptureQueriesContext

PAGE_BUDGET = 12

# reintegra.audit.services.record serialises the hash chain on PostgreSQL with this
# statement, one per audit event; SQLite runs no such statement (its transactions start
# IMMEDIATE). It is shared code, not this app's: it is left out of the count against the
# budget, so that the same assertion holds on both databases. With it, a page that records
# a view runs one query more on PostgreSQL than the counts asserted here.
AUDIT_CHAIN_LOCK = "SELECT pg_advisory_xact_lock("


def page_queries(client, url) -> tuple[int, int]:
    """(main database, keystore) queries of a GET of ``url`` that must answer 200.

    A first GET goes before the counted one: the first request of a session stores its
    idle-timeout stamp, which later requests do not."""
    client.get(url)
    with CaptureQueriesContext(connections["default"]) as main, \
            CaptureQueriesContext(connections["keystore"]) as keys:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    counted = [q for q in main.captured_queries if not q["sql"].startswith(AUDIT_CHAIN_LOCK)]
    return len(counted), len(keys)
