"""One registration gives a model its list, detail, edit, delete, history, import and export
screens and its API endpoint. A model with special needs overrides one piece, not the whole view.

    register(Organisation, fields=[...], list_columns=[...], filterset=OrganisationFilterSet,
             io_columns=[...], import_key=("name", "country"))
"""
from dataclasses import dataclass, field
from typing import Any, Callable

from django.urls import NoReverseMatch, reverse

REGISTRY: dict = {}


@dataclass
class Panel:
    """A section on another model's detail page, e.g. an organisation's programmes."""

    title: Any
    model: Any
    lookup: str  # filter from the panel model to the host object, e.g. "organisation"
    columns: list = None
    template: str = None  # a custom template instead of the generic table
    queryset: Callable = None  # (host_obj, user) -> queryset, instead of lookup


@dataclass
class ModelConfig:
    model: Any
    fields: list  # editable in forms, API and import
    list_columns: list = None
    filterset: Any = None
    form: Any = None
    serializer: Any = None
    io_columns: list = None  # import/export columns (defaults to ["id", *fields])
    import_key: tuple = ()  # natural key to find an existing row when the file has no id
    list_fields: tuple = ()  # JSON list fields edited one item per line
    detail_template: str = None
    panels: list = field(default_factory=list)
    create: Callable = None  # service overrides: (actor, data, reason) -> obj
    update: Callable = None  # (actor, pk, changes, expected_version, reason) -> obj
    delete: Callable = None  # (actor, pk, expected_version, reason) -> before
    select_related: tuple = ()
    prefetch_related: tuple = ()
    # the relations the record's text (__str__) reads: an API list page, which shows links as keys and the record
    # as its text, reads only these for its rows (None: select_related)
    display_related: tuple = None
    api: bool = True
    importable: bool = True
    readonly: bool = False  # no forms (e.g. reference data)
    api_basename: str = None
    menu: str = None  # menu group in the navigation, None to hide

    @property
    def label(self):
        return self.model._meta.label_lower

    @property
    def url_base(self):
        return f"{self.model._meta.app_label}_{self.model._meta.model_name}"

    @property
    def slug(self):
        from django.utils import translation
        from django.utils.text import slugify

        with translation.override("en"):
            return slugify(str(self.model._meta.verbose_name_plural))

    def url(self, action, obj=None):
        """The address of `action` (list, add, detail, edit, delete, history) for this model or `obj`.

        A page links every row it shows (hundreds of reverse() calls): the address is worked out once per model,
        action, script prefix and language, with a marker in place of an integer key, then filled in."""
        from django.conf import settings
        from django.urls import get_script_prefix, get_urlconf
        from django.utils import translation

        name = f"{self.url_base}_{action}"
        pk = None if obj is None else obj.pk
        if pk is not None and type(pk) is not int:
            try:
                return reverse(name, args=[pk])
            except NoReverseMatch:
                return ""
        key = (name, pk is None, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF, translation.get_language())
        parts = _URL_PARTS.get(key)
        if parts is None:
            try:
                parts = (reverse(name),) if pk is None else tuple(reverse(name, args=[_PK_MARK]).split(str(_PK_MARK)))
            except NoReverseMatch:
                parts = ("",) if pk is None else None
            if parts is not None and pk is not None and len(parts) != 2:
                parts = None  # the marker is not where the key goes: no shortcut for this address
            _URL_PARTS[key] = parts or ()
        if not parts:
            if pk is None:
                return ""
            try:
                return reverse(name, args=[pk])
            except NoReverseMatch:
                return ""
        return parts[0] if pk is None else f"{parts[0]}{pk}{parts[1]}"


_URL_PARTS = {}
_PK_MARK = 987654321012345


def register(model, **options):
    config = ModelConfig(model=model, **options)
    if config.list_columns is None:
        config.list_columns = ["__str__"]
    REGISTRY[model] = config
    return config


def config_for(model_or_obj):
    model = model_or_obj if isinstance(model_or_obj, type) else type(model_or_obj)
    return REGISTRY.get(model)


def add_panel(host_model, panel):
    """Let another app add a section to a registered model's detail page."""
    REGISTRY[host_model].panels.append(panel)


def object_url(obj):
    config = config_for(obj)
    return config.url("detail", obj) if config else ""
