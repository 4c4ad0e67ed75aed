"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py reintegra.wsgi`.

The access log records the path without the query string: a search by name
(`/clients/?q=...`) must not leave the name in a log file.
"""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
accesslog = "-"
# %(U)s is the path alone; %(r)s and %(q)s would include the query string.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(b)s %(L)ss request-id=%({x-request-id}o)s'
limit_request_line = 8190
timeout = 60
