"""The demo: reference data, demo users and each app's seed-derived data (its `demo.py`: `load(actor)`).

Loading twice changes nothing: each app's loader finds what exists and only adds what is missing.
"""
import importlib
import io
import re

from django.conf import settings
from django.db import transaction

from .changelog import change_context

DEMO_PASSWORD = "skillsnet-demo"


# The seed articles (shared/seeds), cited by title: the demo's descriptions end with their source; a page
# that shows a description links each title to the article's record (results.Source, which keeps its text).
ARTICLES = {
    "000": "In a significant stride toward fostering inclusive development and regional collaboration, the Tianjin "
           "Electronic Information Technician College (TEITC) of China and the Polytechnic College of the Lao "
           "People’s Democratic Republic have signed a landmark Memorandum of Understanding (MoU)",
    "001": "Peer-to-Peer Workshop of Cooperation and Exchange between Yunnan Advanced Technical School of Electronic "
           "Information and Lao-German Technical College, via zoom on 19 January 2022",
    "002": "China's international cooperation in vocational education is developing rapidly",
    "003": "Enhancing Cambodia-China Skills Development Cooperation Under the South-South Cooperation Skills "
           "Development Network",
    "004": "ILO, China Bolster ASEAN Skills, Work Ties",
}
_SEED_NOTE = re.compile(r"Seed (\d{3}): (?:[^;:()]|\([^)]*\))*?(?=;|: |\. |\.$|$)")


def cite(*seeds):
    titles = [f"“{ARTICLES[s]}”" for s in dict.fromkeys(seeds) if s in ARTICLES]
    if not titles:
        return ""
    return (_l("Source: ") if len(titles) == 1 else _l("Sources: ")) + "; ".join(titles) + "."


def _l(text):
    return text  # demo data is written in English, like the seed articles


def demo_text(text):
    """An internal note such as "Seed 001: workshop …; Seed 002: …. Launched by …" as readable sentences
    followed by the titles of the source articles."""
    if not isinstance(text, str) or "Seed " not in text:
        return text
    seeds = re.findall(r"Seed (\d{3}):", text)
    rest = _SEED_NOTE.sub("", text)
    rest = re.sub(r"^[\s;:.,]+|[\s;:,]+$", "", rest)
    rest = re.sub(r"\s*;\s*(?=;|$)", "", rest).strip(" ;")
    if not rest:
        titles = [f"“{ARTICLES[s]}”" for s in dict.fromkeys(seeds) if s in ARTICLES]
        return "Reported in " + "; and in ".join(titles) + "." if titles else ""
    sentence = ""
    if rest:
        sentence = rest[0].upper() + rest[1:]
        if not sentence.endswith((".", "!", "?", ")")):
            sentence += "."
    return (sentence + " " + cite(*seeds)).strip()


def _fit(model, name, value):
    """A demo text cut to its field's length (at a word, with an ellipsis) when a citation made it longer."""
    limit = getattr(model._meta._forward_fields_map.get(name), "max_length", None)
    if not isinstance(value, str) or not limit or len(value) <= limit:
        return value
    return value[: limit - 1].rsplit(" ", 1)[0] + "…"


def ensure(actor, model, lookup, **data):
    """The object matching `lookup`, created through the service layer if missing (never changed)."""
    from . import services

    data = {k: _fit(model, k, demo_text(v)) for k, v in data.items()}
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
