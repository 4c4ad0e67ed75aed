import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Each test has its own media folder (report files are stored there, encrypted)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def english():
    """Labels are checked in English, whatever language an earlier test left active."""
    from django.utils import translation

    with translation.override("en"):
        yield
