from typing import Any

from django.core.paginator import EmptyPage, Page, Paginator
from django.db.models import Count, Window
from django.http import Http404, HttpRequest

PAGE_SIZE = 25


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    if not raw.isdigit() or int(raw) < 1:
        from django.core.exceptions import BadRequest as DjangoBadRequest

        raise DjangoBadRequest("page must be a positive whole number")
    return int(raw)


def paginate(request: HttpRequest, queryset: Any, per_page: int = PAGE_SIZE) -> Page[Any]:
    """A page of ``queryset``; a malformed page number is a 400, a missing page a 404."""
    number = _page_number(request)
    paginator = Paginator(queryset, per_page)
    try:
        return paginator.page(number)
    except EmptyPage as exc:
        if number == 1:
            return paginator.page(1)
        raise Http404("no such page") from exc


def paginate_by_ids(request: HttpRequest, queryset: Any,
                    per_page: int = PAGE_SIZE) -> Page[Any]:
    """As ``paginate``, but the OFFSET runs over the primary keys alone (an index-only
    scan with the list's index), and only the page's rows are then loaded, with whatever
    ``queryset`` joins (select_related): deep pages no longer carry every wide row that
    comes before them; a page past the middle is read from the other end (``_page_keys``).
    The page's objects keep the queryset's order.

    A grouped ``queryset`` (ordered by aggregates, as a search's ranking) is computed
    whole before any page can be cut from it, and a COUNT would compute it all again: its
    count comes with the page's keys, from the same query (``COUNT(*) OVER ()``)."""
    ids = queryset.values_list("pk", flat=True)
    if ids.query.group_by is None:
        page = paginate(request, ids, per_page)
        keys = _page_keys(page, ids)
    else:
        page = _page_with_count(request, queryset, per_page)
        keys = list(page.object_list)
    rows = {obj.pk: obj for obj in queryset.order_by().filter(pk__in=keys)} if keys else {}
    page.object_list = [rows[pk] for pk in keys if pk in rows]
    return page


def _page_keys(page: Page[Any], ids: Any) -> list[Any]:
    """The keys of ``page``. A page past the middle is read from the other end, in the
    reversed order, and turned back: the OFFSET the database walks is then the rows after
    the page, not before it (the last page of 4,000 costs what the first does). Only for an
    order that ends with the primary key, so that the reversed order is exactly the same
    rows backwards."""
    count = page.paginator.count
    start, end = page.start_index() - 1, page.end_index()
    if count == 0 or start <= count // 2 or not _ends_with_key(ids):
        return list(page.object_list)
    after = count - end
    return list(reversed(ids.reverse()[after:after + (end - start)]))


def _ends_with_key(queryset: Any) -> bool:
    ordering = queryset.query.order_by or (
        queryset.query.default_ordering and queryset.model._meta.ordering) or ()
    pk_names = {"pk", queryset.model._meta.pk.name}
    return bool(ordering) and isinstance(ordering[-1], str) and \
        ordering[-1].lstrip("-") in pk_names


def _page_with_count(request: HttpRequest, queryset: Any, per_page: int) -> Page[Any]:
    number = _page_number(request)
    start = (number - 1) * per_page
    found = list(queryset.annotate(total_found=Window(Count("*")))
                 .values_list("pk", "total_found")[start:start + per_page])
    paginator = Paginator(queryset.values_list("pk", flat=True), per_page)
    if found:
        paginator.count = found[0][1]  # else counted by a query of its own when asked
    try:
        number = paginator.validate_number(number)
    except EmptyPage as exc:
        if number != 1:
            raise Http404("no such page") from exc
    return Page([pk for pk, _ in found], number, paginator)
