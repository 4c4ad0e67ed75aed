"""core.pagination.paginate_by_ids: a page past the middle is read from the other end."""

import datetime as dt

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from reintegra.clients import selectors
from reintegra.core.pagination import paginate_by_ids
from reintegra.core.testing import make_client

pytestmark = pytest.mark.django_db


def _page(queryset, number, per_page=3):
    request = RequestFactory().get("/clients/", {"page": number})
    return paginate_by_ids(request, queryset, per_page=per_page)


@pytest.fixture
def eleven(people):
    """Eleven clients, intake dates with ties (the order then falls back on the key)."""
    start = dt.date(2026, 1, 1)
    for i in range(11):
        make_client(people.alice, intake_date=start + dt.timedelta(days=i // 3))
    return selectors.client_list(actor=people.alice, filters=selectors.ClientFilters())


def test_every_page_holds_what_a_forward_offset_gives(eleven):
    expected = list(eleven.values_list("pk", flat=True))  # the list's order, read forwards
    pages = [[c.pk for c in _page(eleven, n).object_list] for n in (1, 2, 3, 4)]
    assert pages == [expected[0:3], expected[3:6], expected[6:9], expected[9:11]]


def test_a_page_past_the_middle_is_read_in_the_reversed_order(eleven):
    def page_sql(number):
        with CaptureQueriesContext(connection) as queries:
            _page(eleven, number)
        keys = [q["sql"] for q in queries if "LIMIT" in q["sql"] and "COUNT" not in q["sql"]]
        assert len(keys) == 1
        return keys[0]

    first, last = page_sql(1), page_sql(4)
    assert '"intake_date" DESC' in first and '"intake_date" ASC' in last
    # The last page skips nothing: its rows are the first ones from the other end.
    assert "OFFSET" not in last
    assert "OFFSET 3" in page_sql(2)


def test_an_order_that_does_not_end_with_the_key_is_read_forwards(eleven):
    by_status = eleven.order_by("status")  # ties: reversing it need not give the same rows
    with CaptureQueriesContext(connection) as queries:
        _page(by_status, 4)
    assert any("OFFSET 9" in q["sql"] for q in queries)
