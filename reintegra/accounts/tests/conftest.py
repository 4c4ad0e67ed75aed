import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_rate_limits(request):
    """allauth keeps rate-limit counters and used TOTP codes in the cache (a database table
    unless REDIS_URL is set): tests that use the database start and end with it empty."""
    uses_db = request.node.get_closest_marker("django_db") is not None
    if uses_db:
        cache.clear()
    yield
    if uses_db:
        cache.clear()
