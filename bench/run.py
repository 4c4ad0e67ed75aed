#!/usr/bin/env python
"""``make bench``: the client list, search, client page and home pages, each side by side
with a baseline on the same rows. Prints figures, never asserts them (docs/design.md,
"Tests and checks").

Every page is measured interleaved, request by request (round robin), against:

- the Django admin changelist of the same clients (same page size, same order, the same
  need-to-know rows), for the list pages: a bench-only admin site registered inside this
  process only (``bench_urlconf``), never in the product's URLs;
- the floor: the page's own SQL statements, captured from one request of that URL and
  replayed alone through the driver's cursor, timed (inside one transaction that is rolled
  back, each write in a savepoint, so that the replay leaves no rows behind).

Sizes:

- Without ``--sizes`` and without DATABASE_URL: a throwaway SQLite database under
  var/bench/ (made afresh each run, with its own demo keys), filled by scale mode with
  ``--bench-clients`` clients (default 200).
- Without ``--sizes`` and with DATABASE_URL: that database as it is (filled beforehand by
  ``manage.py seed_demo --clients N`` with the same keys in var/demo-keys).
- ``--sizes 1000,10000,100000``: on PostgreSQL (``--pg``, default
  postgres://postgres@127.0.0.1:5432), each size in its own pair of databases
  ``<prefix>_<n>`` and ``<prefix>_<n>_ks`` (``--db-prefix``, default reintegra_bench),
  created, migrated and seeded when missing (the seeding time is printed). A DATABASE_URL
  whose scale organisation holds exactly n clients is used as that size instead.
  Each size runs in a process of its own (its peak memory is that process's ru_maxrss),
  and a last table checks growth: the same query count at the smallest and the largest
  size, and p95(largest) <= 1.5 x p95(smallest).

Requests go through Django's test client (middleware, view, template, audit writes),
logged in with force_login as staff of the scale organisation, who have an activated TOTP
authenticator. The databases gain the audit events the requests cause, as in real use.

Options: --requests N (per measure, default 100), --bench-clients N, --sizes, --pg,
--db-prefix.
"""

import argparse
import json
import logging
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
LIST_OF = 50  # clients on the page of the encryption-overhead comparison
MARK = "BENCH-JSON "
BENCH_URLCONF = "reintegra_bench_urls"  # a module that exists only inside the bench process


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100, help="requests per measure")
    parser.add_argument("--bench-clients", type=int, default=200,
                        help="clients in the throwaway SQLite database")
    parser.add_argument("--sizes", default="",
                        help="comma-separated client counts, each in its own PostgreSQL "
                             "database, e.g. 1000,10000,100000")
    parser.add_argument("--pg", default=os.environ.get("PG_URL",
                                                       "postgres://postgres@127.0.0.1:5432"),
                        help="PostgreSQL server for --sizes")
    parser.add_argument("--db-prefix", default="reintegra_bench",
                        help="database names for --sizes: <prefix>_<n> and <prefix>_<n>_ks")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args, _rest = parser.parse_known_args(argv)
    return args


def use_largest_size(argv=None) -> None:
    """For the scripts ``make bench`` runs after this one (home, report, search): with
    ``--sizes``, they measure the largest size's databases, which this script made, unless
    DATABASE_URL names others."""
    args = parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    if sizes and not os.environ.get("DATABASE_URL"):
        name = f"{args.db_prefix}_{max(sizes)}"
        os.environ["DATABASE_URL"] = f"{args.pg}/{name}"
        os.environ["KEYSTORE_DATABASE_URL"] = f"{args.pg}/{name}_ks"


