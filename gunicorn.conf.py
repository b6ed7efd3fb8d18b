"""gunicorn's configuration for Toegang: production and `make load` (docs/operations.md "Productie").

    gunicorn -c gunicorn.conf.py toegang.wsgi

Environment variables (each optional):
  TOEGANG_BIND        address to listen on, default 127.0.0.1:8000 (a proxy in front terminates TLS)
  TOEGANG_WORKERS     processes, default the number of cores: Python runs one thread at a time per process, so
                      more processes than cores only queue for the CPU
  TOEGANG_THREADS     threads per process, default 4: a thread waiting on PostgreSQL lets another render a page;
                      each thread keeps one database connection (TOEGANG_DB_CONN_MAX_AGE), so workers x threads x
                      servers must stay below PostgreSQL's max_connections (default 100)
  TOEGANG_TIMEOUT     seconds before a stuck request's worker is restarted, default 60
  TOEGANG_MAX_REQUESTS  a worker is replaced after about this many requests (0 = never), default 5000
  TOEGANG_ACCESS_LOG  "-" writes gunicorn's access log to stdout; default none
"""

import os

bind = os.environ.get("TOEGANG_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("TOEGANG_WORKERS", os.cpu_count() or 2))
threads = int(os.environ.get("TOEGANG_THREADS", 4))
worker_class = "gthread"
timeout = int(os.environ.get("TOEGANG_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5
max_requests = int(os.environ.get("TOEGANG_MAX_REQUESTS", 5000))
max_requests_jitter = max_requests // 10
# Django and the templates loaded once, before the workers fork: less memory, faster restarts. Nothing opens a
# database connection at import, so no connection is shared between processes.
preload_app = True
# No control socket: it would sit in $HOME, one path for every instance on the host (two of them in the scale-out test).
control_socket_disable = True
accesslog = os.environ.get("TOEGANG_ACCESS_LOG") or None
errorlog = "-"
wsgi_app = "toegang.wsgi:application"
