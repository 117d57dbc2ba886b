"""The demo: reference data, demo users and each app's seed-derived data (its `demo.py`: `load(actor)`).

Loading twice changes nothing: each app's loader finds what exists and only adds what is missing.
"""
import importlib
import io

from django.conf import settings
from django.db import transaction

from .changelog import change_context

DEMO_PASSWORD = "skillsnet-demo"


def ensure(actor, model, lookup, **data):
    """The object matching `lookup`, created through the service layer if missing (never changed)."""
    from . import services

    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = services.create_object(actor, model, {**lookup, **data}, reason="demo data from the seed articles")
    return obj


def demo_actor():
    from django.contrib.auth import get_user_model

    User = get_user_model()

    # A system account that cannot sign in (unusable password); it owns the demo's change-log entries.
    user, created = User.objects.get_or_create(username="demo-loader", defaults={"is_superuser": True})
    if created:
        user.set_unusable_password()
        user.save()
    return user


def load_demo(examples=False):
    """Reference data, demo users and the seed-derived data of every app; with `examples`, also each app's
    labelled example data (its demo.py `load_examples(actor)`), loaded only on request (DESIGN §6)."""
    from django.core.management import call_command

    call_command("load_reference", stdout=io.StringIO())
    actor = demo_actor()
    finishing = []
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
            if examples and hasattr(module, "load_examples"):
                module.load_examples(actor)
            if hasattr(module, "finish"):  # steps that need every app's data (the demo sign-ins)
                finishing.append(module.finish)
        for finish in finishing:
            finish(actor)
