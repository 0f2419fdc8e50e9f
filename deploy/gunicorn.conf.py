"""gunicorn settings for the AndOr site (``gunicorn -c deploy/gunicorn.conf.py``).

Every value can be changed without editing this file through the environment variables named
below (README.md, "Deployment").

Worker class: ``gthread``. A page is rendered in 20-60 ms, mostly Python with a few short
database and Redis round trips; document downloads stream a file. With plain ``sync`` workers
each worker serves one connection at a time, so three clients that open a connection and send
slowly hold three workers and the site stops answering. nginx buffers requests and responses
in front of gunicorn, and ``gthread`` adds threads so that a worker keeps serving while one of
its threads waits on a socket, the database or a file. Async workers (gevent) would need every
library to be cooperative and give nothing to a CPU-bound renderer.

Count: one process per core (``GUNICORN_WORKERS``, default: the number of cores, at least 2)
times ``GUNICORN_THREADS`` threads (default 4). Python runs one thread at a time per process,
so more processes than cores only adds memory; threads cover waiting. Each thread keeps its own
database connection (``CONN_MAX_AGE``): plan PostgreSQL's ``max_connections`` for
workers × threads per server, plus the timers.
"""

import multiprocessing
import os

# Only the local web server talks to gunicorn: a loopback address (or a unix socket such as
# unix:/run/andor/gunicorn.sock), never 0.0.0.0.
bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]
wsgi_app = "andor_site.wsgi:application"

worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", max(2, multiprocessing.cpu_count())))
threads = int(os.environ.get("GUNICORN_THREADS", 4))

# A request that takes longer than this is stuck: its worker is killed and replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
# On reload (SIGHUP) and stop, workers get this long to finish the requests they have.
graceful_timeout = 30
# Seconds an idle keep-alive connection from nginx stays open.
keepalive = 5
# Replace each worker after about a thousand requests, so a slow leak never grows, spread out
# so that workers do not all restart at once.
max_requests = 1000
max_requests_jitter = 100
# Load the application in each worker, so that a reload (SIGHUP, `systemctl reload andor`)
# picks up new code with no dropped request.
preload_app = False

# Headers from the proxy: only trust X-Forwarded-* from the local web server.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Django writes one JSON line per request (andor.request); gunicorn's own access log would
# repeat it. gunicorn's error log (starts, stops, killed workers) goes to stderr, the journal.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Limits on what a client may send in the request line and headers.
limit_request_line = 8190
limit_request_fields = 100
