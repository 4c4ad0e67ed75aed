import pytest
from django.conf import settings
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English; Polish output is tested where it matters
    (certificates, calendar feeds, the e2e journeys)."""
    with translation.override("en"):
        yield


@pytest.fixture
def client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
