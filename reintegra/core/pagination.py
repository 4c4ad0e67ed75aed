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
    comes before them. The page's objects keep the queryset's order.

    A grouped ``queryset`` (ordered by aggregates, as a search's ranking) is computed
    whole before any page can be cut from it, and a COUNT would compute it all again: its
    count comes with the page's keys, from the same query (``COUNT(*) OVER ()``)."""
    ids = queryset.values_list("pk", flat=True)
    if ids.query.group_by is None:
        page = paginate(request, ids, per_page)
    else:
        page = _page_with_count(request, queryset, per_page)
    keys = list(page.object_list)
    rows = {obj.pk: obj for obj in queryset.order_by().filter(pk__in=keys)} if keys else {}
    page.object_list = [rows[pk] for pk in keys if pk in rows]
    return page


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
