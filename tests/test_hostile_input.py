"""Hostile input never gives a 500, and a refused request changes nothing.

Every URL of the project (walked from the resolver, as the access matrix does) is requested
by a persona its access rule lets in, with hostile values in its parameters: the fields of
the forms the page itself shows (found by parsing its HTML), the query and POST keys its view
reads (found in the view's source), and a sample of every form field name of the project's
forms modules. A new app's pages and forms are covered without touching this file.

Runtime: ``HOSTILE_EXAMPLES`` examples per URL and method (3 by default; set the environment
variable ``HOSTILE_EXAMPLES=50`` for a deeper run).
"""

import importlib
import inspect
import os
import re
from html.parser import HTMLParser

import pytest
from django import forms
from django.apps import apps
from django.db import connections, router, transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reintegra.audit.models import Action, AuditEvent
from reintegra.core import access_matrix as am
from reintegra.core.bounds import PlausibleDates

EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", "3"))
HUGE = "9" * 30

HOSTILE_WORDS = [
    HUGE, str(2**63), str(-(2**63) - 1), "-1", "-99999", "0", "1.5", "1e309", "nan", "inf",
    "٣", "²", "１２", "٢٠٢٦-٠١-٠١", "0001-01-01", "9999-12-31", "10000-01-01", "2026-02-30",
    "2026-13-01", "-2026-01-01", "99:99", "25:00", "\x00", "a\x00b", "' OR 1=1 --",
    "<script>alert(1)</script>", "x" * 3000, "", " ", "on", "true", "legal", "present",
    "revoke", "1",
]
HOSTILE = st.one_of(
    st.sampled_from(HOSTILE_WORDS),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.text(max_size=30),
)


# --- what a page asks for ------------------------------------------------------------------

class FormFields(HTMLParser):
    """The names and current values of a page's form fields."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, list[str]] = {}
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                self.values.setdefault(name, [])
            else:
                self.values.setdefault(name, []).append(a.get("value") or "")
        elif tag == "textarea" and name:
            self.values.setdefault(name, []).append("")
        elif tag == "select" and name:
            self._select = name
            self.values.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select].append(a.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def page_fields(html: str) -> dict[str, list[str]]:
    parser = FormFields()
    parser.feed(html)
    parser.values.pop("csrfmiddlewaretoken", None)
    return parser.values


def project_forms() -> list[type]:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("reintegra."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                found.append(cls)
    return found


def project_form_field_names() -> list[str]:
    return sorted({name for cls in project_forms() for name in getattr(cls, "base_fields", {})})


VIEW_KEYS = re.compile(r"request\.(?:GET|POST)(?:\.get\(|\.getlist\(|\[)\s*[\"'](\w+)[\"']")


def view_keys(entry) -> set[str]:
    view = entry.pieces[-1].callback
    while hasattr(view, "__wrapped__"):
        view = view.__wrapped__
    try:
        source = inspect.getsource(inspect.getmodule(view))
    except (TypeError, OSError):
        return set()
    return set(VIEW_KEYS.findall(source))


# --- the state a refusal must leave alone --------------------------------------------------

# Reads are recorded on refused pages too, and so is a failed sign-in (on purpose).
NOT_WRITES = (Action.VIEW, Action.LIST, Action.EXPORT, Action.LOGIN_FAILED, Action.LOGIN_LOCKED)
WRITES = [a for a in Action.values if a not in NOT_WRITES]


WATCHED_APPS = ("accounts", "vault", "clients", "plans", "programme", "privacy", "mfa")


def snapshot() -> dict[str, int]:
    """Row counts of the project's tables (and of written audit events): one query a database."""
    counts = {}
    for alias in ("default", "keystore"):
        models = [m for m in apps.get_models() if m._meta.app_label.startswith(WATCHED_APPS)
                  and router.db_for_read(m) == alias]
        quote = connections[alias].ops.quote_name
        # Table names come from the models, not from input.
        parts = [f"(SELECT COUNT(*) FROM {quote(m._meta.db_table)})" for m in models]  # noqa: S608
        params = []
        if alias == "default":
            models.append(AuditEvent)
            marks = ", ".join(["%s"] * len(WRITES))
            parts.append(f"(SELECT COUNT(*) FROM {quote(AuditEvent._meta.db_table)} "  # noqa: S608
                         f"WHERE action IN ({marks}))")
            params = WRITES
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(parts), params)
            counts.update(zip((m._meta.label for m in models), cursor.fetchone(), strict=True))
    return counts


def persona_for(rule) -> str | None:
    for name in am.STAFF_ORDER:
        if name in rule.allow:
            return name
    return "anonymous" if "anonymous" in rule.allow else None


# --- the test ------------------------------------------------------------------------------

@pytest.fixture
def world(people, team_client):
    rules = am.load_rules()
    return rules, am.build_world(people, team_client, rules.modules)


def _in_rollback(fn, *args):
    with transaction.atomic(using="default"), transaction.atomic(using="keystore"):
        try:
            return fn(*args)
        finally:
            transaction.set_rollback(True, using="keystore")
            transaction.set_rollback(True, using="default")


