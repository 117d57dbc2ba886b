import sys
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from skillsnet.accounts.permissions import restrict
from skillsnet.core.middleware import busy_response
from skillsnet.core.retry import is_transient_conflict
from skillsnet.directory.models import Country, Membership, Organisation


def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


_MIGRATIONS_CHECKED = {"until": 0.0}
_migrations_lock = threading.Lock()
MIGRATIONS_RECHECK_SECONDS = 30


def _unapplied_migrations():
    """Migrations in the code that the database lacks; a clean answer is trusted for 30 s."""
    if time.monotonic() < _MIGRATIONS_CHECKED["until"]:
        return []
    from django.db.migrations.executor import MigrationExecutor

    with _migrations_lock:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if not plan:
            _MIGRATIONS_CHECKED["until"] = time.monotonic() + MIGRATIONS_RECHECK_SECONDS
        return [f"{m.app_label}.{m.name}" for m, _backwards in plan]


def readyz(request):
    """Ready for traffic: every database answers and no migration is waiting (`skillsnet migrate`)."""
    problems = []
    for alias in connections:
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except Exception as exc:  # noqa: BLE001 (any failure means not ready)
            problems.append(f"database {alias} unavailable: {exc.__class__.__name__}")
    if getattr(settings, "REDIS_URL", ""):
        try:
            cache.set("readyz", "1", 10)
        except Exception as exc:  # noqa: BLE001
            problems.append(f"cache (Redis) unavailable: {exc.__class__.__name__}")
    if not problems:
        pending = _unapplied_migrations()
        if pending:
            problems.append(f"{len(pending)} unapplied migrations (run skillsnet migrate): {', '.join(pending[:5])}")
    if problems:
        return HttpResponse("\n".join(problems), status=503, content_type="text/plain")
    return HttpResponse("ready", content_type="text/plain")


def network_figures(user):
    orgs = restrict(Organisation.objects.all(), user, "view")
    by_kind = {k: 0 for k, _l in Organisation.Kind.choices}
    for kind in orgs.values_list("kind", flat=True):
        by_kind[kind] += 1
    networks = orgs.filter(kind=Organisation.Kind.NETWORK)
    countries = Country.objects.filter(organisations__in=orgs).distinct().count()
    return {
        "org_count": orgs.count(), "country_count": countries,
        "kinds": [(label, by_kind[k], k) for k, label in Organisation.Kind.choices if by_kind[k]],
        "networks": [(n, Membership.objects.filter(network=n, left_on="").count()) for n in networks[:10]],
    }


def home(request):
    """Signed in: what needs attention and what the user looks after; a visitor: the network's public page."""
    if not request.user.is_authenticated:
        from .public import public_page

        return public_page(request)
    from . import home as queries

    return render(request, "web/home.html", {
        **network_figures(request.user),
        "attention": queries.attention(request.user),
        "looked_after": queries.looked_after(request.user),
        "is_secretariat": queries.is_secretariat(request.user),
        "quick_actions": queries.quick_actions(request.user),
    })


def search(request):
    """One search across every kind of record (knowledge.search: each row checked with for_user)."""
    from skillsnet.knowledge.views import search as unified_search

    return unified_search(request)


def _error(request, status, title, message):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    return render(request, "web/error.html", {"title": title, "message": message}, status=status)


def bad_request(request, exception=None):
    return _error(request, 400, _("Bad request"), _("The request could not be understood."))


def permission_denied(request, exception=None):
    message = str(exception) if exception and str(exception) else _("You do not have permission to see or do this.")
    return _error(request, 403, _("Not allowed"), message)


def page_not_found(request, exception=None):
    return _error(request, 404, _("Not found"), _("There is nothing at this address."))


def server_error(request):
    exception = sys.exc_info()[1]  # Django calls this handler while handling the exception
    if is_transient_conflict(exception):  # raised where BusyDatabaseMiddleware does not see it (a middleware)
        return busy_response(request, exception)
    return _error(request, 500, _("Something went wrong"),
                  _("The server could not complete this request. The error has been logged."))
