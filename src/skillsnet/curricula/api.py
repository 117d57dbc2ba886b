"""API beyond the generic endpoints: the diff of two versions, adoptions by country."""
from django.core.exceptions import ValidationError
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from skillsnet.accounts.permissions import can, restrict

from . import queries
from .models import Adoption, CurriculumVersion


class CurriculumDiffView(APIView):
    """Modules added, removed and changed (field by field) from version `old` to version `new`, and hours totals."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=None, operation_id="curricula_versions_diff")
    def get(self, request, old, new):
        visible = restrict(CurriculumVersion.objects.all(), request.user, "view")
        try:
            a, b = visible.get(pk=old), visible.get(pk=new)
        except (CurriculumVersion.DoesNotExist, ValueError, ValidationError):
            raise Http404
        return Response(queries.diff_versions(a, b).as_dict())


class AdoptionByCountryView(APIView):
    """Per country: organisations, curricula, pilots, adoptions and trainees."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=None, operation_id="curricula_adoptions_by_country")
    def get(self, request):
        if not can(request.user, "view", Adoption):
            raise PermissionDenied()
        return Response({"results": queries.adoption_by_country(request.user)})
