"""A project as an IATI 2.03 activity file (via iati.py), validated against the shipped XSD.

Nothing is invented: a date known only in part ('2021') is not written as a full date. Items that IATI
needs a full date for (activity dates, budgets, transactions) are left out and listed as problems.
"""
import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from . import iati
from .measures import Span
from .models import Indicator, Project
from .queries import actual

ORG_TYPES = {"ministry": "10", "international_organisation": "40", "tvet_institute": "80", "company": "70",
             "alliance_network": "90", "other": "90"}


@dataclass
class IatiExport:
    xml: bytes
    problems: list = field(default_factory=list)  # items left out or flagged (not errors of the file)
    errors: list = field(default_factory=list)  # XSD, code list and rule errors: the file is not valid

    @property
    def valid(self):
        return not self.errors


def _full_date(value):
    if value and len(value) == 10:
        return datetime.date.fromisoformat(value)
    return None


def _names(obj, base):
    from skillsnet.core.i18n import CONTENT_LANGUAGES, column

    out = []
    for code, _s, _l in CONTENT_LANGUAGES:
        text = getattr(obj, column(base, code), "")
        if text:
            out.append(iati.Narrative(text, None if code == "en" else code.split("-")[0]))
    return out


def _org_ref(org):
    return (org.identifier or "").strip() or None


def _period_actual(indicator, period):
    """The period's value (total, and rows by sex): the value stored at approval once approved, else the live one."""
    from .queries import approval_for, frozen_value

    frozen = frozen_value(approval_for(period), indicator, period)
    if frozen is not None:
        frozen.rows = [r for r in frozen.rows if list(r["dims"]) == ["sex"]]
        return frozen
    return actual(indicator, period, dims=["sex"] if "sex" in (indicator.disaggregations or []) else [])


def _participating(project, org, ref):
    out = [iati.ParticipatingOrg("2", _names(org, "name"), ref, ORG_TYPES.get(org.kind))] if org else []
    funders = {c.funder.pk: c.funder for c in project.contributions.select_related("funder")}
    for f in funders.values():
        out.append(iati.ParticipatingOrg("1", _names(f, "name"), _org_ref(f), ORG_TYPES.get(f.kind)))
    for agreement in project.agreements.all():
        for party in agreement.parties.select_related("organisation"):
            o = party.organisation
            if party.role == "implementer" and o.pk != getattr(org, "pk", None):
                out.append(iati.ParticipatingOrg("4", _names(o, "name"), _org_ref(o), ORG_TYPES.get(o.kind)))
    return out


def _activity_dates(project, problems):
    dates, status = [], project.status
    for value, planned, done, what in ((project.start, "1", "2", _("start")), (project.end, "3", "4", _("end"))):
        day = _full_date(value)
        if day:
            happened = (done == "2" and status in ("2", "3", "4")) or (done == "4" and status in ("3", "4"))
            dates.append(iati.ActivityDate(done if happened else planned, day))
        elif value:
            problems.append(_("The project's %(what)s is known only as %(value)s: no IATI activity date is written "
                              "for it.") % {"what": what, "value": value})
    return dates


def _budgets(project, problems):
    out = []
    for b in project.budget_lines.all():
        if b.period_start and b.period_end:
            out.append(iati.Budget(b.period_start, b.period_end, b.amount, b.period_start, b.currency))
        else:
            problems.append(_("Budget line %(line)s has no period: left out.") % {"line": b})
    return out


def _transactions(project, problems):
    out = []
    for t in project.transactions.select_related("provider", "receiver"):
        day = _full_date(t.date)
        if day is None:
            problems.append(_("Transaction %(t)s has no full date (%(date)s): left out rather than given an "
                              "invented date.") % {"t": t, "date": t.date or _("unknown")})
            continue
        out.append(iati.Transaction(
            t.type, day, t.amount, day, t.currency, description=t.description or None,
            provider_org=iati.TransactionOrg(_names(t.provider, "name"), _org_ref(t.provider)) if t.provider else None,
            receiver_org=iati.TransactionOrg(_names(t.receiver, "name"), _org_ref(t.receiver)) if t.receiver else None))
    return out


