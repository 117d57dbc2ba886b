"""The computed views of the results framework over the API (documented in the OpenAPI schema): a project's
framework for a period (approved and live values, drift, targets), an indicator's actuals by period with their
disaggregations, and the figures sources report beside what the records count. Reads are scoped by the rules
(`for_user`); counts of fewer than five people show as "< 5" to roles that may not see personal data."""
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication

from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from skillsnet.accounts.tokens import TokenAuthentication
from skillsnet.core.privacy import linked_name

from .labels import country_code, dims_label
from .models import Indicator, Project, ReportedFigure
from .privacy import counts_people, shown_framework, shown_frozen, shown_reconciliation, shown_value
from .queries import approval_for, framework, frozen_value, reconcile, resolve_period

PERIOD = OpenApiParameter("period", str, description="2025, 2025-Q2, a period id or label (e.g. FY2025); "
                                                     "empty: all time")
COUNTRY = OpenApiParameter("country", str, description="one recipient country (ISO code); empty: all")


def text(value):
    return None if value is None else str(value)


class CellSerializer(serializers.Serializer):
    dims = serializers.DictField(child=serializers.CharField(), help_text="e.g. {\"sex\": \"female\"}")
    label = serializers.CharField(help_text="the cell in words, in the user's language")
    value = serializers.CharField(allow_null=True, help_text="a decimal, or \"< 5\"")
    numerator = serializers.CharField(allow_null=True, required=False)
    denominator = serializers.CharField(allow_null=True, required=False)


class ValueSerializer(serializers.Serializer):
    total = serializers.CharField(allow_null=True, help_text="a decimal, or \"< 5\"")
    numerator = serializers.CharField(allow_null=True)
    denominator = serializers.CharField(allow_null=True)
    cells = CellSerializer(many=True)
    notes = serializers.ListField(child=serializers.CharField(), required=False)


class ApprovedSerializer(ValueSerializer):
    approved_at = serializers.DateTimeField(allow_null=True)
    revision = serializers.IntegerField(allow_null=True, help_text="revision of the definition approved")
    current_revision = serializers.IntegerField(allow_null=True)
    definition_changed = serializers.BooleanField()
    live_same_definition = serializers.CharField(allow_null=True, help_text="what the records give now under "
                                                                            "the approved definition")
    drift = serializers.CharField(allow_null=True, help_text="live (approved definition) minus approved")


class CellTargetSerializer(serializers.Serializer):
    cell = serializers.DictField(child=serializers.CharField())
    value = serializers.CharField()
    actual = serializers.CharField(allow_null=True)
    pct_of_target = serializers.CharField(allow_null=True)


class IndicatorResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField()
    method = serializers.CharField()
    measure = serializers.CharField(allow_blank=True)
    baseline = serializers.CharField(allow_null=True)
    baseline_year = serializers.IntegerField(allow_null=True)
    target = serializers.CharField(allow_null=True)
    value = serializers.CharField(allow_null=True, help_text="the approved value once approved, else the live one")
    pct_of_target = serializers.CharField(allow_null=True)
    live = ValueSerializer()
    approved = ApprovedSerializer(allow_null=True)
    life_of_project_target = serializers.CharField(allow_null=True)
    cumulative_actual = serializers.CharField(allow_null=True)
    cell_targets = CellTargetSerializer(many=True)
    shared_with_projects = serializers.ListField(child=serializers.CharField())
    shared_value = serializers.CharField(allow_null=True)


class ResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField(allow_blank=True)
    title = serializers.CharField()
    level = serializers.CharField()
    depth = serializers.IntegerField()
    narrative = serializers.CharField(allow_null=True)
    indicators = IndicatorResultSerializer(many=True)


class ApprovalSerializer(serializers.Serializer):
    status = serializers.CharField()
    approved_at = serializers.DateTimeField(allow_null=True)
    approved_by = serializers.CharField(allow_null=True)


class ResultsFrameworkSerializer(serializers.Serializer):
    project = serializers.CharField()
    period = serializers.CharField(allow_null=True)
    span = serializers.CharField()
    country = serializers.CharField(allow_null=True)
    approval = ApprovalSerializer(allow_null=True)
    results = ResultSerializer(many=True)


