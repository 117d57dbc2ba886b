"""Shared test helpers: reference data, users in every role, API clients, and a browser."""
import os
from pathlib import Path

import pytest

from skillsnet.accounts.services import create_user
from skillsnet.core import services
from skillsnet.directory.models import Country, Organisation

ROLE_USERS = {
    "secretariat_admin": ("admin1", "secretariat_admin", None),
    "country_coordinator": ("coord_la", "country_coordinator", "LA"),
    "focal_point": ("focal_lgtc", "focal_point", "own"),
    "viewer": ("viewer1", "viewer", None),
}
PASSWORD = "correct horse battery staple"

# The article extractor's output per article, kept for this checkout (keyed by the extractor's source and data, see
# skillsnet.ingest.evaluate): the evaluations of the gold sets run once, not once per test process and database.
os.environ.setdefault("SKILLSNET_EVAL_CACHE",
                      str(Path(__file__).resolve().parent.parent / ".pytest_cache" / "ingest-eval"))


def pytest_configure(config):
    from django.conf import settings

    # argon2 is the production hasher (tests/accounts/test_auth.py checks it); tests use a fast one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher",
                                 *settings.PASSWORD_HASHERS]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Reference data once per test database (tests roll back around it)."""
    with django_db_blocker.unblock():
        _load_reference_if_missing()


def _load_reference_if_missing():
    from skillsnet.directory.management.commands.load_reference import load_reference

    if not Country.objects.exists():  # a transactional test flushed the tables
        load_reference()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The login rate limiter and other caches start empty in every test."""
    from django.core.cache import cache

    from skillsnet.core import refcache
    from skillsnet.matching import rankcache
    from skillsnet.web import context

    def clear():
        cache.clear()
        refcache.reset()  # reference data kept per process: a test's rolled-back change must not stay
        rankcache.reset()  # partner rankings kept per process, likewise
        context._MENUS.clear()

    clear()
    yield
    clear()


@pytest.fixture
def reference(db):
    _load_reference_if_missing()


@pytest.fixture
def system_user(db):
    return create_user(None, "system-admin", PASSWORD, roles=[("secretariat_admin", None, None)], is_superuser=True)


def make_org(actor, name, country="LA", kind="tvet_institute", **extra):
    data = {"name": name, "kind": kind, "country": Country.objects.get(pk=country) if country else None, **extra}
    return services.create_object(actor, Organisation, data)


@pytest.fixture
def orgs(reference, system_user):
    """Two Lao institutes, a Chinese one and a network."""
    return {
        "own": make_org(system_user, "Lao-German Technical College", "LA", acronyms=["LGTC"],
                        name_lo="ວິທະຍາໄລເຕັກນິກລາວ-ເຢຍລະມັນ",
                        aliases=["Lao-German Technical Vocational College"]),
        "other_la": make_org(system_user, "Lao Polytechnic College", "LA"),
        "cn": make_org(system_user, "Tianjin Electronic Information Technician College", "CN",
                       acronyms=["TEITC"], name_zh_hans="天津电子信息技师学院"),
        "network": make_org(system_user, "South-South Cooperation Skills Development Network", None,
                            kind="alliance_network"),
    }


@pytest.fixture
def users(orgs):
    out = {}
    for role, (username, code, scope) in ROLE_USERS.items():
        org = orgs[scope] if code == "focal_point" else None
        country = Country.objects.get(pk=scope) if code == "country_coordinator" else None
        out[role] = create_user(None, username, PASSWORD, roles=[(code, org, country)])
    return out


@pytest.fixture
def api_as(users):
    from rest_framework.test import APIClient

    from skillsnet.accounts.services import token_for

    def make(role):
        client = APIClient()
        if role != "anonymous":
            client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(users[role]).key}")
        return client

    return make


# ------------------------------------------------------------------ browser
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (make test installs it when run as root)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"])
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()


def login(page, live_server, username, password=PASSWORD):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form.edit button[type=submit]")
    page.wait_for_load_state()


@pytest.fixture
def keep_token_alone(monkeypatch):
    """core.keep's version from the cache's token alone, as with a cache shared between processes (Redis, files):
    the change log's last entry, which a process-local cache adds, is left out, so a test sees whether every
    writer bumps the token itself; nothing kept before or after the test."""
    from skillsnet.core import keep

    monkeypatch.setattr(keep, "_process_local_cache", lambda: False)
    keep.reset()
    yield
    keep.reset()


def make_course(actor, host, title, start, people, attended=None):
    """A training course hosted by `host` with `people` new trainees of `host`, all registered; the first
    `attended` of them (all by default) attended and completed."""
    from skillsnet.activities.models import Activity
    from skillsnet.people.models import Person
    from skillsnet.people.services import record_participation

    activity = services.create_object(actor, Activity, {"title": title, "kind": "training_programme",
                                                        "host": host, "start": start})
    attended = people if attended is None else attended
    for n in range(people):
        person = services.create_object(actor, Person, {"name": f"Trainee {title} {n}", "organisation": host})
        record_participation(actor, person.pk, activity.pk, registered=True, attended=n < attended,
                             completed=n < attended)
    return activity
