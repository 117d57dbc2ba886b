"""Screens beyond the generic ones: publish a version, start the next version, the diff of two
versions and the adoption map (a table by country)."""
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from skillsnet.accounts.permissions import can, restrict
from skillsnet.core.views import deny, run_service

from . import queries, services
from .models import Adoption, Curriculum, CurriculumVersion


_deny = deny
_run = run_service


@require_POST
def publish(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("curricula_curriculumversion_detail", args=[pk]))
    _run(request, lambda: services.publish_version(request.user, pk, request.POST.get("version"),
                                                   request.POST.get("reason", "")[:1000]),
         _("The version was published; it is now frozen."))
    return HttpResponseRedirect(reverse("curricula_curriculumversion_detail", args=[pk]))


@require_POST
def next_version(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("curricula_curriculum_detail", args=[pk]))
    new = _run(request, lambda: services.start_next_version(request.user, pk,
                                                           notes=request.POST.get("notes", "")[:5000]),
               _("A new draft version was started with the modules of the last version."))
    if new is not None:
        return HttpResponseRedirect(reverse("curricula_curriculumversion_detail", args=[new.pk]))
    return HttpResponseRedirect(reverse("curricula_curriculum_detail", args=[pk]))


def _version(request, pk):
    try:
        return restrict(CurriculumVersion.objects.select_related("curriculum"), request.user, "view").get(pk=pk)
    except (CurriculumVersion.DoesNotExist, ValueError, ValidationError):
        raise Http404(_("Not found."))


def diff(request):
    """What changed between two versions, ?old=<id>&new=<id> (modules added, removed, changed field by
    field; hours totals)."""
    if not can(request.user, "view", CurriculumVersion):
        return _deny(request)
    a, b = _version(request, request.GET.get("old")), _version(request, request.GET.get("new"))
    return render(request, "curricula/diff.html", {"diff": queries.diff_versions(a, b)})


def adoption_map(request):
    """Adoptions by country of the adopting organisation (a table; no map image is needed)."""
    if not can(request.user, "view", Adoption):
        return _deny(request)
    rows = queries.adoption_by_country(request.user)
    totals = {k: sum(r[k] for r in rows) for k in ("piloted", "adopted", "trainees")}
    return render(request, "curricula/adoption_map.html", {"rows": rows, "totals": totals,
                                                           "curricula": Curriculum._meta.verbose_name_plural})
