"""The demo: reference data, demo users and each app's seed-derived data (its `demo.py`: `load(actor)`).

Loading twice changes nothing: each app's loader finds what exists and only adds what is missing.
"""
import importlib

from django.conf import settings
from django.db import transaction

from .changelog import change_context

DEMO_PASSWORD = "skillsnet-demo"
DEMO_USERS = [
    # username, role, organisation (English name) or country code
    ("secretariat", "secretariat_admin", None),
    ("viewer", "viewer", None),
]


def ensure(actor, model, lookup, **data):
    """The object matching `lookup`, created through the service layer if missing (never changed)."""
    from . import services

    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = services.create_object(actor, model, {**lookup, **data}, reason="demo data from the seed articles")
    return obj


def demo_actor():
    from skillsnet.accounts.models import User

    # A system account that cannot sign in (unusable password); it owns the demo's change-log entries.
    user, created = User.objects.get_or_create(username="demo-loader", defaults={"is_superuser": True})
    if created:
        user.set_unusable_password()
        user.save()
    return user


def ensure_users(actor, extra=()):
    """Create the demo sign-ins (password DEMO_PASSWORD) if missing."""
    from skillsnet.accounts.models import User
    from skillsnet.accounts.services import create_user
    from skillsnet.directory.models import Country, Organisation

    made = []
    for username, role, scope in [*DEMO_USERS, *extra]:
        if User.objects.filter(username=username).exists():
            continue
        org = country = None
        if role == "focal_point":
            org = Organisation.objects.filter(name=scope).first()
            if org is None:
                continue
        if role == "country_coordinator":
            country = Country.objects.get(pk=scope)
        user = create_user(actor, username, DEMO_PASSWORD, roles=[(role, org, country)],
                           is_superuser=(role == "secretariat_admin"), reason="demo user")
        made.append(user)
    return made


def load_demo(examples=False):
    """Reference data, demo users and the seed-derived data of every app; with `examples`, also each app's
    labelled example data (its demo.py `load_examples(actor)`), loaded only on request (DESIGN §6)."""

    from skillsnet.directory.management.commands.load_reference import load_reference

    load_reference()
    actor = demo_actor()
    extra_users = []
    with change_context("demo"), transaction.atomic():
        for app in settings.INSTALLED_APPS:
            if not app.startswith("skillsnet."):
                continue
            try:
                module = importlib.import_module(f"{app}.demo")
            except ModuleNotFoundError as exc:
                if exc.name == f"{app}.demo":
                    continue
                raise
            if module.__name__ == __name__:
                continue
            module.load(actor)
            extra_users += getattr(module, "DEMO_USERS", [])
            if examples and hasattr(module, "load_examples"):
                module.load_examples(actor)
        ensure_users(actor, extra_users)
