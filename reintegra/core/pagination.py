from typing import Any

from django.core.paginator import EmptyPage, Page, Paginator
from django.http import Http404, HttpRequest

PAGE_SIZE = 25




def paginate(request: HttpRequest, queryset: Any, per_page: int = PAGE_SIZE) -> Page[Any]:
    """A page of ``queryset``; a malformed page number is a 400, a missing page a 404."""
    raw = request.GET.get("page", "1")
    if not raw.isdigit() or int(raw) < 1:
        from django.core.exceptions import BadRequest as DjangoBadRequest

        raise DjangoBadRequest("page must be a positive whole number")
    paginator = Paginator(queryset, per_page)
    try:
        return paginator.page(int(raw))
    except EmptyPage as exc:
        if int(raw) == 1:
            return paginator.page(1)
        raise Http404("no such page") from exc
