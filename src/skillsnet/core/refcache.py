"""Values derived from reference data (countries, provinces, languages, ISCED-F fields, ISCO-08 occupations),
kept in memory per process: read on almost every page, changed only by `skillsnet load_reference` or the
secretariat. A write through the services (its post-write step) or `load_reference` in this process clears them at
once; one made in another process shows within REFERENCE_SECONDS."""
import time

REFERENCE_SECONDS = 300
_VALUES = {}


def forget(*_args, **_kwargs):
    """Drop every kept value (a post-write step of each reference table, and `load_reference`)."""
    _VALUES.clear()


def register_steps():
    """Every write of a reference table through the services clears the kept values (core.derived)."""
    from . import derived
    from .scoping import reference_models

    for label in reference_models():
        derived.register(label, forget)


def is_reference(model):
    from .scoping import reference_models

    return model._meta.label_lower in reference_models()


def cached(key, build):
    """build() once per `key` (include the language when the value holds translated text)."""
    now = time.monotonic()
    hit = _VALUES.get(key)
    if hit is None or now - hit[0] > REFERENCE_SECONDS:
        hit = _VALUES[key] = (now, build())
    return hit[1]
