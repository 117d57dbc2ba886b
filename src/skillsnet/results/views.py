"""Results pages: the network dashboard, a project's framework for a period (with approval), the donor report
and the IATI file."""
import datetime
from collections import defaultdict
from io import BytesIO
from urllib.parse import urlencode

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Sum
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.permissions import IsAuthenticated

from skillsnet.accounts.permissions import can
from skillsnet.core.errors import LockedRecord
from skillsnet.core.registry import config_for
from skillsnet.directory.models import Country, Membership, Organisation

from . import services
from .charts import svg_bar_chart, svg_line_chart
from .export import export_project
from .models import CompletionCell, PeriodApproval, Project, partial_bounds
from .queries import approval_for, framework, resolve_period
from .report import build_report, write_report

CONTENT_TYPES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "pdf": "application/pdf"}


def _list_url(app, model_name, **params):
    try:
        model = apps.get_model(app, model_name)
    except LookupError:
        return None
    config = config_for(model)
    if config is None:
        return None
    base = config.url("list")
    params = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{base}?{urlencode(params)}" if params else base


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# ---------------------------------------------------------------- dashboard
@login_required
def dashboard(request):
    user = request.user
    country = (request.GET.get("country") or "").upper()[:2]
    year = _int(request.GET.get("year"))
    programme = _int(request.GET.get("programme"))
    this_year = datetime.date.today().year
    project = Project.objects.for_user(user, "view").filter(pk=_int(request.GET.get("project"))).first()
    # the whole network (project 0), or what is attributed to one project
    cells = CompletionCell.objects.filter(project_id=project.pk if project else 0)
    scope = f"initiative:{programme}" if programme else "all"
    cells = cells.filter(scope=scope)
    if country:
        cells = cells.filter(country=country)
    years = sorted(set(cells.values_list("year", flat=True)))
    chart_year = year or (years[-1] if years else this_year)
    charts = []

    # people trained by sex × country (one year: distinct persons), and by year
    by = defaultdict(int)
    for r in cells.filter(year=chart_year).values("country", "sex").annotate(n=Sum("persons")).order_by():
        by[(r["sex"], r["country"] or "?")] += r["n"]
    masked = _mask_small(by, user)
    countries = sorted({c for _s, c in by})
    sexes = sorted({s for s, _c in by})
    links = {(s, c): _list_url("people", "Participation", completed="true", country=c if c != "?" else "")
             for s in sexes for c in countries}
    if countries:
        charts.append({"title": _("People trained in %(year)s, by sex and country") % {"year": chart_year},
                       "svg": mark_safe(svg_bar_chart(countries, [(s, [by.get((s, c)) for c in countries])
                                                                  for s in sexes],
                                                      title=_("People trained by sex and country"), unit=_("people"),
                                                      links=links)), "masked": masked})
    per_year = defaultdict(int)
    for r in cells.values("year", "sex").annotate(n=Sum("persons")).order_by():
        per_year[(r["sex"], r["year"])] += r["n"]
    masked_years = _mask_small(per_year, user)
    if years:
        sexes_y = sorted({s for s, _y in per_year})
        charts.append({"title": _("People trained per year, by sex"),
                       "svg": mark_safe(svg_line_chart([str(y) for y in years],
                                                       [(s, [per_year.get((s, y)) for y in years]) for s in sexes_y],
                                                       title=_("People trained per year"), unit=_("people"),
                                                       links={(s, str(y)): _list_url("people", "Participation",
                                                                                     completed="true", country=country)
                                                              for s in sexes_y for y in years})),
                       "masked": masked_years})

    # members by country over time
    networks = Organisation.objects.filter(kind=Organisation.Kind.NETWORK).for_user(user, "view")
    network = networks.filter(pk=_int(request.GET.get("network"))).first() or networks.filter(
        memberships_held__isnull=False).distinct().order_by("pk").first()
    if network is not None:
        memberships = list(Membership.objects.filter(network=network).for_user(user, "view")
                           .values("member__country_id", "joined_on", "left_on"))
        first = min([int(m["joined_on"][:4]) for m in memberships if m["joined_on"]] or
                    [int(network.founded[:4]) if network.founded else this_year])
        span_years = list(range(first, this_year + 1))
        per_country = defaultdict(lambda: [0] * len(span_years))
        for m in memberships:
            c = m["member__country_id"] or "?"
            if country and c != country:
                continue
            for i, y in enumerate(span_years):
                start = partial_bounds(m["joined_on"]) if m["joined_on"] else None
                end = partial_bounds(m["left_on"], end=True) if m["left_on"] else None
                day = datetime.date(y, 12, 31)
                if (start is None or start <= day) and (end is None or end >= day):
                    per_country[c][i] += 1
        if per_country:
            url = _list_url("directory", "Membership", network=network.pk)
            charts.append({"title": _("Members of %(network)s by country over time") % {"network": network},
                           "svg": mark_safe(svg_line_chart(
                               [str(y) for y in span_years], sorted(per_country.items()),
                               title=_("Members by country"), unit=_("members"),
                               links={(c, str(y)): url for c in per_country for y in span_years}))})

    # activities by kind
    if apps.is_installed("skillsnet.activities"):
        Activity = apps.get_model("activities", "Activity")
        acts = Activity.objects.for_user(user, "view")
        if country:
            acts = acts.filter(country=country)
        if programme:
            acts = acts.filter(initiative=programme)
        if year:
            acts = acts.filter(start__year=year)
        labels = dict(Activity.Kind.choices)
        by_kind = dict(acts.values_list("kind").annotate(n=Count("pk")).order_by())
        kinds = [(k, by_kind[k]) for k in labels if by_kind.get(k)]
        if kinds:
            cats = [str(labels[k]) for k, _n in kinds]
            charts.append({"title": _("Activities by kind"), "svg": mark_safe(svg_bar_chart(
                cats, [(_("activities"), [n for _k, n in kinds])], title=_("Activities by kind"), unit=_("activities"),
                links={(_("activities"), str(labels[k])): _list_url("activities", "Activity", kind=k, country=country,
                                                                   initiative=programme) for k, _n in kinds}))})

    # agreements signed per year, by kind
    if apps.is_installed("skillsnet.agreements"):
        Agreement = apps.get_model("agreements", "Agreement")
        agreements = Agreement.objects.exclude(status__in=["draft", "negotiating"]).for_user(user, "view")
        if country:
            agreements = agreements.filter(parties__organisation__country=country).distinct()
        counts = defaultdict(int)
        for a in agreements.values("kind", "signed_on"):
            counts[(a["kind"], a["signed_on"][:4] or _("date unknown"))] += 1
        if counts:
            labels = dict(Agreement.Kind.choices)
            cats = sorted({y for _k, y in counts})
            kinds_a = sorted({k for k, _y in counts})
            charts.append({"title": _("Agreements signed"), "svg": mark_safe(svg_bar_chart(
                cats, [(str(labels.get(k, k)), [counts.get((k, y)) for y in cats]) for k in kinds_a],
                title=_("Agreements signed per year"), unit=_("agreements"),
                links={(str(labels.get(k, k)), y): _list_url("agreements", "Agreement", kind=k)
                       for k in kinds_a for y in cats}))})

    # funding against spending, per project
    if apps.is_installed("skillsnet.funding"):
        from skillsnet.funding.queries import burn_rates

        projects = Project.objects.for_user(user, "view")
        if country:
            projects = projects.filter(recipient_countries=country)
        rows = []
        for p in projects[:12]:
            funders = burn_rates(p)["funders"]
            received = sum(r["received"] for _f, r in funders)
            spent = sum(r["spent"] for _f, r in funders)
            if received or spent:
                rows.append((p, received, spent))
        if rows:
            series_in, series_out = _("received or committed"), _("spent")
            charts.append({"title": _("Funding against spending (USD)"), "svg": mark_safe(svg_bar_chart(
                [p.code for p, _r, _s in rows], [(series_in, [r for _p, r, _s in rows]),
                                                 (series_out, [s for _p, _r, s in rows])],
                title=_("Funding against spending"), unit="USD",
                links={**{(series_in, p.code): _list_url("funding", "Transaction", project=p.pk, type="11")
                          for p, _r, _s in rows},
                       **{(series_out, p.code): _list_url("funding", "Transaction", project=p.pk, type="4")
                          for p, _r, _s in rows}}))})

    programmes = []
    if apps.is_installed("skillsnet.activities"):
        programmes = apps.get_model("activities", "Initiative").objects.for_user(user, "view")
    return render(request, "results/dashboard.html", {
        "charts": charts, "countries": Country.objects.filter(code__in=_used_countries()),
        "years": years or [this_year], "programmes": programmes, "country": country, "year": year,
        "programme": programme, "projects": Project.objects.for_user(user, "view"), "project": project})


