"""Screens beyond the generic ones: the assessment page, deciding a case, the decision PDF and the
statistics of decisions per country pair."""
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from skillsnet.accounts.permissions import can, restrict
from skillsnet.core.views import deny, run_service

from . import services
from .forms import AssessForm, DecideForm
from .models import Outcome, Qualification, RecognitionCase
from .pdf import decision_pdf


_deny = deny  # sign-in for visitors, 403 for signed-in users


def decision_context(decision):
    """What the decision template shows, with the qualifications named."""
    ids = {decision.target_qualification_id, decision.source_qualification_id} - {None}
    titles = {q.pk: q for q in Qualification.objects.filter(pk__in=ids)}
    return {"decision": decision, "outcome_label": dict(Outcome.choices).get(decision.outcome, decision.outcome),
            "target": titles.get(decision.target_qualification_id),
            "substantial": [d for d in decision.differences if d.substantial],
            "minor": [d for d in decision.differences if not d.substantial]}


def assess(request):
    """Pick a qualification, a target country and a purpose; see the engine's decision."""
    if not can(request.user, "view", Qualification):
        return _deny(request)
    form = AssessForm(request.GET or None, user=request.user)
    ctx = {"form": form}
    if form.is_valid():
        decision = services.assess_qualification(form.cleaned_data["qualification"].pk,
                                                 form.cleaned_data["target_country"].pk,
                                                 form.cleaned_data["purpose"], actor=request.user)
        ctx.update(decision_context(decision))
    return render(request, "recognition/assess.html", ctx)


def _case(request, pk, action="view"):
    try:
        return restrict(RecognitionCase.objects.select_related("person", "qualification", "target_country"),
                        request.user, action).get(pk=pk)
    except (RecognitionCase.DoesNotExist, ValueError, ValidationError):
        raise Http404(_("Not found."))


@require_POST
def decide(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("recognition_recognitioncase_detail", args=[pk]))
    case = _case(request, pk)
    form = DecideForm(request.POST, case=case)
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{form.fields[field].label if field in form.fields else ''}: {' '.join(errors)}")
    else:
        data = form.cleaned_data
        run_service(request, lambda: services.decide_case(
            request.user, case.pk, data["outcome"], data["reasons"], data["version"],
            conditions=data["conditions"],
            target_qualification_id=data["target_qualification"].pk if data["target_qualification"] else None),
            _("The decision was recorded."))
    return HttpResponseRedirect(reverse("recognition_recognitioncase_detail", args=[case.pk]))


def decision_download(request, pk):
    """The decision as a PDF, for whoever may see the case (the applicant's institution, the authority)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    case = _case(request, pk)
    if case.status != RecognitionCase.Status.DECIDED:
        raise Http404(_("This case has not been decided yet."))
    response = HttpResponse(decision_pdf(case), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="recognition-decision-{case.pk}.pdf"'
    return response


def statistics(request):
    """Decisions per country pair (counts only)."""
    if not can(request.user, "view", Qualification):
        return _deny(request)
    return render(request, "recognition/statistics.html", {
        "rows": services.decision_statistics(), "outcomes": Outcome.choices})
