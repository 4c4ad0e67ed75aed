#!/usr/bin/env python
"""``make bench``: the home page of every role (issue 10: <= 15 queries, p95 <= 100 ms at
100,000 clients on PostgreSQL). Figures only, never asserted.

Runs against the same database as bench/run.py (DATABASE_URL, or a throwaway SQLite one
that run.py made under var/bench/ and that this script reuses). For each role of the
scale organisation: the home page as used (warm: the hours per activity kept for ten
minutes, as in production) and cold (the local cache emptied before every request: every
figure computed). The trainer's home is her sessions page (she is sent there). Then the
coordinator's page block by block: each block's time and its SQL's share.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"  # bench/run.py's throwaway SQLite databases

ROLES = (("coordinator1", "coordinator"), ("caseworker1", "case worker"),
         ("legaladvisor1", "legal advisor"), ("psychologist1", "psychologist"),
         ("dpo1", "DPO"), ("trainer1", "trainer"))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="requests per measure")
    parser.add_argument("--bench-clients", type=int, default=200, help="(bench/run.py's)")
    args, _rest = parser.parse_known_args()  # make bench passes bench/run.py's options too
    return args


class Probe:
    """Times requests through the test client and counts their SQL queries (both
    databases), signed in with force_login (the scale staff have an active TOTP)."""

    def __init__(self, user, cold=False):
        from django.test import Client

        self.client, self.user, self.cold = Client(), user, cold
        self.client.force_login(user)

    def get(self, url):
        from django.core.cache import caches
        from django.db import connections
        from django.test.utils import CaptureQueriesContext

        if self.cold:
            caches["local"].clear()
        for alias in ("default", "keystore"):
            connections[alias].queries_log.clear()
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


def row(name, probe, url, n, warmup=10):
    for _ in range(warmup):
        probe.get(url)
    samples = [probe.get(url) for _ in range(n)]
    times = [s for s, _ in samples]
    queries = sorted({q for _, q in samples})
    counted = str(queries[0]) if len(queries) == 1 else f"{queries[0]}-{queries[-1]}"
    return (name, str(n), f"{percentile(times, 0.5) * 1000:.1f}",
            f"{percentile(times, 0.95) * 1000:.1f}", counted)


def main():
    args = parse_args()
    sys.path.insert(0, str(ROOT / "bench"))
    import run  # bench/run.py

    run.use_largest_size()
    if not os.environ.get("DATABASE_URL"):
        if not (BENCH_DIR / "reintegra.sqlite3").exists():
            sys.exit("Run bench/run.py first (it makes the throwaway SQLite database).")
        os.environ["REINTEGRA_VAR_DIR"] = str(BENCH_DIR)
        os.environ["DATABASE_URL"] = f"sqlite:///{BENCH_DIR / 'reintegra.sqlite3'}"
        os.environ["KEYSTORE_DATABASE_URL"] = f"sqlite:///{BENCH_DIR / 'keystore.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reintegra.settings")
    import logging

    import django

    django.setup()
    logging.disable(logging.INFO)
    from django.db import connection
    from django.urls import reverse

    from reintegra.accounts.models import Organisation, User
    from reintegra.clients.models import Client
    from reintegra.demo.staff import SCALE_ORGANISATION

    organisation = Organisation.objects.get(name=SCALE_ORGANISATION)
    total = Client.objects.filter(organisation=organisation).count()
    n = args.requests
    rows = [("home page (budget <= 15 queries, p95 <= 100 ms)", "requests", "p50 ms",
             "p95 ms", "queries")]
    for username, label in ROLES:
        user = User.objects.get(organisation=organisation, username=f"scale-{username}")
        url = reverse("programme:my_sessions") if label == "trainer" else reverse("home")
        rows.append(row(label, Probe(user), url, n))
        rows.append(row(f"{label}, cold cache", Probe(user, cold=True), url, n))
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    engine = ("SQLite" if connection.vendor == "sqlite"
              else f"PostgreSQL {connection.pg_version // 10000}")
    print(f"\nreintegra home pages: {engine}, {total:,} clients, {os.cpu_count()} CPUs, "
          f"load average {load}")
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    for i, r in enumerate(rows):
        print("  ".join(v.ljust(w) if j == 0 else v.rjust(w)
                        for j, (v, w) in enumerate(zip(r, widths, strict=True))))
        if i == 0:
            print("  ".join("-" * w for w in widths))
    print("Warm: as used (hours per activity kept ten minutes); cold: the local cache "
          "emptied before each request. Figures only: nothing is asserted.")
    coordinator = User.objects.get(organisation=organisation, username="scale-coordinator1")
    print_blocks(coordinator, n)


def print_blocks(user, n):
    """Where the coordinator's home page spends its time: each block's provider called
    directly with the local cache emptied before each round (cold: the hours per activity
    computed too), its time and the part of it its SQL took; the rest is Django making and
    compiling the queries, and Python. Rendering and middleware are not in it."""
    from collections import defaultdict

    from django.core.cache import caches
    from django.db import connections
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone, translation

    from reintegra.accounts.models import User
    from reintegra.core import home

    providers = [*home._providers, *home._behind_sources]
    spent, sql, queries = defaultdict(float), defaultdict(float), {}
    today = timezone.localdate()
    with translation.override("pl"):
        for i in range(n + 3):
            actor = User.objects.get(pk=user.pk)  # nothing kept from the last round
            caches["local"].clear()
            for provider in providers:
                name = f"{provider.__module__.removeprefix('reintegra.')}.{provider.__name__}"
                with CaptureQueriesContext(connections["default"]) as ctx:
                    started = time.perf_counter()
                    provider(actor=actor, today=today)
                    seconds = time.perf_counter() - started
                if i >= 3:  # the first rounds load what a process loads once
                    spent[name] += seconds
                    sql[name] += sum(float(q["time"]) for q in ctx.captured_queries)
                    queries[name] = len(ctx.captured_queries)
    rows = sorted(((name, spent[name] / n * 1000, sql[name] / n * 1000, queries[name])
                   for name in spent if queries[name]), key=lambda r: -r[1])
    print(f"\ncoordinator's home, per block (mean of {n}, cold; falling_behind_block "
          "includes the *.behind_rows / no_contact_rows below it)")
    width = max(len(r[0]) for r in rows)
    print(f"{'block'.ljust(width)}  {'ms':>6}  {'SQL ms':>6}  queries")
    for name, total, in_sql, count in rows:
        print(f"{name.ljust(width)}  {total:6.1f}  {in_sql:6.1f}  {count:7d}")


if __name__ == "__main__":
    main()
