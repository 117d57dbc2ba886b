"""Field types shared by every app (no PostgreSQL-only types: everything runs on SQLite too)."""
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

PARTIAL_DATE_RE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


def validate_partial_date(value):
    if not value:
        return
    if not PARTIAL_DATE_RE.match(value):
        raise ValidationError(_("Enter a date as YYYY, YYYY-MM or YYYY-MM-DD (unknown parts left out)."),
                              code="partial_date")
    if len(value) == 10:
        import datetime

        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            raise ValidationError(_("%(value)s is not a real date."), params={"value": value}, code="partial_date")


class PartialDateField(models.CharField):
    """A date of which only the year, or year and month, may be known: 'YYYY', 'YYYY-MM', 'YYYY-MM-DD'.

    What a source leaves unknown stays unknown; values sort and compare correctly as text.
    """

    default_validators = [validate_partial_date]
    is_partial_date = True

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("help_text", _("YYYY, YYYY-MM or YYYY-MM-DD; leave out what is unknown."))
        super().__init__(*args, **kwargs)


# The translated words of the multilingual fields' labels.
BASE_LABELS = {"name": _("name"), "title": _("title"), "summary": _("summary")}


def multilingual(base, max_length=300, verbose=None, blank_en=False):
    """An abstract model with `base` (English, required) plus `base_zh_hans`, `base_lo`, `base_km`, `base_id`."""
    from .i18n import CONTENT_LANGUAGES

    verbose = verbose or BASE_LABELS.get(base) or base.replace("_", " ")
    attrs = {"__module__": __name__, "Meta": type("Meta", (), {"abstract": True})}
    for code, suffix, label in CONTENT_LANGUAGES:
        name = base if code == "en" else f"{base}_{suffix}"
        # "name (English)" in the user's language; the other languages are named in their own script
        attrs[name] = models.CharField(
            format_lazy("{} ({})", verbose, _("English") if code == "en" else label), max_length=max_length,
            blank=(code != "en" or blank_en),
        )
    return type(f"Multilingual_{base}_{max_length}", (models.Model,), attrs)
