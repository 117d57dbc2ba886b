"""Values derived from reference data (countries, provinces, languages, ISCED-F fields, ISCO-08 occupations),
kept in memory per process: read on almost every page, changed only by `skillsnet load_reference` or the
secretariat. A change saved in this process clears them at once; one made in another process shows within
REFERENCE_SECONDS."""
import time

REFERENCE_SECONDS = 300
_VALUES = {}
_CONNECTED = []


def _forget(**_kwargs):
    _VALUES.clear()


def _connect():
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save

    from .scoping import reference_models

    for label in reference_models():
        model = apps.get_model(label)
        post_save.connect(_forget, sender=model, dispatch_uid=f"refcache-s-{label}")
        post_delete.connect(_forget, sender=model, dispatch_uid=f"refcache-d-{label}")
    _CONNECTED.append(True)


def is_reference(model):
    from .scoping import reference_models

    return model._meta.label_lower in reference_models()


def cached(key, build):
    """build() once per `key` (include the language when the value holds translated text)."""
    if not _CONNECTED:
        _connect()
    now = time.monotonic()
    hit = _VALUES.get(key)
    if hit is None or now - hit[0] > REFERENCE_SECONDS:
        hit = _VALUES[key] = (now, build())
    return hit[1]