def configure() -> bool:
    """Point Django at the bench database. Returns True for a throwaway one."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reintegra.settings")
    throwaway = not os.environ.get("DATABASE_URL")
    if throwaway:
        shutil.rmtree(BENCH_DIR, ignore_errors=True)  # ours alone: var/bench/ is the bench's
        BENCH_DIR.mkdir(parents=True)
        os.environ["REINTEGRA_VAR_DIR"] = str(BENCH_DIR)  # keys, databases, static
        os.environ["DATABASE_URL"] = f"sqlite:///{BENCH_DIR / 'reintegra.sqlite3'}"
        os.environ["KEYSTORE_DATABASE_URL"] = f"sqlite:///{BENCH_DIR / 'keystore.sqlite3'}"
    import django

    django.setup()
    logging.disable(logging.INFO)  # a neat table: no INFO lines from libraries
    return throwaway


def prepare(throwaway: bool, bench_clients: int):
    from io import StringIO

    from django.core.management import call_command

    from reintegra.accounts.models import Organisation
    from reintegra.demo.staff import SCALE_ORGANISATION

    if throwaway:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        call_command("migrate", database="keystore", verbosity=0)
        call_command("seed_demo", clients=bench_clients, stdout=StringIO())
        print(f"Throwaway SQLite database in {BENCH_DIR.relative_to(ROOT)}/: migrated and "
              f"seeded with {bench_clients} clients in {time.perf_counter() - started:.1f} s.",
              file=sys.stderr)
    organisation = Organisation.objects.filter(name=SCALE_ORGANISATION).first()
    if organisation is None:
        sys.exit("No scale organisation in this database: run "
                 "`manage.py seed_demo --clients N` against it first.")
    return organisation


# --- the bench-only admin -----------------------------------------------------------------


def bench_urlconf(page_size: int) -> str:
    """The product's URLs plus a bench-only admin changelist of clients at /bench-admin/.

    Registered on an AdminSite of its own, in a module made here: the product's URLconf
    never has it (tests/test_bench_admin.py checks that). The changelist shows the same
    columns as our list, in the same order, with the same page size, over the same rows
    (the acting user's reach, as our list)."""
    from django.contrib import admin
    from django.urls import path

    from reintegra import urls as product
    from reintegra.clients.models import Client
    from reintegra.clients.selectors import visible_clients

    class BenchSite(admin.AdminSite):
        def has_permission(self, request):
            return request.user.is_active and request.user.is_authenticated

    class ClientAdmin(admin.ModelAdmin):
        list_display = ("code", "status", "citizenship", "intake_date", "case_owner")
        list_per_page = page_size
        ordering = ("-intake_date", "-pk")
        list_select_related = ("case_owner",)

        def get_queryset(self, request):
            return visible_clients(request.user)

        def has_module_permission(self, request):
            return True

        def has_view_permission(self, request, obj=None):
            return True

        def has_add_permission(self, request):
            return False

        def has_change_permission(self, request, obj=None):
            return False

        def has_delete_permission(self, request, obj=None):
            return False

    site = BenchSite(name="benchadmin")
    site.register(Client, ClientAdmin)
    module = types.ModuleType(BENCH_URLCONF)
    module.urlpatterns = [path("bench-admin/", site.urls), *product.urlpatterns]
    module.handler500 = product.handler500
    sys.modules[BENCH_URLCONF] = module
    return BENCH_URLCONF


# --- measuring ------------------------------------------------------------------------------


class Probe:
    """Times requests and counts their SQL queries on both databases."""

    def __init__(self, user):
        from django.test import Client

        self.client = Client()
        self.client.force_login(user)
        self.user = user

    def get(self, url):
        from django.db import connections
        from django.test.utils import CaptureQueriesContext

        for alias in ("default", "keystore"):
            connections[alias].queries_log.clear()  # a bounded deque: keep it from wrapping
        with CaptureQueriesContext(connections["default"]) as main, \
                CaptureQueriesContext(connections["keystore"]) as keys:
            started = time.perf_counter()
            response = self.client.get(url)
            seconds = time.perf_counter() - started
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code} for {self.user.username}")
        return seconds, len(main) + len(keys)

    def statements(self, url):
        """The SQL of one request of ``url``, as sent to the driver: (alias, sql, params,
        many) in order, on both databases."""
        from contextlib import ExitStack

        from django.db import connections

        captured = []

        def keep(execute, sql, params, many, context):
            captured.append((context["connection"].alias, sql, params, many))
            return execute(sql, params, many, context)

        with ExitStack() as stack:
            for alias in ("default", "keystore"):
                stack.enter_context(connections[alias].execute_wrapper(keep))
            self.get(url)
        return captured


_WRITES = ("INSERT", "UPDATE", "DELETE")
_OWN_TRANSACTION = ("BEGIN", "COMMIT", "ROLLBACK", "END")