def _mask_small(counts, user):
    """For roles that may not see personal data, counts of one to four people are not drawn; they are listed as
    "< 5" under the chart instead (privacy.shown_count decides). Returns those cells' labels."""
    from .labels import dims_label
    from .privacy import MASK, shown_count

    out = []
    for key in sorted(counts, key=str):
        if shown_count(counts[key], user) == MASK:
            counts[key] = None
            sex, other = key
            out.append(f"{dims_label({'sex': sex})} · {other}: {MASK}")
    return out


def _used_countries():
    codes = set(CompletionCell.objects.values_list("country", flat=True).distinct())
    codes |= set(Organisation.objects.exclude(country=None).values_list("country", flat=True).distinct())
    return codes


# ---------------------------------------------------------------- framework of a project
def _project(request, pk):
    try:
        return Project.objects.for_user(request.user, "view").get(pk=pk)
    except (Project.DoesNotExist, ValueError):
        raise Http404(_("Not found."))


def _period_args(request, project):
    try:
        return resolve_period(project, request.GET.get("period", ""))
    except ValueError as exc:
        raise Http404(str(exc))


@login_required
def project_framework(request, pk):
    project = _project(request, pk)
    period, span = _period_args(request, project)
    country = (request.GET.get("country") or "").upper()[:2] or None
    approval = approval_for(period, country)
    query = urlencode({k: v for k, v in (("period", request.GET.get("period", "")), ("country", country or ""))
                       if v})
    changes_url = reverse("results:changes", args=[project.pk]) + (
        f"?since={approval.approved_at.isoformat()}" if approval and approval.approved_at else "")
    return render(request, "results/framework.html", {
        "project": project, "period": period, "span": span, "country": country, "approval": approval,
        "rows": framework(project, period, span=span, country=country, user=request.user),
        "periods": project.periods.all(), "countries": project.recipient_countries.all(), "query": query,
        "changes_url": changes_url,
        "is_secretariat": services.is_secretariat(request.user),
        "can_submit": period is not None and period.pk and (can(request.user, "add", PeriodApproval) or
                                                            can(request.user, "change", PeriodApproval)),
    })


