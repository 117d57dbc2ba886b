"""Registers the results models with the generic views, API, import and export."""
from django.utils.translation import gettext_lazy as _

from skillsnet.core.i18n import all_columns
from skillsnet.core.registry import Panel, add_panel, register
from skillsnet.directory.models import Organisation

from . import services
from .forms import IndicatorForm
from .models import (Indicator, IndicatorValue, Period, PeriodApproval, Project, ReportedFigure, ResultNode, Source,
                     Target)

register(Project, fields=[*all_columns("title"), "code", "iati_identifier", "reporting_org", "network", "status",
                          "start", "end", "recipient_countries", "sector", "agreements", "currency", "description",
                          "source"],
         list_columns=["code", "title", "status", "start", "end"], import_key=("code",),
         select_related=("reporting_org",), detail_template="results/project_detail.html", menu="results",
         panels=[Panel(_("Results framework"), ResultNode, "project", ["title", "level", "result_type", "parent"]),
                 Panel(_("Reporting periods"), Period, "project", ["kind", "year", "quarter", "start", "end"]),
                 Panel(_("Reported figures"), ReportedFigure, "project", template="results/_reported_panel.html")])
register(ResultNode, fields=["project", "parent", "level", "result_type", "code", *all_columns("title"),
                             "description"],
         list_columns=["code", "title", "level", "result_type", "project"], select_related=("project",),
         import_key=("project", "code"), menu="results",
         panels=[Panel(_("Indicators"), Indicator, "node", ["code", "name", "unit", "method", "measure"]),
                 Panel(_("Contributing results"), ResultNode, "parent", ["code", "title", "level"])])
register(Indicator, form=IndicatorForm, fields=list(IndicatorForm.Meta.fields),
         list_columns=["code", "name", "unit", "method", "measure", "node"], select_related=("node",),
         import_key=("node", "code"), update=services.update_indicator, menu="results",
         panels=[Panel(_("Targets"), Target, "indicator", ["period", "value", "note"]),
                 Panel(_("Values entered by hand"), IndicatorValue, "indicator", ["period", "country", "value",
                                                                                  "numerator", "denominator"]),
                 Panel(_("Reported figures"), ReportedFigure, "indicator", template="results/_reported_panel.html")])
register(Period, fields=["project", "kind", "year", "quarter", "start", "end", "label"],
         list_columns=["project", "kind", "year", "quarter", "start", "end", "label"], select_related=("project",),
         menu="results", panels=[Panel(_("Approvals"), PeriodApproval, "period",
                                       ["country", "status", "submitted_by", "approved_by", "approved_at"])])
register(Target, fields=["indicator", "period", "value", "note"], list_columns=["indicator", "period", "value"],
         select_related=("indicator", "period"), import_key=("indicator", "period"),
         create=services.create_target, update=services.update_target, delete=services.delete_target,
         menu="results")
register(IndicatorValue, fields=["indicator", "period", "country", "value", "numerator", "denominator", "breakdown",
                                 "evidence_file", "evidence_url", "note"],
         list_columns=["indicator", "period", "country", "value", "numerator", "denominator"],
         select_related=("indicator", "period"), import_key=("indicator", "period", "country"),
         create=services.create_indicator_value, update=services.update_indicator_value,
         delete=services.delete_indicator_value, menu="results")
register(PeriodApproval, fields=["period", "country", "status", "submitted_by", "submitted_at", "approved_by",
                                 "approved_at"],
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
_panel_on("agreements", "Agreement", "agreement")