class PeriodActualSerializer(serializers.Serializer):
    period = serializers.CharField()
    period_id = serializers.IntegerField()
    start = serializers.DateField(allow_null=True)
    end = serializers.DateField(allow_null=True)
    approval = serializers.CharField()
    target = serializers.CharField(allow_null=True)
    live = ValueSerializer()
    approved = ApprovedSerializer(allow_null=True)


class IndicatorActualsSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    project = serializers.CharField()
    disaggregations = serializers.ListField(child=serializers.CharField())
    periods = PeriodActualSerializer(many=True)


class ReportedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    subject = serializers.CharField()
    counts = serializers.CharField()
    statement = serializers.CharField(allow_blank=True)
    qualifier = serializers.CharField()
    reported = serializers.CharField()
    recorded = serializers.CharField(allow_null=True)
    ratio = serializers.CharField(allow_null=True)
    agrees = serializers.BooleanField(allow_null=True)
    span = serializers.CharField()
    reported_countries = serializers.ListField(child=serializers.CharField())
    recorded_countries = serializers.ListField(child=serializers.CharField(), allow_null=True)
    notes = serializers.ListField(child=serializers.CharField())
    source = serializers.CharField()
    source_url = serializers.CharField(allow_blank=True)
    indicator = serializers.CharField(allow_null=True)


# ---------------------------------------------------------------- payloads
def value_payload(shown):
    """A live Actual or an approved Frozen as the API shows it, from privacy.shown_value."""
    cells = [{"dims": {k: str(v) for k, v in r["dims"].items()}, "label": dims_label(r["dims"]),
              "value": text(r["value"]), "numerator": text(r.get("numerator")),
              "denominator": text(r.get("denominator"))} for r in shown["rows"]]
    return {"total": text(shown["total"]), "numerator": text(shown["numerator"]),
            "denominator": text(shown["denominator"]), "cells": cells,
            "notes": [str(n) for n in shown["notes"]]}


def approved_payload(shown):
    if shown is None:
        return None
    return {**value_payload(shown), "approved_at": shown["approved_at"], "revision": shown["revision"],
            "current_revision": shown["current_revision"], "definition_changed": shown["definition_changed"],
            "live_same_definition": text(shown["live_same_definition"]), "drift": text(shown["drift"])}


def indicator_payload(item):
    ind, shown = item["indicator"], item["shown"]
    return {
        "id": ind.pk, "code": ind.code, "name": str(ind.name), "unit": ind.unit, "method": ind.method,
        "measure": ind.measure, "baseline": text(ind.baseline_value), "baseline_year": ind.baseline_year,
        "target": text(item["target"].value) if item["target"] else None,
        "value": text(shown["value"]), "pct_of_target": text(shown["pct_of_target"]),
        "live": value_payload(shown["live"]),
        "approved": approved_payload(shown["approved"]),
        "life_of_project_target": text(item["life_target"].value) if item["life_target"] else None,
        "cumulative_actual": text(shown["life_actual"]),
        "cell_targets": [{"cell": t.dims, "value": text(t.value), "actual": text(v),
                          "pct_of_target": text(p)} for t, v, p in shown["cell_targets"]],
        "shared_with_projects": [str(c) for c in item["shared_codes"]],
        "shared_value": text(shown["shared_value"]) if item["shared_codes"] else None,
    }


def reported_payload(figure, user):
    r = shown_reconciliation(reconcile(figure), user)
    return {"id": figure.pk, "subject": str(figure.subject), "counts": figure.counts, "statement": figure.statement,
            "qualifier": figure.qualifier, "reported": text(figure.value), "recorded": text(r["recorded"]),
            "ratio": text(r["ratio"]), "agrees": r["agrees"], "span": r["span"],
            "reported_countries": r["reported_countries"], "recorded_countries": r["recorded_countries"],
            "notes": [str(n) for n in r["notes"]], "source": figure.source.title, "source_url": figure.source.url,
            "indicator": figure.indicator.code if figure.indicator_id else None}


