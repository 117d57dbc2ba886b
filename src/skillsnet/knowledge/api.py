"""API for resources (read-only; access levels enforced) and the unified search."""
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from skillsnet.core.text import compact, normalize

from . import search as search_engine
from .models import Resource
from .queries import visible_resources


class ResourceSerializer(serializers.ModelSerializer):
    display = serializers.CharField(source="__str__", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Resource
        fields = ["id", "display", "version", "title", "title_zh_hans", "title_lo", "title_km", "title_id",
                  "summary", "summary_zh_hans", "summary_lo", "summary_km", "summary_id", "kind", "access", "published",
                  "tags", "fields", "countries", "organisations", "file_type", "file_size", "download_url"]

    def get_download_url(self, obj) -> str | None:
        return reverse("knowledge:resource_download", args=[obj.pk]) if obj.file else None


class ResourceViewSet(viewsets.ReadOnlyModelViewSet):
    """Resources the user may see (restrict() and the resource's access level). `q` searches titles,
    summaries and the text inside the file, in any script."""

    serializer_class = ResourceSerializer
    queryset = Resource.objects.all()

    def get_queryset(self):
        qs = visible_resources(self.request.user).prefetch_related("fields", "countries", "organisations")
        q = (self.request.query_params.get("q") or "").strip()[:200]
        if q:
            from django.db.models import Q

            cond = Q(extracted_text__icontains=normalize(q)) | Q(extracted_text__icontains=compact(q))
            for column in ("title", "title_zh_hans", "title_lo", "title_km", "title_id", "summary"):
                cond |= Q(**{f"{column}__icontains": q})
            qs = qs.filter(cond)
        kind = self.request.query_params.get("kind")
        if kind:
            qs = qs.filter(kind=kind)
        return qs.order_by("-published", "title", "pk")


_FACET_VALUE = inline_serializer("SearchFacetValue", {
    "value": serializers.CharField(), "label": serializers.CharField(), "count": serializers.IntegerField()})
_SEARCH_RESULT = inline_serializer("SearchResults", {
    "q": serializers.CharField(), "count": serializers.IntegerField(), "page": serializers.IntegerField(),
    "pages": serializers.IntegerField(),
    "results": inline_serializer("SearchHit", {
        "type": serializers.CharField(), "title": serializers.CharField(), "url": serializers.CharField(),
        "snippet": serializers.CharField(), "year": serializers.IntegerField(allow_null=True),
        "countries": serializers.ListField(child=serializers.CharField())}, many=True),
    "facets": serializers.DictField(child=serializers.ListField(child=_FACET_VALUE))})


class SearchView(APIView):
    """Unified search: ?q=&type=&country=&year=&page= → hits and facet counts."""

    @extend_schema(operation_id="knowledge_search", responses=_SEARCH_RESULT, parameters=[
        OpenApiParameter("q", OpenApiTypes.STR, description="words to look for (any script)"),
        OpenApiParameter("type", OpenApiTypes.STR, description="one kind of record (a facet value of `type`)"),
        OpenApiParameter("country", OpenApiTypes.STR, description="ISO 3166-1 alpha-2 code"),
        OpenApiParameter("year", OpenApiTypes.INT), OpenApiParameter("page", OpenApiTypes.INT)])
    def get(self, request):
        p = request.query_params
        try:
            page = int(p.get("page", 1))
        except ValueError:
            page = 1
        result = search_engine.search(request.user, p.get("q", ""), kind=p.get("type"), country=p.get("country"),
                                      year=p.get("year"), page=page)
        return Response({
            "q": result.q, "count": result.total, "page": result.page, "pages": result.pages,
            "results": [{"type": h.kind, "title": h.title, "url": h.url, "snippet": str(h.snippet), "year": h.year,
                         "countries": h.countries} for h in result.hits],
            "facets": {name: [{"value": v, "label": str(label), "count": n} for v, label, n in values]
                       for name, values in result.facets.items()},
        })
