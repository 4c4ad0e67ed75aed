"""``make load`` and ``make load-faults``: gunicorn on PostgreSQL under locust, then a summary.

    bench/load/run.py --users 50 --duration 300           # make load
    bench/load/run.py --faults --users 30 --duration 120  # make load-faults

make load: the databases rt_load and rt_load_ks on the PostgreSQL at PG_URL (created,
migrated and seeded with --clients if missing: 100,000 clients take about 260 s on an
idle 2-core machine, bench/README.md); gunicorn with gunicorn.conf.py on 127.0.0.1:PORT;
locust headless (bench/load/locustfile.py); gunicorn stopped; the summary printed:
throughput, p50/p95/p99 and errors per kind of request, the machine's load average, and the
acknowledged attendance saves checked in the database.

make load-faults: the same against a throwaway PostgreSQL cluster of its own (initdb under
/tmp, port FAULT_PORT, seeded with 5,000 clients), never the shared server. During the
run it stops PostgreSQL for a few seconds and starts it again (every connection cut, as a
restart or a fail-over does), then closes the keystore database alone to new connections
and terminates its sessions. It reports how requests fared in each window (503 expected,
anything else is an error), how long the app took to serve again once the database was
back, and checks that every acknowledged write is in the database and no save was half
written.
"""

# ruff: noqa: S603 - runs the project's own commands with fixed arguments
import argparse
import csv
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
PY = str(ROOT / ".venv" / "bin" / "python")
OUT = ROOT / "var" / "load"
READY = OUT / "ready"


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def as_postgres(cmd):
    """The cluster's commands run as the postgres user (initdb refuses root)."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


def pg_bin(name):
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if not found:
        sys.exit(f"{name} not found under /usr/lib/postgresql/*/bin: install postgresql")
    return str(found[-1])


class Cluster:
    """A throwaway PostgreSQL cluster for the fault test (never the shared server)."""

    def __init__(self, port):
        self.port = port
        self.data = Path(f"/tmp/rt_load_pg_{port}")  # noqa: S108 - a throwaway cluster

    def start(self):
        if not (self.data / "PG_VERSION").exists():
            log(f"initdb {self.data}")
            if self.data.exists():
                shutil.rmtree(self.data)
            self.data.mkdir(parents=True)
            if os.geteuid() == 0:
                shutil.chown(self.data, "postgres", "postgres")
            subprocess.run(as_postgres([pg_bin("initdb"), "-D", str(self.data), "-A", "trust",
                                        "-U", "postgres", "--no-sync"]),
                           check=True, stdout=subprocess.DEVNULL)
        if not self.running():
            self._ctl("start")

    def running(self):
        return subprocess.run(as_postgres([pg_bin("pg_ctl"), "status", "-D", str(self.data)]),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0

    def _ctl(self, action, *extra):
        options = f"-p {self.port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=on"
        subprocess.run(as_postgres([pg_bin("pg_ctl"), action, "-D", str(self.data), "-w",
                                    "-o", options, "-l", str(self.data / "server.log"),
                                    *extra]), check=True, stdout=subprocess.DEVNULL)

    def stop(self):
        self._ctl("stop", "-m", "fast")


def database_urls(args):
    if args.faults:
        base = f"postgres://postgres@127.0.0.1:{args.fault_port}"
        return f"{base}/rt_load_faults", f"{base}/rt_load_faults_ks"
    return f"{args.pg_url}/rt_load", f"{args.pg_url}/rt_load_ks"


def ensure_databases(main_url, keystore_url, clients, env):
    """Create, migrate and seed the databases when missing (seed_demo is idempotent)."""
    server, _ = main_url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        for url in (main_url, keystore_url):
            name = url.rsplit("/", 1)[1]
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                (name,)).fetchone():
                log(f"createdb {name}")
                conn.execute(f'CREATE DATABASE "{name}"')
    started = time.monotonic()
    subprocess.run([PY, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([PY, "manage.py", "migrate", "-v0", "--database", "keystore"], cwd=ROOT,
                   env=env, check=True)
    log(f"seed_demo --clients {clients} (minutes if the database is new; nothing to do if "
        "it exists)")
    subprocess.run([PY, "manage.py", "seed_demo", "--clients", str(clients)], cwd=ROOT,
                   env=env, check=True)
    log(f"databases ready in {time.monotonic() - started:.0f} s")


def start_gunicorn(env, port):
    OUT.mkdir(parents=True, exist_ok=True)
    logfile = open(OUT / "gunicorn.log", "w")  # noqa: SIM115 - closed by the caller's process end
    gunicorn = str(ROOT / ".venv" / "bin" / "gunicorn")
    process = subprocess.Popen([gunicorn, "-c", "gunicorn.conf.py", "reintegra.wsgi"],
                               cwd=ROOT, env={**env, "BIND": f"127.0.0.1:{port}"},
                               stdout=logfile, stderr=subprocess.STDOUT, start_new_session=True)
    for _ in range(120):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=5) as r:  # noqa: S310
                if r.status == 200:
                    log(f"gunicorn up on port {port} (pid {process.pid})")
                    return process
        except OSError:
            pass
        if process.poll() is not None:
            sys.exit(f"gunicorn exited: see {OUT / 'gunicorn.log'}")
        time.sleep(1)
    stop_gunicorn(process)
    sys.exit("gunicorn did not answer /health/ in 2 minutes")


def app_cpu_seconds(process):
    """CPU time (user + system) of gunicorn's master and workers so far: what the web tier
    costs per request whatever else the machine runs (PostgreSQL is not included)."""
    import psutil  # installed with locust

    try:
        master = psutil.Process(process.pid)
        # Workers replaced during the run (max_requests) count too: the master reaped them,
        # so their time is in its children's times.
        own = master.cpu_times()
        total = own.user + own.system + own.children_user + own.children_system
        for p in master.children(recursive=True):
            times = p.cpu_times()
            total += times.user + times.system
        return total
    except psutil.Error:
        return float("nan")


def children_cpu_seconds():
    """CPU time of this process's finished children: locust, once it has exited."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def stop_gunicorn(process):
    if process.poll() is None:
        os.kill(process.pid, signal.SIGTERM)  # its own session: the master stops its workers
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    log("gunicorn stopped")


