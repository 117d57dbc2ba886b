"""The OpenAPI document, generated once per process (and language) and then served from memory.

drf-spectacular builds the schema on every request and loads its extension classes lazily; two threads
building it at once on a fresh server raced (7 of 8 simultaneous first requests answered 500). Generation
now happens under a lock, once: `skillsnet serve` generates it in the master process before the workers
fork (`warm()`), so every worker starts with it.
"""
import threading

from django.conf import settings
from django.utils import translation
from drf_spectacular.views import SpectacularAPIView
from rest_framework.response import Response

_lock = threading.Lock()
_schemas = {}


def schema_for(generator_class, version, public, language, request=None):
    key = (generator_class, version, public, language)
    schema = _schemas.get(key)
    if schema is None:
        with _lock:
            schema = _schemas.get(key)
            if schema is None:
                generator = generator_class(api_version=version)
                schema = generator.get_schema(request=request, public=public)
                _schemas[key] = schema
    return schema


def clear():
    with _lock:
        _schemas.clear()


def warm():
    """Build the schema for the default language now (serve calls this before forking its workers)."""
    view = CachedSchemaView
    with translation.override(settings.LANGUAGE_CODE):
        return schema_for(view.generator_class, view.api_version, view.serve_public, translation.get_language())


class CachedSchemaView(SpectacularAPIView):
    def _get_schema_response(self, request):
        version = self.api_version or request.version or self._get_version_parameter(request)
        if self.urlconf is not None or self.patterns is not None or self.custom_settings:
            return super()._get_schema_response(request)  # a customised view: not cached
        schema = schema_for(self.generator_class, version, self.serve_public, translation.get_language(), request)
        return Response(data=schema,
                        headers={"Content-Disposition": f'inline; filename="{self._get_filename(request, version)}"'})
