"""The access matrix: every URL pattern of the project x every persona -> allowed or denied.

``tests/test_access_matrix.py`` walks the URL resolver (namespaces included), finds the
rule for each pattern and requests it as each persona. A pattern without a rule fails the
test, naming the pattern; so does a rule whose pattern is gone.

Where rules live
----------------
Each app of the project may have ``reintegra/<app>/tests/access_rules.py`` with::

    RULES = {
        "ns:name": {
            "allow": {"alice", "bob"},             # personas that get in; all others are denied
            "kwargs": lambda world: {"pk": ...},   # URL arguments (optional)
            "method": "GET",                       # or "POST": sent with an empty body
        },
    }
    PREFIX_RULES = {"admin:": {"allow": set()}}    # optional: one rule for every URL whose
                                                   # key starts with the prefix
    def setup(world): ...                          # optional: make what the kwargs need

The modules are found by themselves: a new app only adds its file. ``PROJECT_RULES`` below
covers the project's own top-level URLs. A pattern's key is ``namespace:name``; a pattern
without a name is keyed by its whole route (``admin:admin/(?P<url>.*)$``) and is best
covered by a prefix rule. URL arguments a rule does not give are filled with a sample value
that fits the pattern (1, "1", a UUID, or the first word of an ``a|b`` alternative).

Personas (reintegra.core.testing.Personas): alice coordinator, bob case worker on the
team, charlie case worker off it, lena legal advisor and piotr psychologist on the team,
tina trainer, dora DPO, oscar coordinator of another organisation, and anonymous.
``world`` holds them as attributes, ``world.team_client`` (a client of alice's
organisation with bob, lena and piotr on the team), and whatever ``setup`` functions add.

Outcomes
--------
denied:  403 or 404, or a redirect to a login page (allauth's or the admin's).
allowed: any other status below 400; for POST also 400, as the empty body got past the
         access check and was then refused as malformed.
Anything else (405, 400 on GET, 500, an exception) fails the test as unexpected.
"""

import importlib
import importlib.util
import re
import uuid
from dataclasses import dataclass
from types import SimpleNamespace
from urllib.parse import urlsplit

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern, RoutePattern

STAFF_ORDER = ("alice", "bob", "charlie", "lena", "piotr", "tina", "dora", "oscar")
STAFF = frozenset(STAFF_ORDER)
PERSONAS = (*STAFF_ORDER, "anonymous")
EVERYONE = STAFF | {"anonymous"}
ORG_STAFF = STAFF - {"oscar"}
NOBODY = frozenset()

# The project's top-level URLs (reintegra/urls.py); apps' URLs are in their own modules.
PROJECT_RULES = {
    # Each role lands on its work; anonymous is sent to log in.
    "home": {"allow": STAFF},
    # For a load balancer: answers everyone, says only "ok" or "down".
    "health": {"allow": EVERYONE},
    # The language switch serves the login page too.
    "set_language": {"allow": EVERYONE, "method": "POST"},
}

LOGIN_URL_NAMES = ("account_login", "admin:login")


@dataclass(frozen=True)
class UrlEntry:
    key: str  # "ns:name", or "ns:<route>" for a pattern without a name
    route: str  # the whole route, for messages
    name: str | None  # what reverse() takes, or None
    pieces: tuple  # the pattern objects from the root down to this one

    def sample_kwargs(self) -> dict:
        kwargs = {}
        for pattern in self.pieces:
            kwargs.update(_samples(pattern.pattern))
        return kwargs

    def path(self, kwargs: dict) -> str:
        if self.name:
            return reverse(self.name, kwargs=kwargs)
        return "/" + "".join(_fill(p.pattern, kwargs) for p in self.pieces)


CONVERTER_SAMPLES = {"IntConverter": 1, "UUIDConverter": uuid.UUID(int=1)}


def _samples(pattern) -> dict:
    if isinstance(pattern, RoutePattern):
        return {name: CONVERTER_SAMPLES.get(type(conv).__name__, "1")
                for name, conv in pattern.converters.items()}
    if isinstance(pattern, RegexPattern):
        samples = {}
        for name, body in re.findall(r"\(\?P<(\w+)>([^)]*)\)", pattern._regex):
            literal = body.split("|")[0]
            samples[name] = literal if re.fullmatch(r"[\w-]+", literal) else "1"
        return samples
    return {}


def _fill(pattern, kwargs) -> str:
    text = str(pattern)
    if isinstance(pattern, RoutePattern):
        return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), text)
    text = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(kwargs[m.group(1)]), text)
    return text.lstrip("^").rstrip("$").replace("\\", "")


def url_entries() -> list[UrlEntry]:
    """Every URL pattern of the project, walked from the root resolver."""
    found = []

    def walk(patterns, namespace, route, pieces):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = ":".join(filter(None, [namespace, p.namespace]))
                walk(p.url_patterns, ns, route + str(p.pattern), (*pieces, p))
            elif isinstance(p, URLPattern):
                full = route + str(p.pattern)
                prefix = f"{namespace}:" if namespace else ""
                name = f"{prefix}{p.name}" if p.name else None
                found.append(UrlEntry(key=name or f"{prefix}{full}", route=full,
                                      name=name, pieces=(*pieces, p)))

    walk(get_resolver().url_patterns, "", "", ())
    return found


