"""Screens beyond the generic ones: change an agreement's status, overdue commitments, document download."""
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from skillsnet.accounts.permissions import can, restrict
from skillsnet.core.views import run_service

from . import queries, services
from .models import Commitment, Document


@login_required
@require_POST
def change_status(request, pk):
    """The "Change status" form on an agreement's page."""
    run_service(request, lambda: services.transition_agreement(
        request.user, pk, request.POST.get("status", ""), request.POST.get("version"),
        request.POST.get("reason", "")[:1000]),
        lambda agreement: _("The status of %(obj)s is now %(status)s.")
        % {"obj": agreement, "status": agreement.get_status_display()})
    return HttpResponseRedirect(reverse("agreements_agreement_detail", args=[pk]))


@login_required
def overdue_commitments(request):
    if not can(request.user, "view", Commitment):
        raise PermissionDenied(_("You do not have permission to do this."))
    today = timezone.localdate()
    items = list(queries.overdue_commitments(request.user, today)[:500])
    return render(request, "agreements/overdue_commitments.html", {"items": items, "today": today})


def download_document(request, pk):
    try:
        document = restrict(Document.objects.all(), request.user, "view").get(pk=pk)
    except (Document.DoesNotExist, ValueError):
        raise Http404(_("Not found."))
    if not document.file:
        raise Http404(_("Not found."))
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("The file is missing from storage."))
    return FileResponse(handle, as_attachment=True, filename=document.file.name.rsplit("/", 1)[-1])
