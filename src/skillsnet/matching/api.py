"""Partner suggestions (with every component of their explanation) and network metrics over the API,
documented in the OpenAPI schema and scoped by the rules, as the matching pages show them."""
from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication

from skillsnet.accounts.tokens import TokenAuthentication
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from skillsnet.accounts.permissions import can
from skillsnet.results.labels import country_code
from skillsnet.directory.models import Organisation

from . import network
from .queries import rank_partners


class ComponentSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    points = serializers.IntegerField()
    reasons = serializers.ListField(child=serializers.CharField(), help_text="each reason with its points")


class SuggestionSerializer(serializers.Serializer):
    organisation = serializers.IntegerField()
    name = serializers.CharField()
    country = serializers.CharField(allow_null=True)
    score = serializers.IntegerField()
    existing_partner = serializers.BooleanField()
    components = ComponentSerializer(many=True)


class NodeSerializer(serializers.Serializer):
    organisation = serializers.IntegerField()
    name = serializers.CharField()
    country = serializers.CharField(allow_blank=True)
    kind = serializers.CharField(allow_blank=True)
    degree = serializers.IntegerField()
    ties = serializers.IntegerField()
    cross_border = serializers.IntegerField()
    betweenness = serializers.FloatField()
    component = serializers.IntegerField()


class NetworkSerializer(serializers.Serializer):
    node_count = serializers.IntegerField()
    edge_count = serializers.IntegerField()
    cross_border_count = serializers.IntegerField()
    components = serializers.ListField(child=serializers.IntegerField(), help_text="sizes of connected parts")
    betweenness_estimated = serializers.BooleanField()
    growth = serializers.ListField(child=serializers.DictField(), help_text="[{year, new, total}]")
    country_pairs = serializers.ListField(child=serializers.DictField(), help_text="[{a, b, ties}]")
    nodes = NodeSerializer(many=True)


class _View(APIView):
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated]


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class SuggestionsView(_View):
    @extend_schema(operation_id="matching_partner_suggestions", responses=SuggestionSerializer(many=True),
                   parameters=[OpenApiParameter("country", str, description="partners in this country (ISO code)"),
                               OpenApiParameter("kind", str, description="organisation kind, or all"),
                               OpenApiParameter("limit", int, description="at most this many (1-50, default 20)")],
                   description="Partner institutions ranked for an organisation, each with the components of its "
                               "score and the reasons behind every point.")
    def get(self, request, pk):
        organisation = Organisation.objects.for_user(request.user, "view").filter(pk=pk).first()
        if organisation is None:
            raise Http404
        limit = min(max(_int(request.query_params.get("limit")) or 20, 1), 50)
        country = country_code(request.query_params.get("country"))
        kinds = {k for k, _l in Organisation.Kind.choices} | {"all"}
        kind = request.query_params.get("kind") if request.query_params.get("kind") in kinds else None
        data = [{"organisation": s.organisation.pk, "name": str(s.organisation),
                 "country": s.organisation.country_id, "score": s.score, "existing_partner": s.existing_partner,
                 "components": [{"key": c.key, "label": str(c.label), "points": c.points,
                                 "reasons": [str(x) for x in c.sentences]} for c in s.components]}
                for s in rank_partners(request.user, organisation, limit=limit, country=country, kind=kind)]
        return Response(SuggestionSerializer(data, many=True).data)


class NetworkView(_View):
    @extend_schema(operation_id="matching_network_metrics", responses=NetworkSerializer,
                   parameters=[OpenApiParameter("country", str, description="ties of this country's organisations"),
                               OpenApiParameter("until", int, description="ties that began by this year")],
                   description="Network analytics of the ties between organisations: size, connected parts, "
                               "centrality of each organisation, growth by year and the country-pair matrix.")
    def get(self, request):
        if not can(request.user, "view", Organisation):
            raise PermissionDenied
        country = country_code(request.query_params.get("country"))
        graph = network.build_graph(request.user, country=country, until_year=_int(request.query_params.get("until")))
        stats = network.analyse(graph)
        data = {
            "node_count": stats["node_count"], "edge_count": stats["edge_count"],
            "cross_border_count": stats["cross_border_count"], "components": stats["components"],
            "betweenness_estimated": stats["betweenness_estimated"],
            "growth": [{"year": y, "new": n, "total": t} for y, n, t in stats["growth"]],
            "country_pairs": [{"a": a, "b": b, "ties": n} for a, b, n in stats["pairs"]],
            "nodes": [{"organisation": s.pk, "name": s.name, "country": s.country or "", "kind": s.kind or "",
                       "degree": s.degree, "ties": s.ties, "cross_border": s.cross_border,
                       "betweenness": s.betweenness, "component": s.component} for s in stats["nodes"][:500]],
        }
        return Response(NetworkSerializer(data).data)
