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

from skillsnet.accounts.permissions import can
from skillsnet.core.views import deny, run_service

from . import services
from .forms import AssessForm, CompareForm, DecideForm
from .models import Outcome, Qualification, RecognitionCase
from .pdf import decision_pdf


_deny = deny  # sign-in for visitors, 403 for signed-in users


def decision_context(decision, user=None):
    """What the decision template shows, with the qualifications named (those the user may see)."""
    ids = {decision.target_qualification_id, decision.source_qualification_id} - {None}
    ids |= {s.qualification_id for s in decision.candidate_scores} | {a.qualification_id for a in
                                                                      decision.alternatives}
    visible = Qualification.objects.all() if user is None else Qualification.objects.for_user(user, "view")
    by_pk = {q.pk: q for q in visible.filter(pk__in=ids).select_related("level__framework")}
    outcomes = dict(Outcome.choices)
    return {"decision": decision, "outcome_label": outcomes.get(decision.outcome, decision.outcome),
            "target": by_pk.get(decision.target_qualification_id),
            "proposals": [{"score": s, "qualification": by_pk.get(s.qualification_id),
                           "compared": s.qualification_id == decision.target_qualification_id}
                          for s in decision.candidate_scores],
            "alternatives": [{"alternative": a, "qualification": by_pk.get(a.qualification_id),
                              "outcome_label": outcomes.get(a.outcome, a.outcome)} for a in decision.alternatives],
            "substantial": [d for d in decision.differences if d.substantial],
            "minor": [d for d in decision.differences if not d.substantial]}


def assess(request):
    """Pick a qualification, a target country and a purpose; see the engine's decision."""
    if not can(request.user, "view", Qualification):
        return _deny(request)
    form = AssessForm(request.GET or None, user=request.user)
    ctx = {"form": form}
    if form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.assess_qualification(data["qualification"].pk, data["target_country"].pk,
                                                     data["purpose"], actor=request.user,
                                                     compare_with=[q.pk for q in data["compare_with"]])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            ctx.update(decision_context(decision, request.user))
            ctx["chosen"] = {q.pk for q in data["compare_with"]}
    return render(request, "recognition/assess.html", ctx)


def _case(request, pk, action="view"):
    try:
        return (RecognitionCase.objects.for_user(request.user, action)
                .select_related("person", "qualification", "target_country").get(pk=pk))
    except (RecognitionCase.DoesNotExist, ValueError, ValidationError):
        raise Http404(_("Not found."))


@require_POST
def decide(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("recognition_recognitioncase_detail", args=[pk]))
    case = _case(request, pk)
    form = DecideForm(request.POST, case=case, user=request.user)
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


@require_POST
def compare(request, pk):
    """The assessor chooses the qualification(s) a case is compared with."""
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("recognition_recognitioncase_detail", args=[pk]))
    case = _case(request, pk)
    form = CompareForm(request.POST, case=case, user=request.user)
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{form.fields[field].label if field in form.fields else ''}: {' '.join(errors)}")
    else:
        data = form.cleaned_data
        run_service(request, lambda: services.choose_comparison(
            request.user, case.pk, [q.pk for q in data["compared_with"]], data["version"]),
            _("The comparison was recorded on the case."))
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
        "rows": services.decision_statistics(request.user), "outcomes": Outcome.choices})
