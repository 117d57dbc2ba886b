"""Skills gaps over the API (documented in the OpenAPI schema): demand against training supply per country ×
occupation group, the same figures as the gaps page, scoped by the rules."""
from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication

from skillsnet.accounts.tokens import TokenAuthentication
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from skillsnet.accounts.permissions import can
from skillsnet.results.labels import country_code

from . import queries
from .models import DemandSignal


@extend_schema_field({"oneOf": [{"type": "integer"}, {"type": "string", "enum": ["< 5", "≥ 5", "—"]}]})
class CountField(serializers.Field):
    """A count of people (or a rate over them): a number, or the marker the small-count rules left (core.privacy):
    "< 5", "≥ 5", or "—" for a rate whose counts are hidden."""

    def to_representation(self, value):
        return value


class GapSerializer(serializers.Serializer):
    country = serializers.CharField()
    occupation_group = serializers.CharField(help_text="ISCO-08 code of the group")
    demand_signals = serializers.IntegerField()
    demand_quantity = serializers.IntegerField(allow_null=True, help_text="stated demand, when stated as a number")
    demand_level = serializers.CharField(allow_blank=True)
    annual_intake = serializers.IntegerField()
    programmes = serializers.IntegerField()
    institutions = serializers.IntegerField()
    completions = CountField(help_text="people who completed training for the group; a number, or \"< 5\" / "
                                       "\"≥ 5\" for roles that may not see small counts of people")
    gap = serializers.IntegerField(allow_null=True, help_text="stated demand minus annual intake")
    employment_rate = CountField(allow_null=True, help_text="% of traced trainees employed; \"—\" where the counts "
                                                            "it comes from are hidden")
    assessment = serializers.CharField()
    demand_by_year = serializers.DictField(child=serializers.IntegerField())
    completions_by_year = serializers.DictField(child=CountField())


LEVEL = OpenApiParameter("level", str, enum=["major", "sub-major", "minor", "unit"],
                         description="ISCO-08 grouping (default minor groups)")


class GapsView(APIView):
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="labour_skills_gaps", responses=GapSerializer(many=True),
                   parameters=[LEVEL, OpenApiParameter("country", str, description="ISO country code"),
                               OpenApiParameter("occupation", str, description="ISCO-08 code")],
                   description="Skills-demand signals against training supply (programmes, intake, completions) "
                               "per country × occupation group.")
    def get(self, request):
        if not can(request.user, "view", DemandSignal):
            raise PermissionDenied
        level = request.query_params.get("level") or "minor"
        if level not in queries.LEVEL_DIGITS:
            level = "minor"
        country = country_code(request.query_params.get("country"))
        occupation = request.query_params.get("occupation") or ""
        occupation = occupation if occupation.isascii() and occupation.isdigit() and len(occupation) <= 4 else None
        cells = queries.gap_analysis(request.user, level=level, country=country, occupation=occupation)
        data = []
        for c in cells:
            people = queries.shown_people(c, request.user)
            data.append({
                "country": c.country, "occupation_group": c.code, "demand_signals": c.signals,
                "demand_quantity": c.demand_quantity if c.quantified else None, "demand_level": c.demand_level,
                "annual_intake": c.intake, "programmes": c.programmes, "institutions": len(c.institutions),
                "completions": people["completions"], "gap": c.gap,
                "employment_rate": people["employment_rate"], "assessment": str(c.assessment),
                "demand_by_year": {str(k): v for k, v in c.demand_years.items()},
                "completions_by_year": {str(k): v for k, v in people["by_year"].items()}})
        return Response(GapSerializer(data, many=True).data)
