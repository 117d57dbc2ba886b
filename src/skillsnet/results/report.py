"""The donor report of a project for a period: XLSX workbook and PDF (landscape A4) with the same tables, built
with reportdoc.py, in the user's language.

Per result: the secretariat's narrative, then per indicator baseline (with its year) → target → actual (the
approved value once the period is approved) → % of target, the life-of-project target and the cumulative
actual, the drift since approval, what is shared with other projects. Then the disaggregations in words, charts,
the figures sources report beside what the records count (with the sources), and the funding.
"""
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from skillsnet.core.privacy import linked_name

from . import reportdoc as rd
from .labels import dims_heading, dims_label
from .models import Indicator
from .privacy import shown_framework, shown_reconciliation
from .queries import approval_for, framework, reconcile, resolve_period


def _num(value):
    if value is None or isinstance(value, str):
        return value
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def _approval_text(approval, period, user=None):
    if period is None or not getattr(period, "pk", None):
        return _("All time: live figures (only a reporting period can be approved).")
    if approval is None or approval.status == "open":
        return _("Not approved: the figures are live and may still change.")
    if approval.status == "submitted":
        return _("Submitted for approval on %(date)s: the figures are live until approved.") % {
            "date": approval.submitted_at.strftime("%Y-%m-%d") if approval.submitted_at else "?"}
    return _("Approved on %(date)s by %(who)s: the actual values are those stored at approval; the column "
             "'Since approval' shows how far the records have moved since.") % {
        "date": approval.approved_at.strftime("%Y-%m-%d") if approval.approved_at else "?",
        "who": linked_name(user, approval, "approved_by") or "?"}


def _indicator_row(item):
    ind, shown = item["indicator"], item["shown"]
    frozen = shown["approved"]
    notes = list(shown["live"]["notes"])
    if frozen is not None and frozen["definition_changed"]:
        notes.append(_("Approved with definition v%(then)s; the definition is now v%(now)s.") % {
            "then": frozen["revision"], "now": frozen["current_revision"]})
    if item["shared_value"]:
        notes.append(_("%(n)s of these also count for %(projects)s.") % {
            "n": _num(shown["shared_value"]), "projects": ", ".join(map(str, item["shared_codes"]))})
    return [ind.code, ind.name, _num(ind.baseline_value), str(ind.baseline_year or ""),
            _num(item["target"].value) if item["target"] else None, _num(shown["value"]),
            _num(shown["pct_of_target"]), _num(item["life_target"].value) if item["life_target"] else None,
            _num(shown["life_actual"]), _num(frozen["drift"] if frozen else None), " ".join(notes)]


def _indicator_table(block):
    columns = [_("Code"), _("Indicator"), _("Baseline"), _("Baseline year"), _("Target"), _("Actual"),
               # xgettext:no-python-format
               _("% of target"), _("Life-of-project target"), _("Cumulative actual"), _("Since approval"), _("Notes")]
    rows = [_indicator_row(item) for item in block["indicators"]]
    formats = {2: "#,##0.##", 4: "#,##0.##", 5: "#,##0.##", 6: "0.0", 7: "#,##0.##", 8: "#,##0.##", 9: "#,##0.##"}
    return rd.Table(columns, rows, number_formats=formats, title=str(block["node"]))


def _breakdown_rows(block):
    rows = []
    for item in block["indicators"]:
        ind, shown = item["indicator"], item["shown"]
        source = shown["approved"] or shown["live"]
        for r in source["rows"]:
            rows.append([ind.code, dims_heading(list(r["dims"])), dims_label(r["dims"]), _num(r["value"]),
                         _num(r.get("numerator")), _num(r.get("denominator"))])
        for target, value, pct in shown["cell_targets"]:
            rows.append([ind.code, _("target") + ": " + dims_heading(list(target.dims)), dims_label(target.dims),
                         _num(value), _num(target.value), _num(pct)])
    return rows


def _sex_country_chart(item):
    """People by sex and country as a bar chart; a cell the reader may not see exactly (results.privacy) is not
    drawn (its bar is missing; the table of disaggregations says "< 5" or "≥ 5")."""
    a, shown = item["actual"], item["shown"]["live"]
    ind = item["indicator"]
    if not ({"sex", "country"} <= set(a.dims) and a.rows and ind.unit == Indicator.Unit.NUMBER):
        return None
    countries = sorted({r["dims"]["country"] or "" for r in shown["rows"]})
    sexes = sorted({r["dims"]["sex"] for r in shown["rows"]})

    def bar(sex, country):
        values = [r["value"] for r in shown["rows"]
                  if r["dims"]["sex"] == sex and (r["dims"]["country"] or "") == country]
        return None if any(isinstance(v, str) for v in values) else sum((_num(v) or 0) for v in values)
    series = [(dims_label({"sex": s}), [bar(s, c) for c in countries]) for s in sexes]
    return rd.Chart("bar", f"{ind.code} {ind.name}: {_('by sex and country')}",
                    [dims_label({"country": c}) for c in countries], series, unit=_("people"))


