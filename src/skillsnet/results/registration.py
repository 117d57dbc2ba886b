"""Registers the results models with the generic views, API, import and export."""
from django.utils.translation import gettext_lazy as _

from skillsnet.core.i18n import all_columns
from skillsnet.core.registry import Panel, add_panel, register
from skillsnet.directory.models import Organisation

from . import services
from .forms import IndicatorForm
from .forms import IndicatorValueForm
from .models import (Attribution, Indicator, IndicatorRevision, IndicatorValue, Narrative, Period, PeriodApproval,
                     Project, ProjectCountry, ProjectRegion, ReportedFigure, ResultNode, Source, Target)

register(Project, fields=[*all_columns("title"), "code", "iati_identifier", "reporting_org", "network", "status",
                          "start", "end", "recipient_countries", "sector", "agreements", "currency", "description",
                          "source"],
         list_columns=["code", "title", "status", "start", "end"], import_key=("code",),
         select_related=("reporting_org",), detail_template="results/project_detail.html", menu="results",
         panels=[Panel(_("Results framework"), ResultNode, "project", ["title", "level", "result_type", "parent"]),
                 Panel(_("Reporting periods"), Period, "project", ["kind", "year", "quarter", "start", "end"]),
                 Panel(_("Recipient countries and their shares"), ProjectCountry, "project",
                       ["country", "percentage"]),
                 Panel(_("Recipient regions and their shares"), ProjectRegion, "project",
                       ["code", "vocabulary", "percentage"]),
                 Panel(_("Activities attributed to the project"), Attribution, "project",
                       ["activity", "funder", "note"]),
                 Panel(_("Reported figures"), ReportedFigure, "project", template="results/_reported_panel.html")])
register(ResultNode, fields=["project", "parent", "level", "result_type", "code", *all_columns("title"),
                             "description"],
         list_columns=["code", "title", "level", "result_type", "project"], select_related=("project",),
         import_key=("project", "code"), menu="results",
         panels=[Panel(_("Indicators"), Indicator, "node", ["code", "name", "unit", "method", "measure"]),
                 Panel(_("Contributing results"), ResultNode, "parent", ["code", "title", "level"])])
register(Indicator, form=IndicatorForm, fields=list(IndicatorForm.Meta.fields),
         list_columns=["code", "name", "unit", "method", "measure", "node"], select_related=("node",),
         import_key=("node", "code"), create=services.create_indicator, update=services.update_indicator,
         menu="results",
         panels=[Panel(_("Targets"), Target, "indicator", ["period", "breakdown", "value", "note"]),
                 Panel(_("Revisions of the definition"), IndicatorRevision, "indicator",
                       ["number", "created_at", "reason"]),
                 Panel(_("Values entered by hand"), IndicatorValue, "indicator", ["period", "country", "value",
                                                                                  "numerator", "denominator"]),
                 Panel(_("Reported figures"), ReportedFigure, "indicator", template="results/_reported_panel.html")])
register(Period, fields=["project", "kind", "year", "quarter", "start", "end", "label"],
         list_columns=["project", "kind", "year", "quarter", "start", "end", "label"], select_related=("project",),
         menu="results", panels=[Panel(_("Approvals"), PeriodApproval, "period",
                                       ["country", "status", "submitted_by", "approved_by", "approved_at"])])
register(Target, fields=["indicator", "period", "breakdown", "value", "note"],
         list_columns=["indicator", "period", "breakdown", "value"],
         select_related=("indicator", "period"), import_key=("indicator", "period", "breakdown"),
         create=services.create_target, update=services.update_target, delete=services.delete_target,
         menu="results")
register(IndicatorValue, form=IndicatorValueForm,
         fields=["indicator", "period", "country", "value", "numerator", "denominator", "breakdown",
                 "evidence_file", "evidence_url", "note"],
         list_columns=["indicator", "period", "country", "value", "numerator", "denominator"],
         select_related=("indicator", "period"), import_key=("indicator", "period", "country"),
         create=services.create_indicator_value, update=services.update_indicator_value,
         delete=services.delete_indicator_value, menu="results")
register(PeriodApproval, fields=["period", "country", "status", "submitted_by", "submitted_at", "approved_by",
                                 "approved_at", "reopened_at", "reopen_reason"],
         list_columns=["period", "country", "status", "approved_by", "approved_at"], readonly=True, importable=False,
         select_related=("period", "period__project"), menu="results")
register(Source, fields=["title", "publisher", "url", "published", "file", "text"],
         list_columns=["title", "publisher", "published"], import_key=("title",), menu="results",
         panels=[Panel(_("Figures it reports"), ReportedFigure, "source", template="results/_reported_panel.html")])
register(ReportedFigure, fields=["organisation", "initiative", "agreement", "project", "indicator", "counts",
                                 "statement", "value", "currency", "qualifier", "period_start", "period_end",
                                 "countries", "source"],
         list_columns=["statement", "counts", "qualifier", "value", "source"], select_related=("source",),
         menu="results")

register(Attribution, fields=["activity", "project", "funder", "note"],
         list_columns=["activity", "project", "funder", "note"], select_related=("activity", "project", "funder"),
         import_key=("activity", "project"), create=services.attribute_activity, update=services.update_attribution,
         delete=services.remove_attribution, menu="results")
register(ProjectCountry, fields=["project", "country", "percentage"], list_columns=["project", "country", "percentage"],
         select_related=("project", "country"), import_key=("project", "country"), menu="results")
register(ProjectRegion, fields=["project", "code", "vocabulary", "percentage"],
         list_columns=["project", "code", "vocabulary", "percentage"], select_related=("project",),
         import_key=("project", "vocabulary", "code"), menu="results")
register(Narrative, fields=["node", "period", "text", "text_zh_hans", "text_lo", "text_km", "text_id"],
         list_columns=["node", "period"], select_related=("node", "period"), import_key=("node", "period"),
         menu="results")
register(IndicatorRevision, fields=["indicator", "number", "definition", "reason"],
         list_columns=["indicator", "number", "created_at", "reason"], select_related=("indicator",), readonly=True,
         importable=False, menu="results")

add_panel(Organisation, Panel(_("Reported figures beside the records"), ReportedFigure, "organisation",
                              template="results/_reported_panel.html"))


def _panel_on(app_label, model_name, lookup):
    from django.apps import apps

    from skillsnet.core.registry import REGISTRY

    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        return
    if model in REGISTRY:
        add_panel(model, Panel(_("Reported figures beside the records"), ReportedFigure, lookup,
                               template="results/_reported_panel.html"))


_panel_on("activities", "Initiative", "initiative")


def _attribution_panel():
    from django.apps import apps

    from skillsnet.core.registry import REGISTRY

    activity = apps.get_model("activities", "Activity")
    if activity in REGISTRY:  # edited from the activity's page too; activities do not import results
        add_panel(activity, Panel(_("Projects this activity counts for"), Attribution, "activity",
                                  ["project", "funder", "note"]))


_attribution_panel()
_panel_on("agreements", "Agreement", "agreement")
