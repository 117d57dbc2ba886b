from django import template

from skillsnet.recognition import services
from skillsnet.recognition.forms import DecideForm

register = template.Library()


@register.simple_tag
def case_proposal(case):
    """The engine's decision for a submitted case (the stored proposal once it is decided)."""
    from skillsnet.recognition.views import decision_context

    if case.status == case.Status.DECIDED:
        return None
    try:
        decision = services.assess_qualification(case.qualification_id, case.target_country_id, case.purpose)
    except ValueError:
        return None
    return decision_context(decision)


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
    return DecideForm(initial=initial, case=case)
