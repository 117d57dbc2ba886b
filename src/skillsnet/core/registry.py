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
        try:
            if obj is None:
                return reverse(f"{self.url_base}_{action}")
            return reverse(f"{self.url_base}_{action}", args=[obj.pk])
        except NoReverseMatch:
            return ""


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
