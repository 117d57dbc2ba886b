"""Choosing one record among thousands: a search box instead of a <select> of every row.

A dropdown of every organisation (5,000 at bench scale), activity (20,000) or person (200,000) made a list page
megabytes long (a participation list's filter form was 12 MB) and slow to build, and is useless on a phone or a
slow link. A choice over more than MAX_CHOICES records the user may see is shown as a picker: a hidden input
holding the record's key and a search box that asks `pick/<app>/<model>/` for the first matches (htmx); choosing
one fills the hidden input (static/skillsnet/app.js). The form field is unchanged: it still validates the key
against its own queryset, scoped with for_user. Smaller choice lists stay <select> elements, read with one query.

Without JavaScript (a browser that blocks it, a page still loading on a slow link) the search box is sent as it
was typed: when no key came with it, the text is resolved among the records the user may view (the only match,
or the only one whose whole name it is); otherwise the form comes back with the text kept and the matches as
radio buttons to choose from (`Unresolved`), so the choice can be made without a script.
"""
import types

from django import forms
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from .privacy import record_label, visible_ids
from .scoping import can, for_user
from .text import compact, normalize

MAX_CHOICES = 200
MATCHES = 20
SEARCH_SUFFIX = "__search"


class Unresolved(str):
    """A picker's typed text that names no single record the user may view (no key was chosen: the page ran
    without JavaScript). Never a valid key: the field rejects it and the picker shows `matches` to choose from."""

    def __new__(cls, text, matches=()):
        value = super().__new__(cls, "?" + text)
        value.text, value.matches = text, list(matches)
        return value


def resolve_typed(queryset, user, text):
    """(key, matches) for text typed in a picker's box: the key of the one visible record it names (the only
    match, or the only one whose whole name it is), else None; `matches`: the first visible matches."""
    visible = for_user(queryset, user, "view")
    found = list(text_filter(visible, text, _search_fields(queryset.model), keys=True, user=user)[:MATCHES + 1])
    if len(found) == 1:
        return found[0].pk, found
    wanted = normalize(text)
    whole = [obj for obj in found if normalize(record_label(user, obj)) == wanted]
    if len(whole) == 1:
        return whole[0].pk, found
    return None, found[:MATCHES]


def _label(queryset, user, key):
    try:
        obj = for_user(queryset, user, "view").filter(pk=key).first()
    except (ValueError, TypeError):
        obj = None
    return record_label(user, obj) if obj is not None else ""


def picked_value(data, name, queryset, user):
    """What a picker sends: a radio button chosen among listed matches; else the hidden key, unless the box now
    holds other text than that record's name (edited without JavaScript); else the typed text resolved (a key,
    an Unresolved text), or None when nothing was typed."""
    values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
    chosen = [v for v in values[1:] if v not in (None, "")]
    if chosen:
        return chosen[-1]
    key = values[0] if values else None
    text = (data.get(name + SEARCH_SUFFIX) or "").strip()[:200]
    if not text or queryset is None:
        return key if key not in (None, "") else None
    if key not in (None, "") and normalize(text) == normalize(_label(queryset, user, key)):
        return key
    found, matches = resolve_typed(queryset, user, text)
    return str(found) if found is not None else Unresolved(text, matches)


def _picker_to_python(field, value):
    if isinstance(value, Unresolved):
        raise ValidationError(_("What was typed does not name exactly one record you may see: choose one of the "
                                "matches, or type more of the name."), code="invalid_choice")
    return type(field).to_python(field, value)


def _expect_picker(field):
    """`field` rejects an Unresolved text with its own message (a key that names no record keeps Django's). A
    bound method, so that a deep copy of the field is bound to the copy."""
    field.to_python = types.MethodType(_picker_to_python, field)


def text_filter(queryset, value, fields=("name",), keys=False, user=None):
    """`queryset` narrowed to the rows whose searchable text holds `value` (with `keys`, digits match the key too).
    With `user`, a field reached through a link to a personal record matches only on the records `user` may read
    (core.privacy.search_guards)."""
    value = (value or "").strip()[:200]
    if not value:
        return queryset
    model = queryset.model
    if any(f.name == "search_text" for f in model._meta.get_fields()):
        q = Q(search_text__contains=normalize(value)) | Q(search_text__contains=compact(value))
    else:
        from .privacy import search_guards

        guards = search_guards(user, model, fields)
        q = Q()
        for name in fields:
            part = Q(**{f"{name}__icontains": value})
            q |= part & guards[name] if name in guards else part
    pk = model._meta.pk
    if keys and value.isdigit() and pk.get_internal_type() in ("AutoField", "BigAutoField", "IntegerField"):
        q |= Q(pk=int(value))
    return queryset.filter(q)


def _search_fields(model):
    from .registry import config_for
    from .views import filterset_class

    config = config_for(model)
    fields = getattr(filterset_class(config), "search_fields", None) if config else None
    return tuple(fields or ("name",))