# --- rules -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Rule:
    allow: frozenset
    kwargs: object = None  # callable(world) -> dict
    method: str = "GET"
    source: str = ""

    @classmethod
    def from_spec(cls, spec: dict, source: str) -> "Rule":
        unknown = set(spec) - {"allow", "kwargs", "method"}
        if unknown:
            raise ValueError(f"{source}: unknown keys {sorted(unknown)}")
        allow = frozenset(spec["allow"])
        strangers = allow - EVERYONE
        if strangers:
            raise ValueError(f"{source}: unknown personas {sorted(strangers)}")
        return cls(allow=allow, kwargs=spec.get("kwargs"),
                   method=spec.get("method", "GET").upper(), source=source)


def rule_modules() -> list:
    """``<app>.tests.access_rules`` of every project app that has one."""
    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("reintegra."):
            continue
        name = f"{config.name}.tests.access_rules"
        try:
            spec = importlib.util.find_spec(name)
        except ModuleNotFoundError:
            spec = None
        if spec is not None:
            modules.append(importlib.import_module(name))
    return modules


@dataclass
class RuleBook:
    exact: dict
    prefixes: dict
    modules: list

    def rule_for(self, entry: UrlEntry) -> Rule | None:
        if entry.key in self.exact:
            return self.exact[entry.key]
        matches = [p for p in self.prefixes if entry.key.startswith(p)]
        return self.prefixes[max(matches, key=len)] if matches else None


def load_rules() -> RuleBook:
    exact, prefixes = {}, {}
    modules = rule_modules()
    sources = [("reintegra.core.access_matrix", PROJECT_RULES, {})]
    sources += [(m.__name__, getattr(m, "RULES", {}), getattr(m, "PREFIX_RULES", {}))
                for m in modules]
    for source, rules, prefix_rules in sources:
        for target, specs in ((exact, rules), (prefixes, prefix_rules)):
            for key, spec in specs.items():
                if key in target:
                    raise ValueError(f"{key} has two rules: {target[key].source}, {source}")
                target[key] = Rule.from_spec(spec, source)
    return RuleBook(exact=exact, prefixes=prefixes, modules=modules)


# --- the world and the requests ----------------------------------------------------------

# Two clients the pages are scanned for (test_access_matrix): one of alice's organisation
# whose case team is charlie alone, one of oscar's organisation. Their names are distinctive
# so that a page showing them is caught. Who may legitimately see each piece, by persona:
# the coordinator and the DPO reach the whole organisation (the DPO without identity), a
# trainer sees code and chosen name on the rosters of their own sessions (programme's
# access_rules.setup enrols the off-team client on tina's course).
STRANGERS = {
    "off_team_client": {
        "identity": {"first_name": "Zdzisława", "second_name": "Wielgoszówna",
                     "chosen_name": "Zdzisia"},
        "may_see": {"code": {"alice", "dora", "charlie", "tina"},
                    "first_name": {"alice", "charlie"}, "second_name": {"alice", "charlie"},
                    "chosen_name": {"alice", "charlie", "tina"}},
    },
    "other_org_client": {
        "identity": {"first_name": "Hieronima", "second_name": "Przybyłowska",
                     "chosen_name": "Hela"},
        "may_see": {"code": {"oscar"}, "first_name": {"oscar"}, "second_name": {"oscar"},
                    "chosen_name": {"oscar"}},
    },
}


def add_strangers(world) -> None:
    from reintegra.core.testing import make_client

    world.off_team_client = make_client(
        world.alice, team=[world.charlie], owner=world.charlie,
        **STRANGERS["off_team_client"]["identity"])
    world.other_org_client = make_client(
        world.oscar, owner=world.oscar, **STRANGERS["other_org_client"]["identity"])


def shown(world, html: str) -> set[str]:
    """The pieces of the strangers (``off_team_client.code``...) that ``html`` shows."""
    found = set()
    for name, spec in STRANGERS.items():
        client = getattr(world, name)
        values = {"code": client.code, **spec["identity"]}
        for piece, value in values.items():
            if re.search(rf"(?<![\w-]){re.escape(value)}(?![\w-])", html):
                found.add(f"{name}.{piece}")
    return found


def leaks(world, persona: str, html: str) -> list[str]:
    """What of the strangers ``html`` shows that ``persona`` may not see."""
    return sorted(
        piece for piece in shown(world, html)
        if persona not in STRANGERS[piece.split(".")[0]]["may_see"][piece.split(".")[1]]
    )


def build_world(people, team_client, modules) -> SimpleNamespace:
    world = SimpleNamespace(**people.all(), org=people.org, other_org=people.other_org,
                            team_client=team_client)
    add_strangers(world)
    for module in modules:
        if hasattr(module, "setup"):
            module.setup(world)
    return world


def login_paths() -> set[str]:
    return {reverse(name) for name in LOGIN_URL_NAMES}


def outcome(response, method: str, logins: set[str]) -> str:
    """"allowed", "denied", or "unexpected <status>"."""
    status = response.status_code
    if status in (403, 404):
        return "denied"
    if status in (301, 302, 303, 307, 308):
        if urlsplit(response["Location"]).path in logins:
            return "denied"
        return "allowed"
    if status < 400 or (status == 400 and method != "GET"):
        return "allowed"
    return f"unexpected {status}"