def replay(statements):
    """The floor: ``statements`` executed alone through the driver's cursor, results
    fetched. One transaction per database, rolled back at the end; each write runs in a
    savepoint of its own (an audit row replayed as is repeats its unique hash)."""
    from django.db import connections, transaction

    started = time.perf_counter()
    with transaction.atomic(using="default"), transaction.atomic(using="keystore"):
        cursors = {alias: connections[alias].cursor().cursor for alias in ("default", "keystore")}
        for alias, sql, params, many in statements:
            if sql.lstrip().upper().startswith(_OWN_TRANSACTION):
                continue  # SQLite's BEGIN / COMMIT: the replay runs in a transaction of its own
            cursor = cursors[alias]
            write = sql.lstrip().upper().startswith(_WRITES)
            if write:
                cursor.execute("SAVEPOINT bench_floor")
            try:
                if many:
                    cursor.executemany(sql, params)
                else:
                    cursor.execute(sql, params)
                if cursor.description is not None:
                    cursor.fetchall()
            except connections[alias].Database.Error:
                if not write:
                    raise
                cursor.execute("ROLLBACK TO SAVEPOINT bench_floor")
            if write:
                cursor.execute("RELEASE SAVEPOINT bench_floor")
        transaction.set_rollback(True, using="keystore")
        transaction.set_rollback(True, using="default")
    return time.perf_counter() - started


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def stats(samples):
    """p50 ms, p95 ms, the usual query count (the most common one) and the highest."""
    times = [s for s, _ in samples]
    counts = [q for _, q in samples]
    return {"p50": percentile(times, 0.5) * 1000, "p95": percentile(times, 0.95) * 1000,
            "queries": statistics.mode(counts), "max_queries": max(counts), "n": len(samples)}


def compare(probe, urls, n, *, admin=None, admin_urls=None, warmup=5):
    """Ours, the admin changelist (if any) and the floor, interleaved request by request
    in rotating order, so that load on the machine hits all three alike."""
    urls = list(urls)
    for i in range(warmup):
        probe.get(urls[i % len(urls)])
        if admin is not None:
            admin.get(admin_urls[i % len(admin_urls)])
    floors = {url: probe.statements(url) for url in urls}
    for url in urls[:warmup]:
        replay(floors[url])
    ours, theirs, floor = [], [], []
    for i in range(n):
        url = urls[i % len(urls)]
        steps = [lambda url=url: ours.append(probe.get(url)),
                 lambda url=url: floor.append((replay(floors[url]), len(floors[url])))]
        if admin is not None:
            admin_url = admin_urls[i % len(admin_urls)]
            steps.append(lambda admin_url=admin_url: theirs.append(admin.get(admin_url)))
        shift = i % len(steps)
        for step in steps[shift:] + steps[:shift]:
            step()
    return {"ours": stats(ours), "admin": stats(theirs) if theirs else None,
            "floor": stats(floor)}


def encryption_overhead(probe, n):
    """The list page with 50 decrypted names vs the same page whose identities were
    decrypted beforehand (same HTML, no keystore query, no unwrapping, no AES). Both record
    the 50 reads in the audit trail: that is the audit's cost, not the encryption's."""
    import functools

    from django.urls import reverse

    from reintegra.audit.models import Action
    from reintegra.audit.services import record_reads
    from reintegra.clients import selectors, views
    from reintegra.core.pagination import paginate_by_ids

    real_reveal = selectors.reveal_identities
    real_paginate = views.paginate_by_ids
    revealed_once: dict = {}
    shown = []

    def plain_reveal(*, actor, clients, **options):
        shown.append(len(clients))
        key = tuple(c.pk for c in clients)
        if key not in revealed_once:
            revealed_once[key] = real_reveal(actor=actor, clients=clients, **options)
        else:  # the reads a page shows are recorded as reveal_identities does
            record_reads(actor=actor, client_ids=revealed_once[key], action=Action.LIST,
                         object_type="clients.client")
        return revealed_once[key]

    def counting_reveal(*, actor, clients, **options):
        shown.append(len(clients))
        return real_reveal(actor=actor, clients=clients, **options)

    url = reverse("clients:list")
    views.paginate_by_ids = functools.partial(paginate_by_ids, per_page=LIST_OF)
    encrypted, plain = [], []
    try:
        for variant in (counting_reveal, plain_reveal):
            selectors.reveal_identities = variant
            for _ in range(5):
                probe.get(url)
        pairs = ((counting_reveal, encrypted), (plain_reveal, plain))
        for i in range(n):
            for variant, samples in pairs if i % 2 else reversed(pairs):
                selectors.reveal_identities = variant
                samples.append(probe.get(url))
    finally:
        selectors.reveal_identities = real_reveal
        views.paginate_by_ids = real_paginate
    return stats(encrypted), stats(plain), max(shown)


