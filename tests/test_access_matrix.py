"""Every URL pattern of the project x every persona: allowed or denied as its rule says.

The rules and their format: reintegra/core/access_matrix.py. A URL without a rule fails
``test_every_url_has_a_rule`` with its name; run ``pytest tests/test_access_matrix.py -s``
to see the size of the matrix.
"""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client

from reintegra.accounts.middleware import MFA_SETUP_PREFIXES
from reintegra.core import access_matrix as am


@pytest.fixture(scope="module")
def rules():
    return am.load_rules()


@pytest.fixture
def world(people, team_client, rules):
    return am.build_world(people, team_client, rules.modules)


def test_every_url_has_a_rule(rules):
    missing = [f"{e.key}  (/{e.route})" for e in am.url_entries() if rules.rule_for(e) is None]
    assert not missing, (
        "URLs without an access rule (add them to reintegra/<app>/tests/access_rules.py):\n"
        + "\n".join(missing)
    )


def test_every_rule_names_a_url(rules):
    keys = [e.key for e in am.url_entries()]
    stale = [k for k in rules.exact if k not in keys]
    stale += [p for p in rules.prefixes if not any(k.startswith(p) for k in keys)]
    assert not stale, f"rules for URLs that do not exist: {stale}"


def _request(entry, rule, world, persona):
    """One request in a transaction that is rolled back: no request changes the world."""
    kwargs = {**entry.sample_kwargs(), **(rule.kwargs(world) if rule.kwargs else {})}
    path = entry.path(kwargs)
    client = Client()
    cache.clear()  # rate limits and used TOTP codes
    with transaction.atomic(using="default"), transaction.atomic(using="keystore"):
        if persona != "anonymous":
            client.force_login(getattr(world, persona))
        response = getattr(client, rule.method.lower())(path)
        transaction.set_rollback(True, using="keystore")
        transaction.set_rollback(True, using="default")
    return path, response


def test_access_matrix(world, rules, record_property, capsys):
    logins = am.login_paths()
    wrong, cells, witnessed = [], 0, set()
    entries = am.url_entries()
    for entry in entries:
        rule = rules.rule_for(entry)
        if rule is None:
            continue  # reported by test_every_url_has_a_rule
        for persona in am.PERSONAS:
            cells += 1
            try:
                path, response = _request(entry, rule, world, persona)
            except Exception as exc:  # noqa: BLE001 - every failure is listed below
                wrong.append(f"{entry.key} as {persona}: raised {exc!r}")
                continue
            got = am.outcome(response, rule.method, logins)
            expected = "allowed" if persona in rule.allow else "denied"
            if got != expected:
                wrong.append(f"{entry.key} ({rule.method} {path}) as {persona}: expected "
                             f"{expected}, got {got} ({response.status_code})")
            elif response.status_code == 200 and "html" in response.get("Content-Type", ""):
                # What the page shows, not only whether it opens (am.STRANGERS).
                html = response.content.decode()
                witnessed |= am.shown(world, html)
                leaked = am.leaks(world, persona, html)
                if leaked:
                    wrong.append(f"{entry.key} ({path}) as {persona} shows {leaked}")
    ruled = cells // len(am.PERSONAS)
    summary = (f"access matrix: {ruled} URL patterns x {len(am.PERSONAS)} personas = {cells} "
               f"checks ({len(entries) - ruled} patterns without a rule)")
    record_property("access_matrix_checks", cells)
    with capsys.disabled():
        print(f"\n{summary}")
    assert not wrong, f"{summary}; {len(wrong)} wrong:\n" + "\n".join(wrong)
    # The scan can see: those allowed to see the strangers did (else it proves nothing).
    assert {"off_team_client.code", "off_team_client.first_name", "off_team_client.chosen_name",
            "other_org_client.code", "other_org_client.first_name"} <= witnessed, witnessed


def test_staff_without_mfa_reach_only_the_pages_that_set_it_up(world, rules):
    """A signed-in staff member without TOTP is sent to set it up from every other URL."""
    from allauth.mfa.models import Authenticator
    from django.urls import reverse

    Authenticator.objects.filter(user=world.alice).delete()
    activate, leaked = reverse("mfa_activate_totp"), []
    for entry in am.url_entries():
        if ("/" + entry.route).startswith(MFA_SETUP_PREFIXES):
            continue
        # The middleware answers before the view: a URL without a rule is walked with GET.
        rule = rules.rule_for(entry) or am.Rule(allow=am.NOBODY)
        path, response = _request(entry, rule, world, "alice")
        if response.status_code != 302 or response["Location"] != activate:
            leaked.append(f"{entry.key} ({path}): {response.status_code}")
    assert not leaked, "reachable without MFA:\n" + "\n".join(leaked)


def test_static_files_are_served_to_everyone(client, db):
    """Static files are no URL pattern (whitenoise serves them before any view): one row
    of the matrix by hand. They hold no data; the login page needs them."""
    response = client.get("/static/css/reintegra.css")
    assert response.status_code == 200
    assert b"--brand" in b"".join(response.streaming_content)
