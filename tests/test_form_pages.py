"""Every form the site serves leaves validation to the server (issue 13).

The browser's own required-field bubbles are not announced well, vanish on their own and
speak the browser's language: every <form> carries ``novalidate`` so that the server's
error summary and messages are what people meet. The walk requests every GET URL of the
access matrix as a persona its rule lets in, and reads each page's forms.
"""

import re

from django.core.cache import cache
from django.db import transaction
from django.test import Client

from reintegra.core import access_matrix as am

FORM_TAG = re.compile(r"<form\b[^>]*>", re.IGNORECASE)


def _get(entry, rule, world, persona):
    kwargs = {**entry.sample_kwargs(), **(rule.kwargs(world) if rule.kwargs else {})}
    path = entry.path(kwargs)
    client = Client()
    cache.clear()
    with transaction.atomic(using="default"), transaction.atomic(using="keystore"):
        if persona != "anonymous":
            client.force_login(getattr(world, persona))
        response = client.get(path)
        transaction.set_rollback(True, using="keystore")
        transaction.set_rollback(True, using="default")
    return path, response


def test_no_form_without_novalidate(people, team_client):
    rules = am.load_rules()
    world = am.build_world(people, team_client, rules.modules)
    pages, forms, without = 0, 0, []
    for entry in am.url_entries():
        rule = rules.rule_for(entry)
        if rule is None or rule.method != "GET":
            continue
        persona = next((p for p in am.PERSONAS if p in rule.allow), None)
        if persona is None:
            continue
        path, response = _get(entry, rule, world, persona)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        pages += 1
        for tag in FORM_TAG.findall(response.content.decode()):
            forms += 1
            if not re.search(r"\snovalidate[\s>]", tag):
                without.append(f"{entry.key} ({path}) as {persona}: {tag[:120]}")
    # The walk saw the site's forms (else it proves nothing): the login page, intake,
    # the assessment, consent, the register's pages...
    assert pages > 40 and forms > 60, (pages, forms)
    assert not without, "forms without novalidate:\n" + "\n".join(without)
