"""Matching, the person's own data, consent and application moves over the API (the generic viewsets cover the
models' lists, details, writes and history). Same functions as the UI (queries.py, services.py)."""
from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from skillsnet.accounts.permissions import may_see_personal_data
from skillsnet.core.services import NotFound, get_for

from . import queries, services
from .models import JobSeekerProfile, Vacancy

AUTH = [TokenAuthentication, SessionAuthentication]


class MatchComponentSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    points = serializers.IntegerField()
    reasons = serializers.ListField(child=serializers.CharField())


class CandidateSerializer(serializers.Serializer):
    profile = serializers.IntegerField(source="obj.pk")
    person = serializers.CharField(source="obj.person.__str__")
    score = serializers.IntegerField()
    components = MatchComponentSerializer(many=True)


class VacancyMatchSerializer(serializers.Serializer):
    vacancy = serializers.IntegerField(source="obj.pk")
    title = serializers.CharField(source="obj.title")
    employer = serializers.CharField(source="obj.employer.__str__")
    country = serializers.CharField(source="obj.country_id")
    is_example = serializers.BooleanField(source="obj.is_example")
    score = serializers.IntegerField()
    components = MatchComponentSerializer(many=True)


LIMIT = OpenApiParameter("limit", int, description="how many (1–200, default 50)")


def _limit(request):
    try:
        return max(1, min(int(request.query_params.get("limit", 50)), 200))
    except (TypeError, ValueError):
        return 50


class CandidatesView(APIView):
    authentication_classes = AUTH
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="employment_vacancy_candidates", responses=CandidateSerializer(many=True),
                   parameters=[LIMIT], description="Consenting job seekers ranked for a vacancy; each score is the "
                   "sum of named components with their reasons.")
    def get(self, request, pk):
        try:
            vacancy = get_for(request.user, Vacancy, pk, "view")
        except NotFound:
            raise Http404
        if not may_see_personal_data(request.user, JobSeekerProfile):
            raise PermissionDenied
        return Response(CandidateSerializer(queries.rank_profiles(request.user, vacancy, limit=_limit(request)),
                                            many=True).data)


class VacanciesForProfileView(APIView):
    authentication_classes = AUTH
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="employment_profile_vacancies", responses=VacancyMatchSerializer(many=True),
                   parameters=[LIMIT], description="Open vacancies ranked for a job-seeker profile (the person's "
                   "own, or one the user may see), with the components of each score.")
    def get(self, request, pk):
        own = queries.own_profile(request.user)
        if own is not None and str(own.pk) == str(pk):
            profile = own
        else:
            profile = JobSeekerProfile.objects.for_user(request.user, "view").filter(pk=pk).first() \
                if str(pk).isdigit() else None
        if profile is None:
            raise Http404
        return Response(VacancyMatchSerializer(queries.rank_vacancies(profile, limit=_limit(request)),
                                               many=True).data)


class MyDataView(APIView):
    authentication_classes = AUTH
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="employment_my_data", responses=dict,
                   description="Everything skillsnet holds about the signed-in person.")
    def get(self, request):
        data = queries.my_data(request.user)
        if data is None:
            raise Http404
        return Response(data)


class ConsentSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["give", "revoke"])


class ConsentView(APIView):
    authentication_classes = AUTH
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="employment_my_consent", request=ConsentSerializer, responses=dict,
                   description="Give or revoke the consent of the signed-in person's job-seeker profile.")
    def post(self, request):
        profile = queries.own_profile(request.user)
        if profile is None:
            raise Http404
        data = ConsentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if data.validated_data["action"] == "give":
            profile = services.give_consent(request.user, profile.pk)
        else:
            profile = services.revoke_consent(request.user, profile.pk)
        return Response({"consent_in_force": profile.consent_in_force})


class MoveSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=["shortlisted", "interview", "offer", "hired", "not_hired"])
    start_date = serializers.DateField(required=False)


class MoveView(APIView):
    authentication_classes = AUTH
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="employment_application_move", request=MoveSerializer, responses=dict,
                   description="Move an application on (shortlist, interview, offer, hired / not hired).")
    def post(self, request, pk):
        data = MoveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            app = services.move_application(request.user, pk, data.validated_data["stage"],
                                            start_date=data.validated_data.get("start_date"))
        except NotFound:
            raise Http404
        return Response({"id": app.pk, "stage": app.stage, "stage_dates": app.stage_dates})


class OpenVacanciesView(APIView):
    authentication_classes = AUTH
    permission_classes = [AllowAny]

    @extend_schema(operation_id="employment_open_vacancies", responses=dict,
                   description="Open vacancies (public) as schema.org JobPosting objects.")
    def get(self, request):
        base = request.build_absolute_uri("/")[:-1]
        return Response([queries.job_posting(v, base) for v in queries.open_vacancies()[:500]])