def _check(client, method, path, data):
    before = snapshot()
    response = getattr(client, method)(path, data)
    assert response.status_code < 500, f"{method.upper()} {path} {data!r}"
    # A refusal: an error status, or the form shown again with its error summary.
    refused = response.status_code >= 400 or (
        response.status_code == 200 and b'class="error-summary"' in response.content)
    if refused:
        after = snapshot()
        changed = {k: (before.get(k), after.get(k)) for k in before | after
                   if before.get(k) != after.get(k)}
        assert not changed, f"refused {method.upper()} {path} {data!r} changed {changed}"


def _fuzz(client, path, base, keys):
    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(method=st.sampled_from(["get", "post"]),
           hostile=st.dictionaries(keys, st.lists(HOSTILE, min_size=1, max_size=2),
                                   min_size=1, max_size=4))
    def probe(method, hostile):
        data = {**base, **hostile}
        _in_rollback(_check, client, method, path, data)

    probe()


def test_no_url_gives_a_500_on_hostile_input(world):
    rules, world_ = world
    all_names = project_form_field_names()
    checked = 0
    for entry in am.url_entries():
        rule = rules.rule_for(entry)
        persona = persona_for(rule) if rule else None
        if persona is None or entry.key.startswith("admin:"):
            continue
        kwargs = {**entry.sample_kwargs(), **(rule.kwargs(world_) if rule.kwargs else {})}
        path = entry.path(kwargs)
        client = Client()
        if persona != "anonymous":
            client.force_login(getattr(world_, persona))

        # The same URL with every integer argument far beyond any id.
        int_args = [k for k, v in kwargs.items() if isinstance(v, int)]
        if int_args:
            huge_path = entry.path({**kwargs, **{k: int(HUGE) for k in int_args}})
            _in_rollback(_check, client, "get", huge_path, {})

        page = _in_rollback(client.get, path)
        base = page_fields(page.content.decode(errors="replace")) if page.status_code == 200 \
            and "html" in page.get("Content-Type", "") else {}
        names = sorted(set(base) | view_keys(entry)) or all_names
        keys = st.one_of(st.sampled_from(names), st.sampled_from(all_names))

        _fuzz(client, path, base, keys)
        checked += 1
    assert checked > 30  # the walk found the project's pages


# --- the cases the review found, kept as plain regressions ---------------------------------

def test_an_over_large_id_on_intake_is_a_form_error(client, people):
    from django.urls import reverse

    client.force_login(people.alice)
    response = client.post(reverse("clients:create"), {"team": [HUGE], "case_owner": HUGE})
    assert response.status_code in (200, 400)


def test_a_non_ascii_digit_in_the_register_is_refused(client, people, team_client):
    from reintegra.programme import services
    from reintegra.programme.tests.factories import make_offering

    offering = make_offering(people.alice, trainer=people.tina)
    services.enrol_client(actor=people.bob, client=team_client, offering=offering,
                          acknowledge_warnings=True)
    session = offering.sessions.order_by("date").first()
    from django.urls import reverse

    client.force_login(people.tina)
    url = reverse("programme:register", args=[session.pk])
    for key in ("mark-²", f"mark-{HUGE}", "mark-١"):
        assert client.post(url, {key: "present"}).status_code == 400


@pytest.mark.parametrize("week", ["0001-01-01", "9999-12-31", "0001-01-07"])
def test_a_week_out_of_range_is_a_bad_request(client, people, week):
    from django.urls import reverse

    client.force_login(people.alice)
    assert client.get(reverse("programme:week"), {"week": week}).status_code == 400


# --- plausible bounds ----------------------------------------------------------------------

def test_every_form_with_a_date_bounds_it():
    unbounded = [cls.__qualname__ for cls in project_forms()
                 if any(isinstance(f, forms.DateField) for f in cls.base_fields.values())
                 and not issubclass(cls, PlausibleDates)]
    assert not unbounded, f"add reintegra.core.bounds.PlausibleDates to {unbounded}"


def test_no_intake_in_year_one_and_no_negative_hours(people):
    from reintegra.clients.forms import ClientForm
    from reintegra.programme.forms import ActivityForm

    form = ClientForm({"intake_date": "0001-01-01"}, organisation=people.org)
    assert "intake_date" in form.errors
    assert "1900" in form.errors["intake_date"][0]
    form = ClientForm({"intake_date": "2026-03-02"}, organisation=people.org)
    assert "intake_date" not in form.errors
    form = ActivityForm({"duration_hours": "-3"}, organisation=people.org)
    assert "duration_hours" in form.errors
    assert "duration_hours" not in ActivityForm({"duration_hours": "3"},
                                                organisation=people.org).errors


def test_the_bounds_are_1900_to_ten_years_ahead(settings):
    import datetime as dt

    from django.core.exceptions import ValidationError

    from reintegra.core.bounds import latest_date, parse_id, plausible_date

    plausible_date(dt.date(1900, 1, 1))
    plausible_date(latest_date())
    for wrong in (dt.date(1899, 12, 31), dt.date(1, 1, 1), latest_date() + dt.timedelta(days=1)):
        with pytest.raises(ValidationError):
            plausible_date(wrong)
    assert [parse_id(v) for v in ("12", "٣", "²", HUGE, "0", "-1", str(2**63 - 1))] == [
        12, None, None, None, None, None, 2**63 - 1]
