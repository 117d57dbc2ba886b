"""The donor report of a project for a period: XLSX workbook and PDF with the same tables (+ charts in the PDF
and native charts in the workbook), built with reportdoc.py."""
from decimal import Decimal

from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext as _

from . import reportdoc as rd
from .models import Indicator
from .queries import framework, reconcile, resolve_period


def _num(value):
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def _dims(d):
    return ", ".join(f"{k}={v}" for k, v in d.items()) or _("total")


def build_report(project, period_text="", *, user=None, country=None):
    period, span = resolve_period(project, period_text)
    rows = framework(project, period, span=span, country=country, user=user)
    indicator_rows, breakdown_rows, reported_rows, charts = [], [], [], []
    for block in rows:
        node = block["node"]
        for item in block["indicators"]:
            ind, a, target = item["indicator"], item["actual"], item["target"]
            indicator_rows.append([
                str(node), ind.code, ind.name, ind.get_unit_display(), _num(ind.baseline_value),
                ind.baseline_year, _num(target.value) if target else None, _num(a.total), _num(a.numerator),
                _num(a.denominator), ind.get_method_display(), " ".join(a.notes)])
            for r in a.rows:
                breakdown_rows.append([ind.code, _dims(r["dims"]), _num(r["value"]), _num(r.get("numerator")),
                                       _num(r.get("denominator"))])
            for rec in item["figures"]:
                reported_rows.append(_reported_row(ind.code, rec))
            if {"sex", "country"} <= set(a.dims) and a.rows and ind.unit == Indicator.Unit.NUMBER:
                countries = sorted({r["dims"]["country"] or "?" for r in a.rows})
                sexes = sorted({r["dims"]["sex"] for r in a.rows})
                series = []
                for s in sexes:
                    values = []
                    for c in countries:
                        values.append(sum((_num(r["value"]) or 0) for r in a.rows
                                          if r["dims"]["sex"] == s and (r["dims"]["country"] or "?") == c))
                    series.append((s, values))
                charts.append(rd.Chart("bar", f"{ind.code} {ind.name} — {_('by sex and country')}", countries, series,
                                       unit=_("people")))
    for fig in project.reported_figures.filter(indicator__isnull=True).select_related("source"):
        reported_rows.append(_reported_row("", reconcile(fig)))
    sections = [
        rd.Section(_("Indicators"), [
            rd.Paragraph(_("Period: %(span)s. Percentages are sum(numerators) / sum(denominators).")
                         % {"span": span.label()}),
            rd.Table([_("Result"), _("Code"), _("Indicator"), _("Unit"), _("Baseline"), _("Baseline year"),
                      _("Target"), _("Actual"), _("Numerator"), _("Denominator"), _("Values"), _("Notes")],
                     indicator_rows, number_formats={_("Actual"): "#,##0.##", _("Target"): "#,##0.##"},
                     title=_("Indicators with baselines, targets and actuals"))]),
        rd.Section(_("Disaggregations"), [
            rd.Table([_("Code"), _("Breakdown"), _("Value"), _("Numerator"), _("Denominator")], breakdown_rows,
                     title=_("Actuals by disaggregation"))] + charts),
        rd.Section(_("Reported vs recorded"), [
            rd.Table([_("Indicator"), _("Subject"), _("As reported"), _("Qualifier"), _("Reported"), _("Recorded"),
                      _("Ratio"), _("Agrees"), _("Countries (source)"), _("Countries (records)"), _("Source")],
                     reported_rows, title=_("Figures reported by sources beside what the records count"))]),
        rd.Section(_("Funding"), _funding_blocks(project)),
    ]
    return rd.Report(
        title=_("Results report: %(project)s") % {"project": project.title},
        subtitle=f"{project.code} · {span.label()}" + (f" · {country}" if country else ""),
        generated_at=timezone.now(), sections=sections, author="skillsnet")


def _reported_row(code, rec):
    fig = rec["figure"]
    agrees = rec["agrees"]
    return [code, str(fig.subject), fig.statement, fig.get_qualifier_display(), _num(fig.value),
            _num(rec["recorded"]), _num(rec["ratio"]),
            "" if agrees is None else (_("yes") if agrees else _("no")),
            ", ".join(rec["reported_countries"]), ", ".join(rec["recorded_countries"] or []),
            f"{fig.source.title}" + (f", {fig.source.publisher}" if fig.source.publisher else "")]


def _funding_blocks(project):
    if not apps.is_installed("skillsnet.funding"):
        return [rd.Paragraph(_("The funding app is not installed."))]
    from skillsnet.funding.queries import burn_rates

    rates = burn_rates(project)
    funders = [[str(f or _("unknown")), _num(r["budget"]), _num(r["received"]), _num(r["spent"]), _num(r["balance"]),
                _num(r["burn_rate"])] for f, r in rates["funders"]]
    outputs = [[str(o or _("not assigned to an output")), _num(r["budget"]), _num(r["spent"]), _num(r["balance"]),
                _num(r["burn_rate"])] for o, r in rates["outputs"]]
    blocks = [
        rd.Table([_("Funder"), _("Budget (USD)"), _("Received or committed (USD)"), _("Spent (USD)"),
                  _("Balance (USD)"), _("Burn rate")], funders,
                 number_formats={1: "#,##0", 2: "#,##0", 3: "#,##0", 4: "#,##0", 5: "0.0%"}, title=_("By funder")),
        rd.Table([_("Output"), _("Budget (USD)"), _("Spent (USD)"), _("Balance (USD)"), _("Burn rate")], outputs,
                 number_formats={1: "#,##0", 2: "#,##0", 3: "#,##0", 4: "0.0%"}, title=_("By output")),
    ]
    if funders:
        blocks.append(rd.Chart("bar", _("Funding against spending (USD)"), [r[0] for r in funders],
                               [(_("received or committed"), [r[2] or 0 for r in funders]),
                                (_("spent"), [r[3] or 0 for r in funders])], unit="USD"))
    return blocks


def write_report(report, path_or_buffer, fmt):
    if fmt == "xlsx":
        rd.write_xlsx(report, path_or_buffer)
    elif fmt == "pdf":
        rd.write_pdf(report, path_or_buffer)
    else:
        raise ValueError(_("Choose xlsx or pdf."))
