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
    qualification = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    target_country = serializers.CharField(max_length=2)
    purpose = serializers.ChoiceField(choices=Purpose.choices)
    compare_with = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=2**31 - 1),
                                         required=False,
                                         help_text=_("Ids of qualifications of the target country to compare with."))


class RecognitionAssessView(APIView):
    """The engine's decision for a qualification, a target country and a purpose (nothing is written)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(parameters=[AssessQuerySerializer], responses=None, operation_id="recognition_assess")
    def get(self, request):
        if not can(request.user, "view", Qualification):
            raise PermissionDenied()
        params = {k: request.query_params.get(k) for k in ("qualification", "target_country", "purpose")
                  if k in request.query_params}
        params["compare_with"] = request.query_params.getlist("compare_with")
        query = AssessQuerySerializer(data=params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        decision = services.assess_qualification(data["qualification"], data["target_country"], data["purpose"],
                                                 actor=request.user, compare_with=data.get("compare_with"))
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


class CompareSerializer(serializers.Serializer):
    compared_with = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=2**31 - 1),
                                          allow_empty=True,
                                          help_text=_("Ids of qualifications of the target country (empty: the "
                                                      "engine's best proposal)."))
    version = serializers.IntegerField(help_text=_("The version you edited (optimistic locking)."))


class RecognitionCompareView(APIView):
    """Choose the qualification(s) a recognition case is compared with (recognition authority, secretariat)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=CompareSerializer, responses=None, operation_id="recognition_cases_compare")
    def post(self, request, pk):
        data = CompareSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = services.choose_comparison(request.user, pk, data.validated_data["compared_with"],
                                          data.validated_data["version"])
        return Response({"id": case.pk, "compared_with": sorted(case.compared_with.values_list("pk", flat=True)),
                         "version": case.version})


class RecognitionStatisticsView(APIView):
    """Decided cases per country pair (origin country of the qualification → target country) and outcome."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=None, operation_id="recognition_statistics")
    def get(self, request):
        if not can(request.user, "view", Qualification):
            raise PermissionDenied()
        return Response({"results": services.decision_statistics(request.user)})