@login_required
@require_POST
def period_action(request, pk):
    project = _project(request, pk)
    period = project.periods.filter(pk=_int(request.POST.get("period"))).first()
    if period is None:
        raise Http404(_("Not found."))
    country = (request.POST.get("country") or "").upper()[:2] or None
    action = request.POST.get("action")
    reason = request.POST.get("reason", "")[:1000]
    func = {"submit": services.submit_period, "approve": services.approve_period,
            "reopen": services.reopen_period, "unlock": services.reopen_period}.get(action)
    if func is None:
        raise Http404(_("Not found."))
    try:
        func(request.user, period.pk, country, reason=reason)
        messages.success(request, _("Done: %(action)s.") % {"action": action})
    except (PermissionDenied, LockedRecord, ValidationError) as exc:
        messages.error(request, getattr(exc, "message", None) or " ".join(getattr(exc, "messages", [str(exc)])))
    query = urlencode({k: v for k, v in (("period", period.pk), ("country", country or "")) if v})
    return HttpResponseRedirect(reverse("results:framework", args=[project.pk]) + f"?{query}")


@login_required
def project_report(request, pk, fmt):
    if fmt not in CONTENT_TYPES:
        raise Http404(_("Not found."))
    project = _project(request, pk)
    _period_args(request, project)
    country = (request.GET.get("country") or "").upper()[:2] or None
    report = build_report(project, request.GET.get("period", ""), user=request.user, country=country)
    buffer = BytesIO()
    write_report(report, buffer, fmt)
    response = HttpResponse(buffer.getvalue(), content_type=CONTENT_TYPES[fmt])
    name = f"{project.code}-{request.GET.get('period') or 'all'}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def project_changes(request, pk):
    """What changed in the records the figures are computed from, since a period's approval."""
    from django.utils.dateparse import parse_datetime

    from .queries import changes_since

    project = _project(request, pk)
    since = parse_datetime((request.GET.get("since") or "").replace(" ", "+")) if request.GET.get("since") else None
    entries = changes_since(request.user, since)
    if entries is None:
        raise PermissionDenied(_("You may not see the change log."))
    return render(request, "results/changes.html", {"project": project, "since": since, "entries": entries})


def _iati_response(request, pk):
    project = _project(request, pk)
    result = export_project(project)
    if not result.valid:
        return render(request, "results/iati_problems.html", {"project": project, "result": result}, status=422)
    response = HttpResponse(result.xml, content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="{project.code}-iati.xml"'
    if result.problems:
        response["X-IATI-Left-Out"] = str(len(result.problems))
    return response


@login_required
def project_iati(request, pk):
    return _iati_response(request, pk)


@api_view(["GET"])
@authentication_classes([TokenAuthentication, SessionAuthentication])
@permission_classes([IsAuthenticated])
def api_project_iati(request, pk):
    """The project's IATI 2.03 activity file (token auth)."""
    return _iati_response(request._request if hasattr(request, "_request") else request, pk)