def sample_clients(user, count, rng):
    from reintegra.clients.selectors import visible_clients

    qs = visible_clients(user)  # the need-to-know rule itself, not a copy of it
    total = qs.count()
    # Random rows without ORDER BY random(): pick offsets, fetch each pk.
    offsets = sorted(rng.sample(range(total), min(count, total)))
    pks = [qs.order_by("pk").values_list("pk", flat=True)[o] for o in offsets]
    rng.shuffle(pks)
    return pks, total


def database_name():
    from django.db import connection

    if connection.vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version}"
    version = connection.pg_version  # e.g. 150012
    return f"PostgreSQL {version // 10000}.{version % 10000}"


def searches(coordinator, pks):
    """A code and a whole surname of clients the coordinator may see (whatever the list's
    search accepts: the bench does not know how it finds them)."""
    from reintegra.clients import selectors
    from reintegra.clients.models import Client

    client = Client.objects.select_related("identity").get(pk=pks[0])
    revealed = selectors.reveal_identities(actor=coordinator, clients=[client])
    surname = revealed[client.pk].second_name
    return client.code, surname


def run_child(args):
    """One size: every measure, printed as one JSON line for the parent."""

    throwaway = configure()
    from django.conf import settings
    from django.test.utils import override_settings
    from django.urls import reverse

    from reintegra.accounts.models import User
    from reintegra.clients.models import Client
    from reintegra.core.pagination import PAGE_SIZE

    organisation = prepare(throwaway, args.bench_clients)
    n = args.requests
    rng = random.Random(2026)
    total = Client.objects.filter(organisation=organisation).count()
    coordinator = User.objects.get(organisation=organisation, username="scale-coordinator1")
    worker = User.objects.get(organisation=organisation, username="scale-caseworker1")
    started = time.perf_counter()
    rows = []
    with override_settings(ROOT_URLCONF=bench_urlconf(PAGE_SIZE), DEBUG=False):
        assert settings.ROOT_URLCONF == BENCH_URLCONF
        list_url = reverse("clients:list")
        admin_url = reverse("benchadmin:clients_client_changelist")
        for user, role in ((coordinator, "coordinator"), (worker, "case worker")):
            ours, theirs = Probe(user), Probe(user)
            pks, reach = sample_clients(user, 30, rng)
            pages = max(1, -(-reach // PAGE_SIZE))
            if role == "coordinator":
                wanted = (("page 1", 1), ("middle page", (pages + 1) // 2),
                          ("last page", pages))
            else:
                wanted = (("page 100", min(100, pages)),)
            for name, number in wanted:
                rows.append({
                    "key": f"client list, {name}, {role}",
                    "label": f"client list, page {number:,} of {pages:,}, {role}",
                    "kind": "list",
                    **compare(ours, [f"{list_url}?page={number}"], n, admin=theirs,
                              admin_urls=[f"{admin_url}?p={number}"]),
                })
            rows.append({
                "key": f"client page, {role}",
                "label": f"client page, {role} ({len(pks)} clients)", "kind": "client",
                **compare(ours, [reverse("clients:detail", args=[pk]) for pk in pks], n),
            })
            if role == "coordinator":
                code, surname = searches(user, pks)
                for what, text in (("code", code), ("name", surname)):
                    # A search is a POST; the list then reads the text from the session
                    # behind the ?s= token of the URL it redirects to (a ?q= is ignored).
                    searched = ours.client.post(list_url, {"q": text})
                    if searched.status_code != 303:
                        raise SystemExit(f"search answered {searched.status_code}")
                    rows.append({
                        "key": f"search by {what}, {role}",
                        "label": f"search by {what}, {role}", "kind": "search",
                        **compare(ours, [searched["Location"]], n),
                    })
            rows.append({
                "key": f"home page, {role}", "label": f"home page, {role}", "kind": "home",
                **compare(ours, [reverse("home")], n),
            })
        encrypted, plain, shown = encryption_overhead(Probe(coordinator), n)
    print(MARK + json.dumps({
        "engine": database_name(), "clients": total, "organisation": organisation.name,
        "rows": rows, "encrypted": encrypted, "plain": plain, "shown": shown,
        "load": os.getloadavg(), "seconds": time.perf_counter() - started,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


# --- sizes on PostgreSQL --------------------------------------------------------------------


def _psql(pg, sql):
    return subprocess.run(["psql", f"{pg}/postgres", "-Atqc", sql], check=True,  # noqa: S603,S607
                          capture_output=True, text=True).stdout.strip()


def _django(env, *command):
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *command], env=env, check=True,  # noqa: S603
                   cwd=ROOT, stdout=subprocess.DEVNULL)


def _scale_clients(env):
    """Clients of the scale organisation in the database of ``env``, or None."""
    code = ("from reintegra.clients.models import Client; "
            "from reintegra.demo.staff import SCALE_ORGANISATION as S; "
            "print(Client.objects.filter(organisation__name=S).count())")
    done = subprocess.run([sys.executable, str(ROOT / "manage.py"), "shell", "-v", "0", "-c", code],  # noqa: S603
                          env=env, cwd=ROOT, capture_output=True, text=True)
    last = done.stdout.strip().splitlines()[-1:] if done.returncode == 0 else []
    return int(last[0]) if last and last[0].isdigit() else None


def size_env(args, size):
    """The environment of the databases of ``size`` clients, created and seeded if need be."""
    env = dict(os.environ)
    if env.get("DATABASE_URL") and _scale_clients(env) == size:
        return env, "DATABASE_URL"
    name = f"{args.db_prefix}_{size}"
    if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
        sys.exit("--db-prefix: lower-case letters, digits and _ only")
    env["DATABASE_URL"] = f"{args.pg}/{name}"
    env["KEYSTORE_DATABASE_URL"] = f"{args.pg}/{name}_ks"
    for db in (name, f"{name}_ks"):
        if not _psql(args.pg, f"SELECT 1 FROM pg_database WHERE datname = '{db}'"):  # noqa: S608
            _psql(args.pg, f'CREATE DATABASE "{db}"')
    found = _scale_clients(env)
    if found == size:
        return env, name
    if found:
        sys.exit(f"{name} holds {found} clients, not {size}: drop it or choose another "
                 "--db-prefix.")
    _django(env, "migrate", "--noinput")
    _django(env, "migrate", "--noinput", "--database", "keystore")
    started = time.perf_counter()
    _django(env, "seed_demo", "--clients", str(size))
    print(f"Seeded {size:,} clients into {name} in {time.perf_counter() - started:.1f} s.",
          file=sys.stderr)
    return env, name


def run_size(args, env):
    command = [sys.executable, str(Path(__file__).resolve()), "--child",
               "--requests", str(args.requests), "--bench-clients", str(args.bench_clients)]
    done = subprocess.run(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)  # noqa: S603
    if done.returncode != 0:
        sys.exit(f"the bench stopped (exit {done.returncode})")
    for line in done.stdout.splitlines():
        if line.startswith(MARK):
            return json.loads(line[len(MARK):])
        print(line)
    sys.exit("the bench printed no figures")


# --- printing -------------------------------------------------------------------------------


TARGETS = {  # p95 ms, queries, ours/admin, ours/floor (issue 12)
    "list": (50, None, 1.0, 2.0),
    "client": (40, 12, None, 2.0),
    "search": (30, None, None, 2.0),
    "home": (None, None, None, None),
}


def _ratio(a, b):
    return a / b if b else float("inf")


def verdict(row):
    p95, queries, to_admin, to_floor = TARGETS[row["kind"]]
    ours = row["ours"]
    misses = []
    if p95 is not None and ours["p95"] > p95:
        misses.append(f">{p95}ms")
    if queries is not None and ours["queries"] > queries:
        misses.append(f">{queries}q")
    if to_admin is not None and row["admin"] and _ratio(ours["p95"],
                                                        row["admin"]["p95"]) > to_admin:
        misses.append(f"admin>{to_admin}")
    if to_floor is not None and _ratio(ours["p95"], row["floor"]["p95"]) > to_floor:
        misses.append(f"floor>{to_floor}")
    if p95 is None and to_floor is None:
        return "-"
    return "pass" if not misses else "FAIL " + ",".join(misses)


def table(headers, rows, left=(0,)):
    cells = [headers] + rows
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for i, row in enumerate(cells):
        lines.append("  ".join(v.ljust(w) if j in left else v.rjust(w)
                               for j, (v, w) in enumerate(zip(row, widths, strict=True))))
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def print_size(result):
    load = ", ".join(f"{x:.1f}" for x in result["load"])
    print(f"\nreintegra bench: {result['engine']}, {result['clients']:,} clients in "
          f"“{result['organisation']}”, {os.cpu_count()} CPUs, load average {load} "
          f"(at the end), {result['requests']} requests per measure, "
          f"peak memory {result['peak_mib']:.0f} MiB, {result['seconds']:.0f} s")
    headers = ("page", "p50", "p95", "q", "admin p50", "admin p95", "admin q", "floor p50",
               "floor p95", "ours/admin", "ours/floor", "target (issue 12)")
    rows = []
    for row in result["rows"]:
        ours, admin, floor = row["ours"], row["admin"], row["floor"]
        queries = str(ours["queries"]) + ("+" if ours["max_queries"] > ours["queries"] else "")
        rows.append((
            row["label"], f"{ours['p50']:.1f}", f"{ours['p95']:.1f}", queries,
            f"{admin['p50']:.1f}" if admin else "-", f"{admin['p95']:.1f}" if admin else "-",
            str(admin["queries"]) if admin else "-",
            f"{floor['p50']:.1f}", f"{floor['p95']:.1f}",
            f"{_ratio(ours['p95'], admin['p95']):.2f}" if admin else "-",
            f"{_ratio(ours['p95'], floor['p95']):.2f}", verdict(row),
        ))
    print(table(headers, rows, left=(0, 11)))
    print("Times in ms. Ratios are of p95. q: SQL statements per request on both databases "
          "(savepoints included; + : a few requests ran more, e.g. the once-a-minute "
          "session stamp).")
    enc, plain = result["encrypted"], result["plain"]
    print(f"Encryption overhead on a list of {result['shown']} clients: "
          f"{_ratio(enc['p50'], plain['p50']):.2f}x at p50, "
          f"{_ratio(enc['p95'], plain['p95']):.2f}x at p95 (budget <= 1.2x).")


def print_growth(small, large):
    print(f"\nGrowth: {small['clients']:,} -> {large['clients']:,} clients "
          "(same query count; p95 at most 1.5x)")
    by_key = {row["key"]: row for row in small["rows"]}
    rows = []
    for row in large["rows"]:
        before = by_key.get(row["key"])
        if before is None:
            continue
        q_small, q_large = before["ours"]["queries"], row["ours"]["queries"]
        growth = _ratio(row["ours"]["p95"], before["ours"]["p95"])
        rows.append((row["key"], str(q_small), str(q_large),
                     "pass" if q_small == q_large else "FAIL",
                     f"{before['ours']['p95']:.1f}", f"{row['ours']['p95']:.1f}",
                     f"{growth:.2f}", "pass" if growth <= 1.5 else "FAIL"))
    print(table(("page", "q small", "q large", "same q", "p95 small", "p95 large", "x",
                 "p95 <= 1.5x"), rows))


def main():
    args = parse_args()
    if args.child:
        run_child(args)
        return
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    print(f"make bench on {platform.node()} ({platform.machine()}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}), load average "
          f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}; "
          f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    results = []
    if not sizes:
        result = run_size(args, dict(os.environ))
        result["requests"] = args.requests
        print_size(result)
        results.append(result)
    for size in sizes:
        env, name = size_env(args, size)
        result = run_size(args, env)
        result["requests"] = args.requests
        print_size(result)
        results.append(result)
    if len(results) > 1:
        ordered = sorted(results, key=lambda r: r["clients"])
        print_growth(ordered[0], ordered[-1])
    print("\nFigures only: nothing here is asserted. Times include the test client, "
          "middleware, audit writes and template rendering.")


if __name__ == "__main__":
    main()