class LoadAverage(threading.Thread):
    def __init__(self):
        super().__init__(daemon=True)
        self.samples, self.stopped = [], threading.Event()

    def run(self):
        while not self.stopped.wait(10):
            self.samples.append(os.getloadavg()[0])


class Faults(threading.Thread):
    """PostgreSQL stopped and started again once the users work; 30 s later the keystore
    database closed to connections. Records when each outage began and ended."""

    def __init__(self, cluster, keystore_url, duration, down_seconds):
        super().__init__(daemon=True)
        self.cluster, self.keystore_url = cluster, keystore_url
        self.duration, self.down = duration, down_seconds
        self.windows = {}

    def run(self):
        # Once every simulated user has signed in (the locustfile writes READY), or at a
        # third of the run: then 15 s of normal work, the restart, 30 s, the keystore.
        deadline = time.time() + self.duration / 3
        while not READY.exists() and time.time() < deadline:
            time.sleep(1)
        log("all users signed in" if READY.exists() else "not all users signed in yet")
        time.sleep(15)
        start = time.time()
        log("fault: PostgreSQL stopped (fast: every connection cut)")
        self.cluster.stop()
        time.sleep(self.down)
        self.cluster._ctl("start")
        self.windows["main"] = (start, time.time())
        log(f"fault: PostgreSQL accepting connections again after {time.time() - start:.1f} s")
        time.sleep(30)
        server, name = self.keystore_url.rsplit("/", 1)
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            start = time.time()
            log("fault: keystore database closed to connections, its sessions terminated")
            conn.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                         "WHERE datname = %s", (name,))
            time.sleep(self.down)
            conn.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
            self.windows["keystore"] = (start, time.time())
        log(f"fault: keystore open again after {time.time() - start:.1f} s")


