"""Bench users, one per role of accounts.rules (scoped to a synthetic organisation or its country as the rules
require), and the single-client list API page time for each of them: a real user sees the list through the
permission filter, which a superuser skips."""
import secrets
import statistics
import time

from . import generate as gen

USERNAME = "synthetic-%s"
LIST_URLS = {
    # the list API page: 50 rows, 2 filters, over the largest table (personal data)
    "participations": "/api/people/participations/?page_size=50&completed=true&role=participant",
    # a large table without personal data, which every role sees
    "activities": "/api/activities/activities/?page_size=50&kind=training_programme&mode=in_person",
}


def scope_organisation():
    """The synthetic organisation with the most persons: the focal point's, and its country the coordinator's."""
    from django.db.models import Count

    from skillsnet.directory.models import Organisation

    return (Organisation.objects.filter(name__startswith=f"{gen.PREFIX} Organisation")
            .annotate(n=Count("people")).order_by("-n", "pk").first())


def bench_users(password=None):
    """{role: user} for every role, created anew (earlier bench users are removed); `password` for sign-in."""
    from skillsnet.accounts.models import User
    from skillsnet.accounts.rules import ROLES, SCOPED_ROLES
    from skillsnet.accounts.services import create_user
    from skillsnet.core.changelog import change_context

    organisation = scope_organisation()
    User.objects.filter(username__in=[USERNAME % role for role in ROLES]).delete()
    users = {}
    with change_context("cli"):
        for role in ROLES:
            scope = SCOPED_ROLES.get(role)
            grant = (role, organisation if scope == "organisation" else None,
                     organisation.country if scope == "country" else None)
            users[role] = create_user(None, USERNAME % role, password or secrets.token_urlsafe(16), roles=[grant],
                                      reason="synthetic bench user")
    return users


def _median_ms(func, repeat):
    times = []
    for _i in range(max(1, repeat)):
        t0 = time.perf_counter()
        func()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def _get(client, url):
    response = client.get(url)
    if response.status_code == 403:
        return None  # the role may not list this model at all
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    return response.json()


def list_page_times(users, repeat=3):
    """{role: {measure: ms}}: page mode (with its count), first and second cursor page, for each list."""
    from rest_framework.test import APIClient

    out = {}
    for role, user in users.items():
        client = APIClient()
        client.force_authenticate(user)
        row = {}
        for name, url in LIST_URLS.items():
            if _get(client, url) is None:  # also warms: the first request of a client builds its caches
                row[f"{name} page"] = "refused"
                continue
            row[f"{name} page"] = _median_ms(lambda: _get(client, url), repeat)
            first = _get(client, url + "&cursor=")
            row[f"{name} cursor"] = _median_ms(lambda: _get(client, url + "&cursor="), repeat)
            row[f"{name} rows"] = len(first["results"])
            if first["next"]:
                following = first["next"].split("://", 1)[-1].split("/", 1)[-1]
                row[f"{name} cursor, next page"] = _median_ms(lambda: _get(client, "/" + following), repeat)
        out[role] = row
    return out


def print_list_page_times(console, times, budget_ms):
    from rich.table import Table

    columns = list(dict.fromkeys(c for row in times.values() for c in row if not c.endswith(" rows")))
    table = Table(title=f"list API page, one client, per role (ms; budget ≤ {budget_ms} ms; page = page mode, counting up to the cap, "
                        "cursor = keyset)")
    table.add_column("role", no_wrap=True, min_width=21)
    for column in columns:
        table.add_column(column, justify="right")
    for role, row in times.items():
        cells = []
        for column in columns:
            ms = row.get(column)
            rows = row.get(column.split(" ")[0] + " rows")
            if ms is None or isinstance(ms, str):
                cells.append(ms or "—")
                continue
            cells.append(f"{ms:.1f}{'' if ms <= budget_ms else ' (over)'}"
                         + (f" [{rows} rows]" if column.endswith("cursor") else ""))
        table.add_row(role, *cells)
    console.print(table)
