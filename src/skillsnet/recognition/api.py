"""API beyond the generic endpoints: assess a qualification, decide a case, statistics per country pair."""
from dataclasses import asdict

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from skillsnet.accounts.permissions import can

from . import services
from .models import Outcome, Purpose, Qualification


class AssessQuerySerializer(serializers.Serializer):
    qualification = serializers.IntegerField()
    target_country = serializers.CharField(max_length=2)
    purpose = serializers.ChoiceField(choices=Purpose.choices)


class RecognitionAssessView(APIView):
    """The engine's decision for a qualification, a target country and a purpose (nothing is written)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(parameters=[AssessQuerySerializer], responses=None, operation_id="recognition_assess")
    def get(self, request):
        if not can(request.user, "view", Qualification):
            raise PermissionDenied()
        query = AssessQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        decision = services.assess_qualification(data["qualification"], data["target_country"], data["purpose"],
                                                 actor=request.user)
        return Response(asdict(decision))


class DecideSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    reasons = serializers.CharField(max_length=20000)
    conditions = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    target_qualification = serializers.IntegerField(required=False, allow_null=True)
    version = serializers.IntegerField(help_text=_("The version you edited (optimistic locking)."))


class RecognitionDecideView(APIView):
    """Decide a recognition case (recognition authority, secretariat)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=DecideSerializer, responses=None, operation_id="recognition_cases_decide")
    def post(self, request, pk):
        data = DecideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        case = services.decide_case(request.user, pk, d["outcome"], d["reasons"], d["version"],
                                    conditions=d.get("conditions"),
                                    target_qualification_id=d.get("target_qualification"))
        return Response({"id": case.pk, "status": case.status, "outcome": case.outcome, "version": case.version})


class RecognitionStatisticsView(APIView):
    """Decided cases per country pair (origin country of the qualification → target country) and outcome."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=None, operation_id="recognition_statistics")
    def get(self, request):
        if not can(request.user, "view", Qualification):
            raise PermissionDenied()
        return Response({"results": services.decision_statistics()})