def _indicator_periods(ind, periods, user, problems):
    """The indicator's periods; for a `user` who may not see small counts of people (results.privacy), a value
    shown to them as "< 5", "≥ 5" or "—" is left out (IATI takes numbers only) and listed among the problems."""
    from .privacy import counts_people, shown_value

    out = []
    for p in periods:
        target = p.targets.filter(indicator=ind, breakdown="").first()
        shown = shown_value(_period_actual(ind, p), user, counts_people(ind))
        actuals = []
        if isinstance(shown["total"], str) or any(isinstance(r["value"], str) for r in shown["rows"]):
            problems.append(_("Indicator %(code)s, %(period)s: values of fewer than five people, or that would give "
                              "them away, left out (you may not see them).") % {"code": ind.code, "period": p})
        if shown["total"] is not None and not isinstance(shown["total"], str):
            actuals.append(iati.PeriodValue(shown["total"]))
            actuals += [iati.PeriodValue(row["value"], [iati.Dimension("sex", row["dims"]["sex"])])
                        for row in shown["rows"] if row["value"] is not None and not isinstance(row["value"], str)
                        and list(row["dims"]) == ["sex"]]
        if actuals or target is not None:
            out.append(iati.Period(p.start, p.end, [iati.PeriodValue(target.value)] if target else [], actuals))
    return out


def _results(project, user, problems):
    results = []
    periods = list(project.periods.all().order_by("start"))
    for node in project.nodes.all().order_by("code", "pk"):
        indicators = []
        for ind in node.indicators.all().order_by("code"):
            baselines = [iati.Baseline(ind.baseline_year, ind.baseline_value)] \
                if ind.baseline_year and ind.baseline_value is not None else []
            indicators.append(iati.Indicator(
                _names(ind, "name"), "2" if ind.unit == Indicator.Unit.PERCENTAGE else "1",
                ind.direction == Indicator.Direction.INCREASE, [iati.Narrative(ind.definition)] if ind.definition
                else [], baselines, _indicator_periods(ind, periods, user, problems)))
        if indicators:
            results.append(iati.Result(node.result_type, _names(node, "title"), indicators))
    return results


def _documents(project):
    documents, seen = [], set()
    for fig in project.reported_figures.select_related("source"):
        src = fig.source
        if src.url and src.pk not in seen:
            seen.add(src.pk)
            documents.append(iati.DocumentLink(src.url, "text/html", [iati.Narrative(src.title)], ["A08"],
                                               document_date=_full_date(src.published)))
    return documents


def build_activity(project, problems, user=None):
    org = project.reporting_org
    ref = _org_ref(org) if org else None
    if not ref:
        problems.append(_("The reporting organisation has no IATI organisation identifier."))
    if not project.description:
        problems.append(_("The project has no description: its title is written as the IATI description."))
    return iati.Activity(
        identifier=project.iati_identifier or (f"{ref}-{project.code}" if ref else project.code),
        reporting_org=iati.ReportingOrg(ref=ref or "", type=ORG_TYPES.get(getattr(org, "kind", ""), "90"),
                                        name=_names(org, "name") if org else []),
        title=_names(project, "title"),
        descriptions=[iati.Description([iati.Narrative(project.description or project.title)])],
        participating_orgs=_participating(project, org, ref), activity_status=project.status,
        activity_dates=_activity_dates(project, problems),
        recipient_countries=[iati.RecipientCountry(share.country_id, share.percentage)
                             for share in project.country_shares.order_by("country_id")],
        recipient_regions=[iati.RecipientRegion(share.code, share.vocabulary, share.percentage)
                           for share in project.region_shares.all()],
        sectors=[iati.Sector(project.sector, "1" if len(project.sector) == 5 else "2")] if project.sector else [],
        default_currency=project.currency or "USD", budgets=_budgets(project, problems),
        transactions=_transactions(project, problems), document_links=_documents(project),
        results=_results(project, user, problems), last_updated=project.updated_at)


def export_project(project, user=None):
    """The project's IATI file as `user` may see it (None: the system, every figure exact)."""
    if not isinstance(project, Project):
        project = Project.objects.get(code=project)
    problems = []
    activity = build_activity(project, problems, user)
    xml = iati.build_activities_xml([activity], generated_datetime=timezone.now())
    errors = iati.validate(xml) + iati.check_codes(activity) + iati.check_rules(activity)
    return IatiExport(xml, problems, errors)


__all__ = ["export_project", "IatiExport", "Span"]
