"""`skillsnet serve`: gunicorn in this process, with skillsnet's application, logging and hooks.

The master loads Django once, builds what every request would otherwise build first (URL patterns, the
OpenAPI document), closes its database connections and forks the workers (preload: they share that
memory). SIGTERM stops gracefully: the listening socket closes, running requests finish (up to
`graceful_timeout`), and the process exits with status 0. SIGHUP reloads the workers.
"""
import multiprocessing
import os

from django.conf import settings


def default_workers():
    """cores + 1 worker processes (each with SKILLSNET_THREADS threads, 2 by default). gunicorn's advice, 2 × cores
    + 1, is for workers that mostly wait; skillsnet's requests are mostly Python, so more processes than cores
    only take turns on them, each with its own cold caches (rankings, reference data) and connections. On 2 cores
    shared with PostgreSQL, 3 workers × 2 threads cost 27.1–29.7 ms of server CPU per request of the load mix
    (viewer) against 29.4–32.2 for 5 × 2, at the same throughput (wave 2, ninth session)."""
    return (os.cpu_count() or multiprocessing.cpu_count() or 1) + 1


def _env_int(name, default):
    value = os.environ.get(name, "")
    return int(value) if value.strip().isdigit() else default


def options(bind=None, workers=None, threads=None, timeout=None, max_requests=None):
    """gunicorn settings from the arguments, else the environment (SKILLSNET_BIND, SKILLSNET_WORKERS, ...)."""
    threads = threads or _env_int("SKILLSNET_THREADS", 2)
    opts = {
        "bind": [bind or os.environ.get("SKILLSNET_BIND") or "127.0.0.1:8000"],
        "workers": workers or _env_int("SKILLSNET_WORKERS", default_workers()),
        "threads": threads,
        "worker_class": "gthread" if threads > 1 else "sync",
        "timeout": timeout or _env_int("SKILLSNET_TIMEOUT", 60),
        "graceful_timeout": _env_int("SKILLSNET_GRACEFUL_TIMEOUT", 30),
        "keepalive": 5,
        "max_requests": max_requests if max_requests is not None else _env_int("SKILLSNET_MAX_REQUESTS", 0),
        "max_requests_jitter": _env_int("SKILLSNET_MAX_REQUESTS_JITTER", 0),
        "preload_app": True,
        "proc_name": "skillsnet",
        "accesslog": "-",
        "errorlog": "-",
        "loglevel": os.environ.get("SKILLSNET_LOG_LEVEL", "info").lower(),
        # Behind a proxy on this machine: trust its X-Forwarded-* headers (see docs/DEPLOY.md).
        "forwarded_allow_ips": os.environ.get("SKILLSNET_FORWARDED_ALLOW_IPS", "127.0.0.1,::1"),
        "post_fork": _post_fork,
        "control_socket_disable": True,  # several servers may share a machine and a home directory
    }
    if getattr(settings, "LOG_FORMAT", "text") == "json":
        opts["logger_class"] = "skillsnet.core.logs.GunicornLogger"
    return opts


def _post_fork(server, worker):
    from django.db import connections

    for conn in connections.all(initialized_only=True):
        conn.close_if_unusable_or_obsolete()
        conn.connection = None  # never share the master's socket with a worker


def warm_up():
    """Work every worker would repeat: resolve the URL patterns and build the OpenAPI document."""
    from django.db import connections
    from django.urls import get_resolver

    from . import schema

    get_resolver().url_patterns  # noqa: B018 (imports every urls module and view)
    schema.warm()
    connections.close_all()


def run(opts):
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):
        def load_config(self):
            for key, value in opts.items():
                self.cfg.set(key, value)

        def load(self):
            from skillsnet.wsgi import application

            warm_up()
            return application

    Server().run()
