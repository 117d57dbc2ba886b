"""Generic REST API: one viewset per registered model, writing through the same services as the UI."""
import copy

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from . import privacy
from .i18n import pinned_language
from .scoping import can

from . import services
from .models import ChangeLogEntry
from .registry import REGISTRY


class ChangeLogEntrySerializer(serializers.ModelSerializer):
    object_type = serializers.CharField(source="content_type.model", read_only=True)

    class Meta:
        model = ChangeLogEntry
        fields = ["id", "time", "actor_name", "action", "object_type", "object_id", "object_repr",
                  "before", "after", "source", "request_id", "reason"]


class DisplayField(serializers.CharField):
    """The record's text (`str(record)`), read-only. DRF's `source="__str__"` inspects the bound method's signature
    on every row (a tenth of a list page's serialisation); this calls it."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        if getattr(type(instance), "label_links", ()):  # a text that names a person (core.privacy.record_label)
            return privacy.record_label(_request_user(self.parent) if self.parent is not None else None, instance)
        return instance.__str__()


class KeyRelatedField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {
        "does_not_exist": _("Unknown value “{pk_value}”: no such record."),
        "incorrect_type": _("Give the id or code of the record, not {data_type}."),
    }


def _request_user(serializer):
    request = serializer.context.get("request")
    return getattr(request, "user", None)


def masked_link_fields(user, model):
    """The link fields of `model` whose linked records `user` may not all see: the ones `mask_links` checks."""
    if user is None:
        from django.contrib.auth.models import AnonymousUser

        user = AnonymousUser()
    return [field for field in model._meta.get_fields()
            if field.is_relation and field.concrete and field.related_model is not None
            and not privacy.sees_all(user, field.related_model)]


def mask_links(user, instance, data, fields=None):
    """Links to records `user` may not see (people, non-public records) come back as null / left out.

    `fields`: `masked_link_fields(user, type(instance))` when the caller has it (a list page asks it once, not once
    per row: the answer is the same for every row of a request)."""
    if user is None:
        from django.contrib.auth.models import AnonymousUser

        user = AnonymousUser()
    for field in masked_link_fields(user, type(instance)) if fields is None else fields:
        if field.name not in data:
            continue
        value = data[field.name]
        if field.many_to_many and isinstance(value, list):
            shown = {str(k) for k in privacy.visible_ids(user, field.related_model, value)}
            data[field.name] = [v for v in value if str(v) in shown]
        elif value is not None and not isinstance(value, (dict, list)):
            if not privacy.visible_ids(user, field.related_model, [getattr(instance, field.attname)]):
                data[field.name] = None
        elif isinstance(value, dict):  # a nested object
            if not privacy.visible_ids(user, field.related_model, [getattr(instance, field.attname)]):
                data[field.name] = None
    return data


def prefetch_link_visibility(user, instances):
    """One query per linked model for a whole page: which of the page's links `user` may see.

    `privacy.visible_ids` keeps the answers on the user for the request, so `mask_links` of each row then asks
    nothing more (before, a list page asked once per row and link: 50 queries for a coordinator's page)."""
    if user is None or not instances:
        return
    for field in instances[0]._meta.get_fields():
        if not (field.is_relation and field.concrete and field.related_model is not None) or field.many_to_many:
            continue
        if privacy.sees_all(user, field.related_model):
            continue
        privacy.visible_ids(user, field.related_model, {getattr(obj, field.attname) for obj in instances})


class MaskedListSerializer(serializers.ListSerializer):
    def to_representation(self, data):
        items = list(data.all() if hasattr(data, "all") else data)
        user = _request_user(self)
        prefetch_link_visibility(user, items)
        child = self.child
        if items and isinstance(child, MaskedLinksMixin):
            child._masked_links = (type(items[0]), masked_link_fields(user, type(items[0])))
        # the language cannot change while a list is written out: the records' names (__str__, localized) read it
        # once instead of from Django's context-local state for every row and name
        try:
            with pinned_language():
                return super().to_representation(items)
        finally:
            child.__dict__.pop("_masked_links", None)


_BUILT_FIELDS = {}  # (serializer class, language) -> its fields as ModelSerializer.get_fields builds them


class MaskedLinksMixin:
    """Serializers of every door: links to records the caller may not see are masked."""

    @classmethod
    def many_init(cls, *args, **kwargs):
        # DRF's own many_init; where no Meta (own or inherited) names a list class, DRF's plain ListSerializer
        # becomes the masked list (a subclass that adds no state). Meta itself is left as declared.
        result = super().many_init(*args, **kwargs)
        if type(result) is serializers.ListSerializer:
            result.__class__ = MaskedListSerializer
        return result

    def get_fields(self):
        """DRF builds a model serializer's fields from the model on every request (a tenth of an activities list
        page); they depend on the class and, for their labels, the language only: built once per class and
        language, and every serializer gets a deep copy, as DRF gives each its declared fields."""
        from django.utils import translation

        key = (type(self), translation.get_language())
        built = _BUILT_FIELDS.get(key)
        if built is None:
            built = _BUILT_FIELDS[key] = super().get_fields()
        return copy.deepcopy(built)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        model, fields = getattr(self, "_masked_links", (None, None))
        return mask_links(_request_user(self), instance, data, fields if type(instance) is model else None)


class VersionedSerializer(MaskedLinksMixin, serializers.ModelSerializer):
    serializer_related_field = KeyRelatedField

    version = serializers.IntegerField(required=False, help_text="The version you edited (optimistic locking).")

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["version"] = instance.version
        return data


def serializer_for(config):
    if config.serializer:
        return config.serializer
    model = config.model
    pk = model._meta.pk.name
    versioned = hasattr(model, "version")
    meta = type("Meta", (), {"model": model, "fields": [pk, *(["version"] if versioned else []), *config.fields]})
    attrs = {"Meta": meta}
    if hasattr(model, "__str__"):
        attrs["display"] = DisplayField()
        meta.fields.insert(1, "display")
    for name in config.list_fields:
        attrs[name] = serializers.ListField(child=serializers.CharField(max_length=300), required=False)
    base = VersionedSerializer if versioned else type("ReferenceSerializer",
                                                      (MaskedLinksMixin, serializers.ModelSerializer), {})
    return type(f"{model.__name__}Serializer", (base,), attrs)


class ModelViewSet(viewsets.ModelViewSet):
    config = None

    def get_queryset(self):
        config = self.config
        qs = config.model._default_manager.for_user(self.request.user, "view")
        if self.action == "list":
            # a list page: the related rows of the page's rows only (see core.views.with_related); the generic
            # serializer writes links as keys, so only what the records' text reads
            names = config.select_related if config.serializer or config.display_related is None \
                else config.display_related
            if names:
                qs = qs.prefetch_related(*names)
        elif config.select_related:
            qs = qs.select_related(*config.select_related)
        return qs.order_by(*(config.model._meta.ordering or ["pk"]), "pk")

    def get_object(self):
        try:
            return super().get_object()
        except (DjangoValidationError, ValueError, TypeError):
            raise Http404

    def _expected_version(self, request):
        version = request.data.get("version") if hasattr(request.data, "get") else None
        if version in (None, ""):
            version = request.headers.get("If-Match", "").strip('"') or None
        return version

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("version", None)
        config = self.config
        create = config.create or (lambda a, d, r: services.create_object(a, config.model, d, reason=r))
        obj = create(request.user, data, request.data.get("reason", "") if hasattr(request.data, "get") else "")
        return Response(self.get_serializer(obj).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        instance = self.get_object()
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("version", None)
        config = self.config
        update = config.update or (lambda a, p, c, v, r: services.update_object(
            a, config.model, p, c, expected_version=v, reason=r))
        obj = update(request.user, instance.pk, data, self._expected_version(request),
                     request.data.get("reason", "") if hasattr(request.data, "get") else "")
        return Response(self.get_serializer(obj).data)

    def destroy(self, request, *args, **kwargs):
        instance = self.get_object()
        config = self.config
        delete = config.delete or (lambda a, p, v, r: services.delete_object(
            a, config.model, p, expected_version=v, reason=r))
        delete(request.user, instance.pk, self._expected_version(request), "")
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses=ChangeLogEntrySerializer(many=True))
    @action(detail=True, methods=["get"])
    def history(self, request, pk=None):
        obj = self.get_object()
        if not can(request.user, "history", obj):
            raise Http404
        page = self.paginate_queryset(privacy.history_for(request.user, obj))
        return self.get_paginated_response(ChangeLogEntrySerializer(page, many=True).data)


def viewset_for(config):
    from .views import filterset_class

    return type(f"{config.model.__name__}ViewSet", (ModelViewSet,), {
        "config": config,
        "queryset": config.model._default_manager.all(),
        "serializer_class": serializer_for(config),
        "filterset_class": filterset_class(config),
        "http_method_names": ["get", "head", "options"] if config.readonly else
        ["get", "post", "put", "patch", "delete", "head", "options"],
    })


def register_api(router):
    for config in REGISTRY.values():
        if config.api:
            prefix = f"{config.model._meta.app_label}/{config.slug}"
            router.register(prefix, viewset_for(config), basename=config.api_basename or config.url_base)


class ChangeLogViewSet(viewsets.ReadOnlyModelViewSet):
    """The change log of every object the user may see (secretariat: everything)."""

    serializer_class = ChangeLogEntrySerializer
    queryset = ChangeLogEntry.objects.select_related("content_type")
    filterset_fields = ["action", "source", "object_id", "actor_name", "request_id"]

    def get_queryset(self):
        return super().get_queryset().for_user(self.request.user, "view")
