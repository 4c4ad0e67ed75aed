#!/usr/bin/env python
"""``make bench``: performance figures for the client list and the client page.

Prints figures, never asserts them (docs/design.md, "Tests and checks"). Budgets from
docs/design.md, "Performance budgets": a list page runs a fixed number of queries (<= 12) with
p95 <= 50 ms server time; the client page p95 <= 50 ms including decryption; encryption
on a list of 50 clients costs <= 1.2x the same page without it.

- Without DATABASE_URL: a throwaway SQLite database under var/bench/ (made afresh each
  run, with its own demo keys), migrated, and filled by scale mode with 200 clients.
- With DATABASE_URL (e.g. PostgreSQL filled by ``manage.py seed_demo --clients 100000``,
  with KEYSTORE_DATABASE_URL and the same keys in var/demo-keys): the same figures at
  that scale. The database is not changed, except for the audit events that each
  request records, as in real use.

Requests go through Django's test client, logged in with force_login as staff of the
scale organisation, who have an activated TOTP authenticator (the MFA middleware lets
nobody without one reach client pages). "Server time" is the time of one request through
the whole middleware stack, view and template, measured around the test client call.

Options: --requests N (per measure, default 200), --bench-clients N (SQLite, default 200).
"""

import argparse
import functools
import logging
import os
import random
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
LIST_OF = 50  # clients on the page of the encryption-overhead comparison


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="requests per measure")
    parser.add_argument("--bench-clients", type=int, default=200,
                        help="clients in the throwaway SQLite database")
    return parser.parse_args()


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
              f"seeded with {bench_clients} clients in {time.perf_counter() - started:.1f} s.")
    organisation = Organisation.objects.filter(name=SCALE_ORGANISATION).first()
    if organisation is None:
        sys.exit("No scale organisation in this database: run "
                 "`manage.py seed_demo --clients N` against it first.")
    return organisation


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


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def summarise(name, samples, budget=""):
    times = [s for s, _ in samples]
    queries = sorted({q for _, q in samples})
    counted = str(queries[0]) if len(queries) == 1 else f"{queries[0]}-{queries[-1]}"
    return (name, len(samples), percentile(times, 0.5) * 1000, percentile(times, 0.95) * 1000,
            counted, budget)


def measure(probe, urls, n, warmup=10):
    urls = list(urls)
    for i in range(warmup):
        probe.get(urls[i % len(urls)])
    return [probe.get(urls[i % len(urls)]) for i in range(n)]


def encryption_overhead(probe, n):
    """The list page with 50 decrypted names vs the same page whose identities were
    decrypted beforehand (same HTML, no keystore query, no unwrapping, no AES)."""
    from django.urls import reverse

    from reintegra.clients import selectors, views
    from reintegra.core.pagination import paginate

    real_reveal = selectors.reveal_identities
    real_paginate = views.paginate
    revealed_once: dict = {}
    shown = []

    def plain_reveal(*, actor, clients):
        shown.append(len(clients))
        key = tuple(c.pk for c in clients)
        if key not in revealed_once:
            revealed_once[key] = real_reveal(actor=actor, clients=clients)
        return revealed_once[key]

    def counting_reveal(*, actor, clients):
        shown.append(len(clients))
        return real_reveal(actor=actor, clients=clients)

    url = reverse("clients:list")
    views.paginate = functools.partial(paginate, per_page=LIST_OF)
    encrypted, plain = [], []
    try:
        for variant in (counting_reveal, plain_reveal):
            selectors.reveal_identities = variant
            measure(probe, [url], 0, warmup=10)
        # Interleaved, in alternating order, so that drift in the machine hits both alike.
        pairs = ((counting_reveal, encrypted), (plain_reveal, plain))
        for i in range(n):
            for variant, samples in pairs if i % 2 else reversed(pairs):
                selectors.reveal_identities = variant
                samples.append(probe.get(url))
    finally:
        selectors.reveal_identities = real_reveal
        views.paginate = real_paginate
    return encrypted, plain, max(shown)


