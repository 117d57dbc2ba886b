"""The participation summary (counts for every role that may view activities; pseudonymised export),
the duplicates list and the person-merge screen (for roles that may change and delete people)."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _

from skillsnet.accounts.permissions import can, restrict
from skillsnet.core.registry import config_for
from skillsnet.core.tabular import write_csv, write_xlsx
from skillsnet.core.views import deny

from . import queries, services
from .duplicates import find_duplicates
from .forms import MergeForm, SummaryFilterForm
from .models import Person


_deny = deny  # sign-in for visitors, 403 for signed-in users


def export_response(header, rows, fmt, name="participation-pseudonymised"):
    if fmt == "xlsx":
        response = HttpResponse(write_xlsx(header, rows, title="participation"),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    else:
        fmt = "csv"
        response = HttpResponse(write_csv(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def summary(request):
    from skillsnet.activities.models import Activity

    # signed-in roles only: even pseudonymised rows and small counts are about identifiable trainees
    if not request.user.is_authenticated or not can(request.user, "view", Activity):
        return _deny(request)
    form = SummaryFilterForm(request.GET or None)
    filters = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")} if form.is_valid() else {}
    export = request.GET.get("export")
    params = request.GET.copy()
    params.pop("export", None)
    try:
        if export in ("csv", "xlsx"):
            header, rows, name = queries.export_table(request.user, filters)
            return export_response(header, rows, export, name)
        counts = queries.participation_counts(request.user, filters)
    except queries.TooNarrow as exc:
        form.add_error(None, str(exc))
        return render(request, "people/summary.html", {
            "form": form, "counts": None, "querystring": params.urlencode(),
            "exports_rows": queries.exports_rows(request.user), "groups": []}, status=400)
    return render(request, "people/summary.html", {
        "form": form, "counts": counts, "querystring": params.urlencode(),
        "exports_rows": queries.exports_rows(request.user),
        "groups": [] if counts.get("withheld") else [
            (_("By sex"), counts["by_sex"]), (_("By kind of person"), counts["by_kind"]),
            (_("By country of organisation"), counts["by_country"]), (_("By activity"), counts["by_activity"])],
    })


def _may_merge(user):
    return can(user, "change", Person) and can(user, "delete", Person)


def duplicates(request):
    if not _may_merge(request.user):
        return _deny(request)
    pairs = find_duplicates(restrict(Person.objects.all(), request.user, "change"))[:200]
    return render(request, "people/duplicates.html", {"pairs": pairs})


def merge(request, pk):
    if not _may_merge(request.user):
        return _deny(request)
    visible = restrict(Person.objects.all(), request.user, "change")
    try:
        keep = visible.get(pk=pk)
    except (Person.DoesNotExist, ValueError, ValidationError):
        raise Http404(_("Not found."))
    candidates = find_duplicates(keep, among=visible)
    initial = {"merge_id": request.GET.get("merge")} if request.GET.get("merge") else None
    form = MergeForm(request.POST or None, candidates=candidates, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.merge_people(request.user, keep.pk, form.cleaned_data["duplicate"],
                                      form.cleaned_data["reason"])
                messages.success(request, _("The duplicate was merged into %(person)s.") % {"person": keep})
                return HttpResponseRedirect(config_for(Person).url("detail", keep))
            except ValidationError as exc:
                form.add_error(None, " ".join(exc.messages))
            except (PermissionDenied, services.core.NotFound) as exc:
                form.add_error(None, str(exc))
        status = 400
    return render(request, "people/merge.html", {"keep": keep, "form": form, "candidates": candidates},
                  status=status)