# ---------------------------------------------------------------- views
class ScopedAPIView(APIView):
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated]

    def project(self, pk):
        project = Project.objects.for_user(self.request.user, "view").filter(pk=pk).first()
        if project is None:
            raise Http404(_("Not found."))
        return project

    def period_of(self, project):
        try:
            return resolve_period(project, self.request.query_params.get("period", ""))
        except ValueError as exc:
            raise Http404(str(exc))

    def country(self):
        return country_code(self.request.query_params.get("country"))


class ProjectFrameworkView(ScopedAPIView):
    @extend_schema(operation_id="results_project_framework", parameters=[PERIOD, COUNTRY],
                   responses=ResultsFrameworkSerializer,
                   description="The project's results framework for a period: per indicator the baseline, target, "
                               "approved value (once approved) and live value, the drift since approval, % of "
                               "target, life-of-project target and cumulative actual, and every disaggregation "
                               "cell. A project counts only the activities attributed to it.")
    def get(self, request, pk):
        project = self.project(pk)
        period, span = self.period_of(project)
        country = self.country()
        approval = approval_for(period, country)
        rows = shown_framework(framework(project, period, span=span, country=country, user=request.user),
                               request.user)
        data = {
            "project": project.code, "period": str(period) if period is not None else None, "span": span.label(),
            "country": country,
            "approval": {"status": approval.status, "approved_at": approval.approved_at,
                         "approved_by": linked_name(request.user, approval, "approved_by")}
            if approval else None,
            "results": [{"id": b["node"].pk, "code": b["node"].code, "title": str(b["node"].title),
                         "level": b["node"].level, "depth": b["depth"],
                         "narrative": b["narrative"].text if b["narrative"] else None,
                         "indicators": [indicator_payload(item) for item in b["indicators"]]}
                        for b in rows]}
        return Response(ResultsFrameworkSerializer(data).data)


class IndicatorActualsView(ScopedAPIView):
    @extend_schema(operation_id="results_indicator_actuals", parameters=[COUNTRY],
                   responses=IndicatorActualsSerializer,
                   description="An indicator's actual value in every reporting period of its project, with every "
                               "disaggregation cell: live, and as approved (with the drift since) where approved.")
    def get(self, request, pk):
        from .queries import actual

        indicator = Indicator.objects.for_user(request.user, "view").select_related("node__project").filter(
            pk=pk).first()
        if indicator is None:
            raise Http404(_("Not found."))
        country = self.country()
        people = counts_people(indicator)
        periods = []
        for period in indicator.node.project.periods.all().order_by("start"):
            approval = approval_for(period, country)
            target = period.targets.filter(indicator=indicator, breakdown="").first()
            # the sums the framework shows beside this breakdown (per-cell targets): protected here alike
            cells = [t.dims for t in period.targets.filter(indicator=indicator).exclude(breakdown="")]
            periods.append({
                "period": str(period), "period_id": period.pk, "start": period.start, "end": period.end,
                "approval": approval.status if approval else "open", "target": text(target.value) if target else None,
                "live": value_payload(shown_value(actual(indicator, period, country=country), request.user,
                                                  people, cells)),
                "approved": approved_payload(shown_frozen(frozen_value(approval, indicator, period, country),
                                                          request.user, people, cells))})
        data = {"indicator": indicator.code, "project": indicator.node.project.code,
                "disaggregations": list(indicator.disaggregations or []), "periods": periods}
        return Response(IndicatorActualsSerializer(data).data)


class ReportedFiguresView(ScopedAPIView):
    @extend_schema(operation_id="results_reported_vs_recorded", responses=ReportedSerializer(many=True),
                   parameters=[OpenApiParameter("project", int, description="only the figures of this project")],
                   description="Figures that sources report (with the source) beside what the records count "
                               "over the same span.")
    def get(self, request):
        figures = ReportedFigure.objects.for_user(request.user, "view").select_related("source", "indicator")
        project = request.query_params.get("project")
        if project:
            figures = figures.filter(project=self.project(project)) if project.isdigit() else figures.none()
        payload = [reported_payload(f, request.user) for f in figures.order_by("pk")[:500]]
        return Response(ReportedSerializer(payload, many=True).data)