def client_urls(user, count, rng):
    from django.urls import reverse

    from reintegra.clients.selectors import visible_clients

    qs = visible_clients(user)  # the need-to-know rule itself, not a copy of it
    total = qs.count()
    # Random rows without ORDER BY random(): pick offsets, fetch each pk.
    offsets = sorted(rng.sample(range(total), min(count, total)))
    pks = [qs.order_by("pk").values_list("pk", flat=True)[o] for o in offsets]
    rng.shuffle(pks)
    return [reverse("clients:detail", args=[pk]) for pk in pks], total


def database_name():
    from django.db import connection

    if connection.vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version}"
    version = connection.pg_version  # e.g. 150012
    return f"PostgreSQL {version // 10000}.{version % 10000}"


def print_table(title, rows):
    headers = ("measure", "requests", "p50 ms", "p95 ms", "queries", "budget (docs/design.md)")
    cells = [headers] + [
        (r[0], str(r[1]), f"{r[2]:.1f}", f"{r[3]:.1f}", r[4], r[5]) for r in rows
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    print(f"\n{title}")
    for i, row in enumerate(cells):
        print("  ".join(v.ljust(w) if j in (0, 5) else v.rjust(w)
                        for j, (v, w) in enumerate(zip(row, widths, strict=True))))
        if i == 0:
            print("  ".join("-" * w for w in widths))


def main():
    args = parse_args()
    throwaway = configure()
    from django.urls import reverse

    from reintegra.accounts.models import User
    from reintegra.clients.models import Client
    from reintegra.core.pagination import PAGE_SIZE

    organisation = prepare(throwaway, args.bench_clients)
    n = args.requests
    rng = random.Random(2026)
    total = Client.objects.filter(organisation=organisation).count()
    engine = database_name()
    coordinator = User.objects.get(organisation=organisation, username="scale-coordinator1")
    worker = User.objects.get(organisation=organisation, username="scale-caseworker1")
    list_url = reverse("clients:list")
    list_budget = "<= 12 queries, p95 <= 50 ms"
    rows = []
    for user, label in ((coordinator, "coordinator"), (worker, "case worker")):
        probe = Probe(user)
        detail_urls, reach = client_urls(user, 100, rng)
        rows.append(summarise(f"client list, page 1, {label} ({reach} clients)",
                              measure(probe, [list_url], n), list_budget))
        pages = -(-reach // PAGE_SIZE)
        if pages > 2:  # deep in the list: OFFSET costs grow with the page number
            middle = (pages + 1) // 2
            rows.append(summarise(f"client list, page {middle}, {label}",
                                  measure(probe, [f"{list_url}?page={middle}"], n),
                                  list_budget))
        rows.append(summarise(f"client page, {label} ({len(detail_urls)} clients)",
                              measure(probe, detail_urls, n), "p95 <= 50 ms"))
        rows.append(summarise(f"home page, {label}", measure(probe, [reverse("home")], n),
                              "<= 15 queries, p95 <= 100 ms"))
    probe = Probe(coordinator)
    encrypted, plain, shown = encryption_overhead(probe, n)
    rows.append(summarise(f"list of {shown}, names decrypted", encrypted))
    rows.append(summarise(f"list of {shown}, without decryption", plain))
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print_table(f"reintegra bench: {engine}, {total:,} clients in “{organisation.name}”, "
                f"{os.cpu_count()} CPUs, load average {load}", rows)
    ratio = statistics.median(s for s, _ in encrypted) / statistics.median(s for s, _ in plain)
    ratio95 = percentile([s for s, _ in encrypted], 0.95) / percentile([s for s, _ in plain],
                                                                       0.95)
    print(f"\nEncryption overhead on a list of {shown} clients: {ratio:.2f}x at p50, "
          f"{ratio95:.2f}x at p95 (budget <= 1.2x).")
    print("Figures only: nothing here is asserted. Times include the test client, middleware, "
          "audit writes and template rendering.")


if __name__ == "__main__":
    main()
