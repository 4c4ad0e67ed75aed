import shutil

import pytest

from reintegra.core.testing import Personas, make_client

DATABASE_FIXTURES = {"db", "transactional_db", "people", "team_client"}


def pytest_collection_modifyitems(items):
    """Every database test uses both databases: the main one and the keystore."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is None and not DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())):
            continue
        kwargs = dict(marker.kwargs) if marker else {}
        kwargs.setdefault("databases", ["default", "keystore"])
        item.add_marker(pytest.mark.django_db(*(marker.args if marker else ()), **kwargs),
                        append=False)


@pytest.fixture(scope="session", autouse=True)
def _remove_test_media():
    """Files the tests stored (ciphertext) go when the process ends."""
    yield
    from django.conf import settings

    if "test-media" in str(settings.MEDIA_ROOT):
        shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture
def people(db):
    return Personas()


@pytest.fixture
def team_client(people):
    """A client of alice's organisation with bob, lena and piotr on the case team."""
    return make_client(people.alice, team=[people.bob, people.lena, people.piotr],
                       owner=people.bob)