def check_writes(main_url, attempts):
    """Every register's final state must be its last acknowledged save or a later one
    that failed (its outcome unknown to the user), applied whole."""
    by_session = {}
    for attempt in sorted(attempts, key=lambda a: a["t"]):
        by_session.setdefault(attempt["session"], []).append(attempt)
    ids = list(by_session)
    with psycopg.connect(main_url) as conn:
        rows = conn.execute("SELECT session_id, client_id, status FROM programme_attendance "
                            "WHERE session_id = ANY(%s)", (ids,)).fetchall()
    state = {}
    for session, client, status in rows:
        state.setdefault(session, {})[str(client)] = status
    lost = half = checked = 0
    for session, tries in by_session.items():
        acked = [i for i, t in enumerate(tries) if t["acked"]]
        allowed = tries[acked[-1]:] if acked else [None, *tries]
        if not acked:
            continue  # nothing acknowledged: nothing could be lost
        checked += 1
        current = state.get(session, {})
        outcomes = [{c: current.get(c) for c in t["marks"]} == t["marks"]
                    for t in allowed if t is not None]
        if any(outcomes):
            continue
        partial = any(0 < sum(current.get(c) == s for c, s in t["marks"].items()) < len(t["marks"])
                      and any(current.get(c) != s for c, s in t["marks"].items())
                      for t in allowed if t is not None)
        half += partial
        lost += not partial
    return {"saves": len(attempts), "acknowledged": sum(a["acked"] for a in attempts),
            "marks_acknowledged": sum(len(a["marks"]) for a in attempts if a["acked"]),
            "registers_checked": checked, "lost": lost, "half_written": half}


def read_stats(prefix):
    rows = list(csv.DictReader(open(f"{prefix}_stats.csv")))
    return rows


def print_summary(rows, loads, checks, wall):
    print()
    print(f"{'request':36} {'count':>7} {'fail':>5} {'req/s':>7} {'p50':>6} {'p95':>6} "
          f"{'p99':>6} {'max':>6}  (ms)")
    for row in rows:
        name = "ALL" if row["Name"] == "Aggregated" else row["Name"]
        print(f"{name[:36]:36} {row['Request Count']:>7} {row['Failure Count']:>5} "
              f"{float(row['Requests/s']):7.1f} {row['50%']:>6} {row['95%']:>6} "
              f"{row['99%']:>6} {float(row['Max Response Time']):6.0f}")
    total = next(r for r in rows if r["Name"] == "Aggregated")
    print()
    print(f"throughput {int(total['Request Count']) / wall:.1f} req/s over {wall:.0f} s "
          f"(locust's own figure, ramp-up included: {float(total['Requests/s']):.1f}); "
          f"p50 {total['50%']} ms, p95 {total['95%']} ms, p99 {total['99%']} ms; "
          f"errors {total['Failure Count']} of {total['Request Count']}")
    if loads:
        print(f"load average (1 min) during the run: mean {sum(loads) / len(loads):.1f}, "
              f"max {max(loads):.1f}, on {os.cpu_count()} cores")
    print("attendance saves: {saves} sent, {acknowledged} acknowledged ({marks_acknowledged} "
          "marks); {registers_checked} registers checked in the database: {lost} lost, "
          "{half_written} half-written".format(**checks))