def _target_chart(rows):
    measured = [(item["indicator"].code, item["pct_of_target"]) for block in rows for item in block["indicators"]
                if item["pct_of_target"] is not None]
    if not measured:
        return None
    # xgettext:no-python-format
    title = _("Actual as % of target, per indicator")
    # xgettext:no-python-format
    series = _("% of target")
    return rd.Chart("bar", title, [c for c, _p in measured], [(series, [_num(p) for _c, p in measured])], unit="%")


def _reported_row(code, rec):
    fig = rec["figure"]
    agrees = rec["agrees"]
    countries = []
    if rec["reported_countries"]:
        countries.append(_("named by the source: %(c)s") % {"c": ", ".join(rec["reported_countries"])})
    if rec["recorded_countries"] is not None:
        countries.append(_("in the records: %(c)s") % {"c": ", ".join(rec["recorded_countries"]) or "—"})
    source = fig.source.title + (f", {fig.source.publisher}" if fig.source.publisher else "") + (
        f", {fig.source.published}" if fig.source.published else "") + (f" {fig.source.url}" if fig.source.url else "")
    return [code, str(fig.subject), f"{fig.statement} ({fig.get_qualifier_display()} {_num(fig.value)})",
            _num(fig.value), _num(rec["recorded"]), "" if agrees is None else (_("yes") if agrees else _("no")),
            "; ".join(countries + [str(n) for n in rec["notes"]]), source]


def build_report(project, period_text="", *, user=None, country=None):
    period, span = resolve_period(project, period_text)
    rows = shown_framework(framework(project, period, span=span, country=country, user=user), user)
    approval = approval_for(period, country)
    results_blocks = [rd.Paragraph(_approval_text(approval, period, user)),
                      rd.Paragraph(_("Period: %(span)s. Baseline → target → actual → %% of target for each indicator; "
                                     "percentages are sum(numerators) / sum(denominators). Counts of fewer than five "
                                     "people are shown as “< 5” to readers who may not see personal data.")
                                   % {"span": span.label()})]
    breakdown_rows, reported_rows, charts = [], [], []
    for block in rows:
        if block["narrative"] is not None:
            from skillsnet.core.i18n import localized

            results_blocks.append(rd.Paragraph(f"{block['node']}: {localized(block['narrative'], 'text')}"))
        if block["indicators"]:
            results_blocks.append(_indicator_table(block))
        breakdown_rows += _breakdown_rows(block)
        for item in block["indicators"]:
            reported_rows += [_reported_row(item["indicator"].code, rec) for rec in item["figures"]]
            chart = _sex_country_chart(item)
            if chart is not None:
                charts.append(chart)
    chart = _target_chart(rows)
    if chart is not None:
        charts.insert(0, chart)
    for fig in project.reported_figures.filter(indicator__isnull=True).select_related("source"):
        reported_rows.append(_reported_row("", shown_reconciliation(reconcile(fig), user)))
    sections = [
        rd.Section(_("Results"), results_blocks),
        rd.Section(_("Disaggregations"), [
            rd.Table([_("Code"), _("Breakdown"), _("Cell"), _("Value"), _("Numerator"), _("Denominator")],
                     breakdown_rows, number_formats={3: "#,##0.##", 4: "#,##0.##", 5: "#,##0.##"},
                     title=_("Actuals by disaggregation"))] + charts),
        rd.Section(_("Reported vs recorded"), [
            rd.Table([_("Indicator"), _("Subject"), _("As reported"), _("Reported"), _("Recorded"), _("Agrees"),
                      _("Countries and notes"), _("Source")], reported_rows,
                     number_formats={3: "#,##0.##", 4: "#,##0.##"},
                     title=_("Figures reported by sources beside what the records count"))]),
        rd.Section(_("Funding"), _funding_blocks(project)),
    ]
    status = approval.get_status_display() if approval else _("open")
    return rd.Report(
        title=_("Results report: %(project)s") % {"project": project.title},
        subtitle=" · ".join(x for x in (project.code, span.label(), country or "", str(status)) if x),
        generated_at=timezone.now(), sections=sections, author="skillsnet",
        generated_label=_("Generated"), page_label=_("Page"), lang=translation.get_language() or "en")


def _funding_blocks(project):
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
        from reportlab.lib.pagesizes import A4, landscape

        rd.write_pdf(report, path_or_buffer, pagesize=landscape(A4))
    else:
        raise ValueError(_("Choose xlsx or pdf."))
