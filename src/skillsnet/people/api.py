"""API: the participation summary (counts, or a pseudonymised CSV with ?export=csv)."""
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import APIView

from skillsnet.accounts.permissions import can

from . import queries


class ParticipationSummaryView(APIView):
    """Counts of participations and people by sex, kind, country and activity; no names.

    `?export=csv` (or `xlsx`) returns, for roles with personal data, the participation rows they may view
    with pseudonyms instead of names and age groups instead of birth years; for every other role, the counts
    (group, key, label, participations, people) with "< 5" for groups of fewer than five people, and "≥ 5" for a
    count hidden so that a "< 5" cannot be worked out from the total (core.privacy.masked_breakdown). For such a
    role, a filter shows that filter's row of the unfiltered breakdown, as protected there (`withheld`: no
    breakdown, no attended/completed), and two filters at once answer 400 (people.queries.participation_counts)."""

    permission_classes = []  # checked below: anyone who may view activities

    @extend_schema(
        parameters=[OpenApiParameter(name, OpenApiTypes.STR, required=False) for name in queries.FILTERS]
        + [OpenApiParameter("export", OpenApiTypes.STR, enum=["csv", "xlsx"], required=False)],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        from skillsnet.activities.models import Activity

        if not request.user.is_authenticated:  # pseudonymised rows and counts are for signed-in roles
            raise exceptions.NotAuthenticated()
        if not can(request.user, "view", Activity):
            raise exceptions.PermissionDenied(_("You may not view activities."))
        filters = {k: request.query_params.get(k) for k in queries.FILTERS}
        export = request.query_params.get("export")
        try:
            if export in ("csv", "xlsx"):
                from .views import export_response

                header, rows, name = queries.export_table(request.user, filters)
                return export_response(header, rows, export, name)
            return Response(queries.participation_counts(request.user, filters))
        except queries.TooNarrow as exc:
            raise exceptions.ValidationError({"detail": str(exc)})
