#!/usr/bin/env python
"""``make bench`` (second part): the analytical report at scale: time and peak memory of
building the public report (aggregation in SQL, disclosure control) and of its JSON.

Uses the same database as bench/run.py (a throwaway SQLite one filled by scale mode, or
DATABASE_URL, e.g. PostgreSQL with ``seed_demo --clients 100000``). Figures only: nothing
is asserted. Budget (issue 11): under 60 s and under 1 GiB at 100,000 clients.
"""

import argparse
import datetime as dt
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # noqa: E402  (bench/run.py: configure, prepare)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench-clients", type=int, default=200)
    args, _rest = parser.parse_known_args()  # make bench passes bench/run.py's options too
    run.use_largest_size()
    throwaway = run.configure()
    organisation = run.prepare(throwaway, args.bench_clients)
    from reintegra.accounts.models import User
    from reintegra.clients.models import Client
    from reintegra.reports import render
    from reintegra.reports.report import build_report

    coordinator = User.objects.get(organisation=organisation, username="scale-coordinator1")
    total = Client.objects.filter(organisation=organisation).count()
    today = dt.date.today()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    cpu_before = time.process_time()
    began = time.perf_counter()
    report = build_report(actor=coordinator, start=today.replace(year=today.year - 3),
                          end=today, audience="public", language="en")
    built = time.perf_counter() - began
    data = render.as_json(report)
    total_time = time.perf_counter() - began
    cpu = time.process_time() - cpu_before
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"\nreport bench: {run.database_name()}, {total:,} clients, "
          f"load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"  people counted {report.people:,}; tables {len(report.tables)}")
    print(f"  public report built in {built:.1f} s; with JSON {total_time:.1f} s "
          f"({len(data):,} bytes); budget < 60 s")
    print(f"  CPU time of this process {cpu:.1f} s (the database server's own time is not in "
          f"it): on a busy machine the wall time above includes waiting for a core")
    print(f"  peak memory of the process {peak / 1024:.0f} MiB (before: {before / 1024:.0f} "
          f"MiB); budget < 1 GiB")


if __name__ == "__main__":
    main()
