"""Pages with client data are never kept by a browser's or a proxy's cache: every response to
a signed-in user carries ``Cache-Control: no-store`` (HTML, JSON and PDF downloads alike)."""

from django.urls import reverse

from reintegra.programme import services as programme_services
from reintegra.programme.tests.factories import make_offering


def _signed_in_urls(people, team_client):
    offering = make_offering(people.alice, trainer=people.tina)
    programme_services.enrol_client(actor=people.bob, client=team_client, offering=offering,
                                    acknowledge_warnings=True)
    session = offering.sessions.order_by("date").first()
    return [
        reverse("audit:client_history", args=[team_client.pk]),
        reverse("clients:list"),
        reverse("clients:detail", args=[team_client.pk]),
        reverse("privacy:subject_access", args=[team_client.pk]),
        reverse("privacy:subject_access_json", args=[team_client.pk]),
        reverse("programme:week"),
        reverse("programme:offering", args=[offering.pk]),
        reverse("programme:attendance_sheet", args=[session.pk]),
        reverse("clients:detail", args=[team_client.pk + 1000]),  # a 404 says no-store too
    ]


def test_every_signed_in_response_says_no_store(client, people, team_client):
    urls = _signed_in_urls(people, team_client)
    client.force_login(people.alice)
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
        assert "no-store" in directives, f"{url} answered {response.get('Cache-Control')!r}"
    pdf = client.get(urls[-2])
    assert pdf["Content-Type"] == "application/pdf"

