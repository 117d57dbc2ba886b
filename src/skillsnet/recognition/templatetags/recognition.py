from django import template

from skillsnet.recognition import services
from skillsnet.recognition.forms import CompareForm, DecideForm

register = template.Library()


@register.simple_tag
def case_proposal(case, user=None):
    """The engine's decision for a submitted case, compared with what the assessor chose (None once decided)."""
    from django.core.exceptions import ValidationError

    from skillsnet.recognition.views import decision_context

    if case.status == case.Status.DECIDED:
        return None
    try:
        decision = services.assess_qualification(case.qualification_id, case.target_country_id, case.purpose,
                                                 compare_with=services._chosen(case))
    except (ValueError, ValidationError):
        return None
    return decision_context(decision, user)


@register.simple_tag
def compare_form(case, user):
    if case.status != case.Status.SUBMITTED or not services.may_decide(user):
        return None
    return CompareForm(initial={"version": case.version, "compared_with": services._chosen(case)}, case=case,
                       user=user)


@register.simple_tag
def decide_form(case, user, proposal=None):
    if case.status != case.Status.SUBMITTED or not services.may_decide(user):
        return None
    initial = {"version": case.version}
    if proposal:
        decision = proposal["decision"]
        initial.update(outcome=decision.outcome, reasons="\n".join(decision.reasons),
                       conditions=services._conditions_from(decision),
                       target_qualification=decision.target_qualification_id)
    return DecideForm(initial=initial, case=case, user=user)
