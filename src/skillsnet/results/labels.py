"""Words for the codes of disaggregations (sex, country, kinds...), in the user's language: pages, the donor
report and the API show "Lao People's Democratic Republic, female", never "LA, female"."""
from django.apps import apps
from django.utils.translation import gettext as _

from .models import DISAGGREGATIONS


def dimension_label(name):
    return str(dict(DISAGGREGATIONS).get(name, name))


def _choices(app, model, attr):
    try:
        return {k: str(v) for k, v in getattr(apps.get_model(app, model), attr).choices}
    except LookupError:
        return {}


def value_label(name, value):
    if value in (None, ""):
        return _("unknown")
    if name in ("disability", "disadvantaged_youth"):
        return _("yes") if value in (True, "True", "true", 1) else _("no")
    if name == "country":
        country = apps.get_model("directory", "Country").objects.filter(pk=value).first()
        return str(country) if country else str(value)
    if name == "age_group":
        return {"under_15": _("under 15"), "55_plus": _("55 and over"), "unknown": _("age unknown")}.get(
            value, str(value).replace("_", "–"))
    table = {"sex": ("people", "Person", "Sex"), "participant_kind": ("people", "Person", "Kind"),
             "organisation_kind": ("directory", "Organisation", "Kind")}.get(name)
    return _choices(*table).get(value, str(value)) if table else str(value)


def dims_label(dims):
    """"female · Lao People's Democratic Republic" for {"sex": "female", "country": "LA"}; "total" for {}."""
    return " · ".join(value_label(k, v) for k, v in (dims or {}).items()) or _("total")


def dims_heading(dims):
    return " × ".join(dimension_label(d) for d in dims)


def country_code(value):
    """An ISO country code from a query parameter ("la" → "LA"), or None for anything else (a NUL byte, digits,
    a long string): bad input is ignored, never passed to the database."""
    value = (value or "").strip()
    return value.upper() if len(value) == 2 and value.isascii() and value.isalpha() else None
