"""API for resources (read-only; access levels enforced) and the unified search."""
from django.urls import reverse
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

    def get_download_url(self, obj):
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


class SearchView(APIView):
    """Unified search: ?q=&type=&country=&year=&page= → hits and facet counts."""

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
