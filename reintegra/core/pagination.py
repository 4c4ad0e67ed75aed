from typing import Any

from django.core.paginator import EmptyPage, Page, Paginator
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
    comes before them. The page's objects keep the queryset's order."""
    page = paginate(request, queryset.values_list("pk", flat=True), per_page)
    ids = list(page.object_list)
    rows = {obj.pk: obj for obj in queryset.order_by().filter(pk__in=ids)} if ids else {}
    page.object_list = [rows[pk] for pk in ids if pk in rows]
    return page
