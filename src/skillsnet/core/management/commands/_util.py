from django.apps import apps
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from skillsnet.core.registry import REGISTRY


def model_by_label(label):
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        model = None
    if model is None or model not in REGISTRY:
        known = ", ".join(sorted(c.label for c in REGISTRY.values()))
        raise CommandError(_("Unknown model %(label)s. Known: %(known)s") % {"label": label, "known": known})
    return model


def user_by_name(username):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    try:
        return User.objects.get(username=username)
    except User.DoesNotExist:
        raise CommandError(_("No user named %(name)s.") % {"name": username})