class RecordPicker(forms.Widget):
    """A hidden input with the chosen key and a search box listing matches (see the module's docstring)."""

    def __init__(self, model, user, attrs=None, queryset=None):
        super().__init__(attrs)
        self.model, self.user, self.queryset = model, user, queryset

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy.model, copy.user, copy.queryset = self.model, self.user, self.queryset
        return copy

    def format_value(self, value):
        if isinstance(value, (list, tuple)):
            value = value[0] if value else None
        return "" if value in (None, "") or isinstance(value, Unresolved) else str(value)

    def value_from_datadict(self, data, files, name):
        return picked_value(data, name, self.queryset, self.user)

    def value_omitted_from_data(self, data, files, name):
        return name not in data and name + SEARCH_SUFFIX not in data

    def _choices_html(self, name, value):
        if not value.matches:
            return format_html('<p class="empty">{}</p>', _("Nothing found."))
        return format_html(
            '<fieldset class="picker-choices"><legend>{}</legend>{}</fieldset>', _("Choose one:"),
            format_html_join("", '<label><input type="radio" name="{}" value="{}"> {}</label>',
                             ((name, obj.pk, record_label(self.user, obj)) for obj in value.matches)))

    def label_for(self, key):
        return _label(self.queryset if self.queryset is not None else self.model, self.user, key) if key else ""

    def render(self, name, value, attrs=None, renderer=None):
        key = self.format_value(value)
        attrs = self.build_attrs(self.attrs, attrs)
        input_id = attrs.get("id") or f"id_{name}"
        opts = self.model._meta
        url = reverse("pick", args=[opts.app_label, opts.model_name])
        typed = isinstance(value, Unresolved)
        return format_html(
            '<div class="picker" data-picker>'
            '<input type="hidden" name="{name}" value="{key}" data-pick-key>'
            '<input type="search" id="{id}" name="{name}{suffix}" value="{label}" autocomplete="off" '
            'placeholder="{placeholder}" aria-describedby="{id}_hint" aria-controls="{id}_matches" '
            'hx-get="{url}" hx-trigger="input changed delay:300ms, search" hx-target="#{id}_matches" '
            'hx-sync="this:replace" data-pick-search>'
            '<span class="hint" id="{id}_hint">{hint}</span>'
            '<div class="picker-matches" id="{id}_matches" role="listbox" aria-label="{matches}"></div>{choices}</div>',
            name=name, key=key, id=input_id, label=value.text if typed else self.label_for(key), url=url,
            suffix=SEARCH_SUFFIX, placeholder=_("Type a few letters of the name…"),
            hint=_("Too many to list: type to search, then choose."), matches=_("Matches"),
            choices=self._choices_html(name, value) if typed else "")


def _option_label(field, user, obj):
    """A <select>'s option: the form's own label, unless the record's text names someone the user may not read."""
    if getattr(type(obj), "label_links", ()):
        return record_label(user, obj)
    return field.label_from_instance(obj)


def limit_choices(field, user):
    """A model-choice form field with more than MAX_CHOICES visible records becomes a picker; a shorter one keeps
    its <select>, filled from the one query that counted it. Returns True when the field became a picker."""
    from .registry import config_for

    queryset = field.queryset
    if config_for(queryset.model) is None:
        return False  # no pick/ address for it (a platform user, say): Django's own <select>
    rows = list(queryset[:MAX_CHOICES + 1])
    if len(rows) > MAX_CHOICES:
        field.widget = RecordPicker(queryset.model, user, queryset=queryset)
        field.to_field_name = None
        _expect_picker(field)
        return True
    options = [("", field.empty_label)] if getattr(field, "empty_label", None) is not None else []
    key = field.to_field_name or "pk"
    for name in getattr(queryset.model, "label_links", ()):  # one query for the options' people, not one each
        link = queryset.model._meta.get_field(name)
        visible_ids(user, link.related_model, {getattr(obj, link.attname) for obj in rows})
    field.widget.choices = options + [(str(getattr(obj, key)), _option_label(field, user, obj)) for obj in rows]
    return False


class _DecidedAtRender(forms.Widget):
    """Stands in for a choice widget until the form is shown: a filter form that is only validated (the API's
    filters, a list's query string) never reads the choices, and a shown one reads them once (limit_choices)."""

    def __init__(self, field, user, original):
        super().__init__(original.attrs)
        self.field, self.user, self.original = field, user, original
        self.is_required = original.is_required

    def __deepcopy__(self, memo):
        return _DecidedAtRender(self.field, self.user, self.original)

    def value_from_datadict(self, data, files, name):
        if name + SEARCH_SUFFIX in data and not isinstance(self.field, forms.ModelMultipleChoiceField):
            return picked_value(data, name, self.field.queryset, self.user)  # only a picker has such a box
        return self.original.value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data, files, name):
        return self.original.value_omitted_from_data(data, files, name) and name + SEARCH_SUFFIX not in data

    def render(self, name, value, attrs=None, renderer=None):
        self.field.widget = self.original
        limit_choices(self.field, self.user)
        return self.field.widget.render(name, value, attrs, renderer)


def choices_when_shown(field, user):
    """limit_choices, once the form is rendered."""
    field.widget = _DecidedAtRender(field, user, field.widget)
    if not isinstance(field, forms.ModelMultipleChoiceField):
        _expect_picker(field)


def pick(request, app_label, model_name):
    """The first matches for a picker's search box, as buttons (htmx), among the records the user may view."""
    from .registry import config_for

    try:
        model = apps.get_model(app_label, model_name)
    except (LookupError, ValueError):
        raise Http404(_("Not found."))
    if config_for(model) is None:
        raise Http404(_("Not found."))
    if not can(request.user, "view", model):
        raise PermissionDenied
    text = request.GET.get("q") or next((v for k, v in request.GET.items() if k.endswith(SEARCH_SUFFIX)), "")
    found = list(text_filter(for_user(model, request.user, "view"), text, _search_fields(model), keys=True,
                             user=request.user)[:MATCHES]) \
        if text.strip() else []
    if not text.strip():
        body = ""
    elif not found:
        body = format_html('<p class="empty">{}</p>', _("Nothing found."))
    else:
        labels = [(obj.pk, record_label(request.user, obj)) for obj in found]
        body = format_html_join("", '<button type="button" role="option" data-pick-value="{}" data-pick-label="{}">'
                                    '{}</button>', ((pk, label, label) for pk, label in labels))
    return HttpResponse(body)