def fault_report(statuses, windows, grace=5):
    print()
    for kind, (start, end) in windows.items():
        inside = [s for s in statuses if start <= s[0] <= end + grace]
        tally = {}
        for _t, _name, status in inside:
            tally[status] = tally.get(status, 0) + 1
        failed = [s for s in inside if not s[2].startswith(("2", "3"))]
        by_name = {}
        for _t, name, status in failed:
            by_name.setdefault(name, {}).setdefault(status, 0)
            by_name[name][status] += 1
        last_failure = max((t for t, _n, _s in failed), default=start) - end
        first_success = min((t for t, _n, s in statuses if t >= end and s.startswith("2")),
                            default=float("nan")) - end
        print(f"{kind} outage: {end - start:.1f} s; {len(inside)} requests in it (+{grace} s "
              f"after): statuses {dict(sorted(tally.items()))}; after the database was back: "
              f"last failure at {last_failure:+.1f} s, first success at {first_success:+.1f} s")
        for name, counts in sorted(by_name.items()):
            print(f"    {name}: {counts}")
    spans = [(s, e + grace) for s, e in windows.values()]
    outside = [s for s in statuses
               if not s[2].startswith(("2", "3")) and not any(a <= s[0] <= b for a, b in spans)]
    print(f"failures outside the outages: {len(outside)}")
    unclear = [s for s in statuses if any(a <= s[0] <= b for a, b in spans)
               and not s[2].startswith(("2", "3", "503"))]
    print(f"failures inside the outages that were not a 503: {len(unclear)} "
          f"{sorted({s[2] for s in unclear})}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=300, help="seconds")
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--wait", default=os.environ.get("LOAD_WAIT", "0.5-1.5"),
                        help="think time between actions, seconds (min-max)")
    parser.add_argument("--clients", type=int, default=None,
                        help="scale seed (default 100000, or 5000 with --faults)")
    parser.add_argument("--port", type=int, default=8102)
    parser.add_argument("--pg-url", default=os.environ.get("PG_URL",
                                                           "postgres://postgres@127.0.0.1:5432"))
    parser.add_argument("--faults", action="store_true",
                        help="own PostgreSQL cluster; restart it and close the keystore mid-run")
    parser.add_argument("--fault-port", type=int, default=5433)
    parser.add_argument("--down", type=float, default=8, help="seconds each outage lasts")
    args = parser.parse_args()
    clients = args.clients or (5000 if args.faults else 100_000)
    main_url, keystore_url = database_urls(args)
    env = {**os.environ, "DATABASE_URL": main_url, "KEYSTORE_DATABASE_URL": keystore_url,
           "REINTEGRA_ENV": "development", "REINTEGRA_LOAD_TEST": "1", "DEBUG": "0",
           "PYTHONDONTWRITEBYTECODE": "1"}
    cluster = None
    if args.faults:
        cluster = Cluster(args.fault_port)
        cluster.start()
    ensure_databases(main_url, keystore_url, clients, env)
    OUT.mkdir(parents=True, exist_ok=True)
    plan, acks, prefix = OUT / "plan.json", OUT / "acks.json", OUT / "locust"
    subprocess.run([PY, "manage.py", "load_plan", "--out", str(plan)], cwd=ROOT, env=env,
                   check=True)
    READY.unlink(missing_ok=True)
    gunicorn = start_gunicorn(env, args.port)
    loads, faults = LoadAverage(), None
    try:
        loads.start()
        if cluster:
            faults = Faults(cluster, keystore_url, args.duration, args.down)
            faults.start()
        cpu_before = app_cpu_seconds(gunicorn)
        locust_before = children_cpu_seconds()
        log(f"locust: {args.users} users, {args.duration} s, think time {args.wait} s")
        started = time.monotonic()
        subprocess.run([str(ROOT / ".venv" / "bin" / "locust"), "-f",
                        str(ROOT / "bench" / "load" / "locustfile.py"), "--headless",
                        "-u", str(args.users), "-r", str(args.spawn_rate),
                        "-t", f"{args.duration}s", "--host", f"http://127.0.0.1:{args.port}",
                        "--csv", str(prefix), "--only-summary", "--stop-timeout", "30",
                        "--loglevel", "WARNING"],
                       cwd=ROOT, env={**env, "LOAD_PLAN": str(plan), "LOAD_ACKS": str(acks),
                                      "LOAD_WAIT": args.wait, "LOAD_READY": str(READY),
                                      "LOAD_USERS": str(args.users)},
                       stdout=subprocess.DEVNULL, check=False)
        wall = time.monotonic() - started
        cpu = app_cpu_seconds(gunicorn) - cpu_before
        locust_cpu = children_cpu_seconds() - locust_before
        loads.stopped.set()
        if faults:
            faults.join(timeout=60)
    finally:
        stop_gunicorn(gunicorn)
    record = json.loads(acks.read_text())
    checks = check_writes(main_url, record["attempts"])
    rows = read_stats(prefix)
    print_summary(rows, loads.samples, checks, wall)
    served = int(next(r for r in rows if r["Name"] == "Aggregated")["Request Count"])
    if served:
        print(f"web tier CPU: {cpu:.0f} s for {served} requests = {1000 * cpu / served:.0f} ms "
              f"per request, i.e. {served / cpu:.1f} requests/s per fully used core "
              "(gunicorn only; sign-ins included)")
    print(f"load generator (locust, on the same cores) CPU: {locust_cpu:.0f} s, "
          f"{locust_cpu / wall:.2f} of a core on average")
    if faults:
        fault_report(record["statuses"], faults.windows)
    if cluster and not os.environ.get("LOAD_KEEP_CLUSTER"):
        cluster.stop()
        log("throwaway cluster stopped (its data stays under /tmp for the next run)")
    sys.exit(1 if checks["lost"] or checks["half_written"] else 0)


if __name__ == "__main__":
    main()
