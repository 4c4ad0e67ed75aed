"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py reintegra.wsgi`.

The access log records the path without the query string: a search by name
(`/clients/?q=...`) must not leave the name in a log file.

Workers (measured with `make load`, 50 staff at once on 2 cores, 100,000 clients on
PostgreSQL; figures in docs/operations.md):

- gthread: a request spends a good part of its time waiting on PostgreSQL (two databases:
  the main one and the keystore) and the rest in Python (templates, AES, Argon2 at sign-in),
  which holds the interpreter lock. Processes give the cores; threads in each process let
  one request's database wait overlap another's Python. Sync workers (one request per
  process) left the cores idle during those waits: 10-18 requests/s with 3 of them.
- WEB_CONCURRENCY processes, default two per core, GUNICORN_THREADS threads each, default 3.
  Measured with `make load` on 2 cores (7 December 2026, the same 50 users; p95,
  throughput): 2 x 6: 800 ms, 37.5 req/s; 3 x 4: 550 ms, 43.5 req/s; 4 x 3: 380-500 ms,
  44-47 req/s (three runs); 6 x 2: 430 ms, 45.0 req/s. Fewer processes than that leave a
  core idle while each process's threads queue on its interpreter lock; more of them only
  add switching and memory. Each thread keeps its own connection to each database for up to
  60 s (conn_max_age in settings.py): cores x 2 x 3 x 2 connections, 24 on 2 cores, 48 on 4;
  PostgreSQL's default max_connections (100) leaves room for the task worker, backups and a
  second server. From 8 cores (96) raise max_connections, set WEB_CONCURRENCY lower, or put
  a connection pooler such as PgBouncer in front of PostgreSQL (in its transaction mode
  Django needs DISABLE_SERVER_SIDE_CURSORS; untested here).
- max_requests: a worker is replaced after about 2,000 requests (with jitter, so that not
  all restart at once): bounds the growth of any per-process memory (the local cache,
  WeasyPrint's font caches) without a visible pause.
- timeout 60 s: a worker that stops answering its master (stuck in C code) is killed and
  replaced; graceful_timeout lets requests in flight finish on a reload or deploy.
- keepalive 5 s: behind a reverse proxy that keeps connections to the app open.
- A database outage does not need the workers restarted: the request in flight answers
  503 (reintegra/core/errors.py), and CONN_HEALTH_CHECKS replaces the dead connections
  once the database is back.
"""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")  # "sync" to compare
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count()))
threads = int(os.environ.get("GUNICORN_THREADS", 3))
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 2000))
max_requests_jitter = max_requests // 10
timeout = 60
graceful_timeout = 30
keepalive = 5
accesslog = "-"
# %(U)s is the path alone; %(r)s and %(q)s would include the query string.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(b)s %(L)ss request-id=%({x-request-id}o)s'
limit_request_line = 8190
