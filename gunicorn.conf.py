"""Gunicorn settings for production: `gunicorn wsgi:app` reads this file from the working directory.

Environment:
  BIND             address to listen on (default 127.0.0.1:8000, or 0.0.0.0:$PORT when PORT is set);
                   a private one: only the buffering proxy in front may reach it
  WEB_CONCURRENCY  worker processes (default: 2 x CPUs + 1)
  WORKER_TIMEOUT   seconds before a busy worker is replaced, which also bounds a slow client
                   (default 60)
  FORWARDED_ALLOW_IPS  proxies whose X-Forwarded-* headers gunicorn trusts (default 127.0.0.1)
  LOG_LEVEL        gunicorn's error log level (default info)
"""

from __future__ import annotations

import multiprocessing
import os
import sys

import gunicorn.http.wsgi

# No banner: gunicorn names itself (older releases with their version) in a Server header on
# every response, whatever the app sets. Responses look up this name when they are built.
gunicorn.http.wsgi.SERVER = gunicorn.http.wsgi.SERVER_SOFTWARE = "camino"

_port = os.environ.get("PORT")
bind = [os.environ.get("BIND") or (f"0.0.0.0:{_port}" if _port else "127.0.0.1:8000")]

# Sync workers: pages are rendered in a few milliseconds and need no waiting on the network, so
# one request per process is the simplest and fastest model. A slow client must not reach them:
# the proxy in front buffers each request and response whole (README "Production deployment").
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
worker_class = "sync"

# A PDF checklist is rendered in a separate process with its own limit (PDF_TIMEOUT_SECONDS,
# 20 s by default); the worker timeout sits well above it so gunicorn never kills a worker that
# is merely waiting for a render, only one that is truly stuck.
# It is also the only bound on a client that sends a request slowly or stops halfway: gunicorn
# has no header or body read timeout for sync workers, so the worker waits on the socket until
# the master, no longer hearing from it, kills it after `timeout` seconds and forks a fresh
# one (tests/test_gunicorn_conf.py measures it). As many stalled requests as workers stop the
# server for that long, which is why the buffering proxy is required. gthread workers would be
# worse: a thread waits on a half-sent request for ever while its process still looks alive.
timeout = int(os.environ.get("WORKER_TIMEOUT") or 60)
graceful_timeout = 30
keepalive = 5

# Load the app once in the master: content is parsed and validated a single time, a content
# error stops the master before any worker starts, and workers share the loaded memory. Nothing
# connects to the database or starts the PDF render pool at import time, so forking is safe.
preload_app = True

# Replace each worker after many requests (jittered so they do not all restart at once): a
# safety net against slow growth in memory. WeasyPrint runs in its own recycled render process,
# not in the workers, so this can be rare; each new worker starts with empty page caches.
max_requests = 20000
max_requests_jitter = 2000

# gunicorn applies X-Forwarded-Proto (scheme) only from these addresses. Set this to the load
# balancer's address(es); "*" is acceptable only when the app servers are reachable solely
# through the proxy. The client address itself comes from the app's ProxyFix setting
# (PORTAL_PROXY_FIX_X_FOR), see README "Production deployment".
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Requests are tiny: refuse oversized request lines and headers early.
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190

# No runtime control socket (gunicorn 27+): nothing here needs it, and several servers on one host
# would otherwise share its default path.
control_socket_disable = True

accesslog = "-"
# Time, method, path, status, size and duration only. Not the query string (%(q)s, or %(r)s and
# %(f)s, which contain it; a city filter says where a person is), not the client address (%(h)s),
# not the user agent (%(a)s): access logs must not help identify or locate anyone.
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info")
# The error log without client addresses, query strings or the header values of a malformed
# request, at every level (portal/logs.py).
logger_class = "portal.logs.GunicornLogger"


def post_fork(server, worker):
    """Each worker opens its own database connections; never reuse the master's."""
    wsgi = sys.modules.get("wsgi")  # loaded in the master only with preload_app
    if wsgi is None:
        return
    from portal.extensions import db

    with wsgi.app.app_context():
        db.engine.dispose(close=False)
