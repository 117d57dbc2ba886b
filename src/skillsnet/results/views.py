"""Results pages: the network dashboard, a project's framework for a period (with approval), the donor report
and the IATI file."""
import datetime
from io import BytesIO
from urllib.parse import urlencode

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.authentication import SessionAuthentication

from skillsnet.accounts.tokens import TokenAuthentication
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.permissions import IsAuthenticated

from skillsnet.accounts.permissions import can
from skillsnet.core.errors import LockedRecord
from skillsnet.core.privacy import linked_name
from skillsnet.core.registry import config_for
from skillsnet.directory.models import Country, Organisation

from . import services
from .export import export_project
from .labels import country_code
from .models import CompletionCell, PeriodApproval, Project
from .privacy import shown_framework
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


def _year(value):
    """A calendar year, or None for anything no date can have (-1, 0, 99999: the whole range is shown)."""
    year = _int(value)
    return year if year is not None and datetime.MINYEAR <= year <= datetime.MAXYEAR else None


# ---------------------------------------------------------------- dashboard
@login_required
def dashboard(request):
    from django.urls import get_script_prefix
    from django.utils.translation import get_language

    from skillsnet.accounts.permissions import policy_key
    from skillsnet.core import keep

    user = request.user
    args = (country_code(request.GET.get("country")) or "", _year(request.GET.get("year")),
            _int(request.GET.get("programme")), _int(request.GET.get("project")), _int(request.GET.get("network")))
    # kept under the data's version (a committed write of anything computes it again), for the user's scope, the
    # filters, the language, the script prefix (links) and this year (the charts' spans); computed once per machine
    # (core.keep.shared): under load, the first requests of a scope no longer compute it in every worker at once
    key = (policy_key(user), args, get_language(), get_script_prefix(), datetime.date.today().year)
    context = keep.shared("results.dashboard", key, lambda: _dashboard_context(user, *args))
    return render(request, "results/dashboard.html", dict(context))


def _dashboard_context(user, country, year, programme, project, network):
    from .dashboard import Filters, charts_for, years_of

    f = Filters(user, country, year, programme, Project.objects.for_user(user, "view").filter(pk=project).first(),
                network)
    programmes = apps.get_model("activities", "Initiative").objects.for_user(user, "view")
    return {"charts": charts_for(f), "countries": list(Country.objects.filter(code__in=_used_countries())),
            "years": years_of(f) or [f.this_year], "programmes": list(programmes), "country": f.country,
            "year": f.year, "programme": f.programme, "projects": list(Project.objects.for_user(user, "view")),
            "project": f.project}


def _used_countries():
    # the network's cells (project 0, scope "all") hold every fact, so every country of any cell; read from the
    # index (project_id, scope, country) instead of every cell of every project and scope
    codes = set(CompletionCell.objects.filter(project_id=0, scope="all").order_by()
                .values_list("country", flat=True).distinct())
    # order_by(): the model's default order (name) would enter the DISTINCT and return every organisation
    codes |= set(Organisation.objects.exclude(country=None).order_by().values_list("country", flat=True).distinct())
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
    country = country_code(request.GET.get("country"))
    approval = approval_for(period, country)
    query = urlencode({k: v for k, v in (("period", request.GET.get("period", "")), ("country", country or ""))
                       if v})
    changes_url = reverse("results:changes", args=[project.pk]) + (
        f"?since={approval.approved_at.isoformat()}" if approval and approval.approved_at else "")
    return render(request, "results/framework.html", {
        "project": project, "period": period, "span": span, "country": country, "approval": approval,
        "approver": linked_name(request.user, approval, "approved_by") if approval else None,
        "rows": shown_framework(framework(project, period, span=span, country=country, user=request.user),
                                request.user),
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
    country = country_code(request.POST.get("country"))
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
    country = country_code(request.GET.get("country"))
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
    result = export_project(project, request.user)
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


@extend_schema(operation_id="results_project_iati",
               responses={(200, "application/xml"): OpenApiTypes.STR, (422, "text/html"): OpenApiTypes.STR},
               description="The project's IATI 2.03 activity file (XML, valid against the IATI schema); 422 with "
                           "the list of problems when the project's data cannot make a valid file.")
@api_view(["GET"])
@authentication_classes([TokenAuthentication, SessionAuthentication])
@permission_classes([IsAuthenticated])
def api_project_iati(request, pk):
    """The project's IATI 2.03 activity file (token auth)."""
    return _iati_response(request._request if hasattr(request, "_request") else request, pk)
