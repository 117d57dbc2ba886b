"""Writes of the results framework. Every door (web, API, CLI, import, demo) calls these.

An approved period is frozen: approving stores the value of every indicator and every disaggregation cell,
with the revision of each indicator's definition; creating, changing or deleting its hand-entered values and
targets raises core.errors.LockedRecord. Records may still change: pages, the donor report and the API show
the approved value and, apart, the drift since. Reopening needs a reason and is written to the change log.
Indicator definitions are versioned (IndicatorRevision): every change of what an indicator counts writes one.
"""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from skillsnet.accounts.permissions import can, matching_rules
from skillsnet.core import services as core
from skillsnet.core.privacy import linked_name
from skillsnet.core.changelog import record_change, snapshot
from skillsnet.core.errors import LockedRecord

from .models import Attribution, Indicator, IndicatorRevision, IndicatorValue, Period, PeriodApproval, Target
from skillsnet.core.retry import retry_conflicts

DEFINITION_FIELDS = ("name", "definition", "unit", "direction", "method", "measure", "filters", "denominator_measure",
                     "denominator_filters", "disaggregations", "baseline_value", "baseline_year", "baseline_note")


def approves(user):
    """Whether the user approves and reopens periods: may change every approval of the network (the rules
    grant this network-wide, not per country or institution)."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return any(rule.scope == "all" for rule, _orgs, _countries in matching_rules(user, PeriodApproval, "change"))


is_secretariat = approves  # the name the views used


def check_unlocked(period, country=None, actor=None):
    """Raise LockedRecord when the period is approved for this country or for all countries (naming the approver
    only when `actor` may view that user)."""
    if period is None:
        return
    period_id = period.pk if hasattr(period, "pk") else period
    country_id = getattr(country, "pk", country)
    approvals = PeriodApproval.objects.filter(period_id=period_id, status=PeriodApproval.Status.APPROVED)
    approvals = approvals.filter(Q(country__isnull=True) | Q(country_id=country_id)) if country_id else \
        approvals.filter(country__isnull=True)
    approval = approvals.select_related("approved_by", "period", "period__project").first()
    if approval is not None:
        raise LockedRecord(_(
            "%(project)s %(period)s is approved%(country)s (by %(who)s on %(when)s): its values are locked. "
            "Ask the secretariat to unlock the period, with a reason, to change them.") % {
            "project": approval.period.project.code, "period": approval.period,
            "country": f" ({approval.country_id})" if approval.country_id else "",
            "who": linked_name(actor, approval, "approved_by") or "?",
            "when": approval.approved_at.strftime("%Y-%m-%d") if approval.approved_at else "?"})


def _set_entry_breakdown(obj):
    if obj.indicator_id and obj._state.adding:
        obj.disaggregations_at_entry = list(obj.indicator.disaggregations or [])


def create_indicator_value(actor, data, reason=""):
    check_unlocked(data.get("period"), data.get("country"), actor=actor)
    return core.create_object(actor, IndicatorValue, data, reason=reason, before_save=_set_entry_breakdown)


def update_indicator_value(actor, value_id, changes, expected_version, reason=""):
    current = core.get_for(actor, IndicatorValue, value_id, "change")
    check_unlocked(current.period_id, current.country_id, actor=actor)
    if "period" in changes or "country" in changes:
        check_unlocked(changes.get("period", current.period), changes.get("country", current.country), actor=actor)
    return core.update_object(actor, IndicatorValue, value_id, changes, expected_version=expected_version,
                              reason=reason)


def delete_indicator_value(actor, value_id, expected_version=None, reason=""):
    current = core.get_for(actor, IndicatorValue, value_id, "delete")
    check_unlocked(current.period_id, current.country_id, actor=actor)
    return core.delete_object(actor, IndicatorValue, value_id, expected_version=expected_version, reason=reason)


def create_target(actor, data, reason=""):
    check_unlocked(data.get("period"), actor=actor)
    return core.create_object(actor, Target, data, reason=reason)


def update_target(actor, target_id, changes, expected_version, reason=""):
    current = core.get_for(actor, Target, target_id, "change")
    check_unlocked(current.period_id, actor=actor)
    return core.update_object(actor, Target, target_id, changes, expected_version=expected_version, reason=reason)


def delete_target(actor, target_id, expected_version=None, reason=""):
    current = core.get_for(actor, Target, target_id, "delete")
    check_unlocked(current.period_id, actor=actor)
    return core.delete_object(actor, Target, target_id, expected_version=expected_version, reason=reason)


def definition_of(indicator):
    data = snapshot(indicator)
    return {name: data.get(name) for name in DEFINITION_FIELDS}


def _write_revision(indicator, reason):
    definition = definition_of(indicator)
    last = indicator.revisions.order_by("-number").first()
    if last is not None and last.definition == definition:
        return last
    number = (indicator.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
    return IndicatorRevision.objects.create(indicator=indicator, number=number, definition=definition,
                                            reason=(reason or "")[:500])


def current_revision(indicator):
    """The latest revision of the indicator's definition (written by a post-write step on every door)."""
    return indicator.revisions.order_by("-number").first()


def indicators_written(model, pks, action, before):
    """Post-write step (registered in steps.py): a new revision whenever what an indicator counts changed."""
    if action == "delete":
        return
    for indicator in Indicator.objects.filter(pk__in=list(pks)):
        _write_revision(indicator, "")


def create_indicator(actor, data, reason=""):
    return core.create_object(actor, Indicator, data, reason=reason)


def update_indicator(actor, indicator_id, changes, expected_version, reason=""):
    """Change an indicator, e.g. its disaggregations: a new revision of its definition is written (by the
    post-write step); computed values follow at once; approved periods keep the revision they were approved
    with; values entered by hand keep the breakdown they were entered with (shown with a note)."""
    return core.update_object(actor, Indicator, indicator_id, changes, expected_version=expected_version,
                              reason=reason)


def indicator_as_of(indicator, revision):
    """An unsaved copy of the indicator with the definition of `revision` (to compute what it counted then)."""
    copy = Indicator.objects.get(pk=indicator.pk)
    fields = {f.attname: f for f in Indicator._meta.concrete_fields}
    for name, value in (revision.definition or {}).items():
        field = fields.get(name) or fields.get(f"{name}_id")
        if field is not None:
            setattr(copy, field.attname, field.to_python(value) if value is not None else None)
    return copy


# ---------------------------------------------------------------- attribution
def _check_attribution(actor, data):
    for name in ("activity", "project"):
        obj = data.get(name)
        if obj is not None and not can(actor, "view", obj):
            raise PermissionDenied(_("You may not link a record you cannot see."))


def attribute_activity(actor, data, reason=""):
    """Count an activity (its participations, hours and credentials) in a project, with the funder."""
    _check_attribution(actor, data)
    return core.create_object(actor, Attribution, data, reason=reason)


def update_attribution(actor, pk, changes, expected_version, reason=""):
    _check_attribution(actor, changes)
    return core.update_object(actor, Attribution, pk, changes, expected_version=expected_version, reason=reason)


def remove_attribution(actor, pk, expected_version=None, reason=""):
    return core.delete_object(actor, Attribution, pk, expected_version=expected_version, reason=reason)


# ---------------------------------------------------------------- approval
def _approval(actor, period_id, country):
    from skillsnet.directory.models import Country

    period = core.get_for(actor, Period, period_id, "view")
    country_id = getattr(country, "pk", country) or None
    approval = PeriodApproval.objects.select_for_update().filter(period=period, country_id=country_id).order_by("pk").first()
    if approval is None:
        country_obj = Country.objects.get(pk=country_id) if country_id else None
        approval = core.create_object(actor, PeriodApproval, {"period": period, "country": country_obj},
                                      reason=_("approval record opened"))
        approval = PeriodApproval.objects.select_for_update().get(pk=approval.pk)
    return approval


def _transition(actor, approval, status, reason, **fields):
    before = snapshot(approval)
    approval.status = status
    for k, v in fields.items():
        setattr(approval, k, v)
    approval.version += 1
    approval.full_clean()
    approval.save()
    record_change(actor, approval, "transition", before, snapshot(approval), reason=reason)
    return approval


@retry_conflicts
def submit_period(actor, period_id, country=None, reason=""):
    """A country coordinator (or the secretariat) submits a period's values for approval."""
    with transaction.atomic():
        approval = _approval(actor, period_id, country)
        if not can(actor, "change", approval):
            raise PermissionDenied(_("You may not submit this period for this country."))
        if approval.status == PeriodApproval.Status.APPROVED:
            raise LockedRecord(_("This period is already approved."))
        return _transition(actor, approval, PeriodApproval.Status.SUBMITTED, reason or _("submitted for approval"),
                           submitted_by=actor, submitted_at=timezone.now())


def _frozen(indicator, period, country):
    """What approval stores for one indicator: total, numerator/denominator, every cell, the target and the
    revision of the definition it was computed with."""
    from .queries import actual

    a = actual(indicator, period, country=country)
    target = Target.objects.filter(indicator=indicator, period=period, breakdown="").first()

    def text(value):
        return None if value is None else str(value)

    revision = current_revision(indicator)
    return {"indicator": indicator.pk, "revision": revision.number if revision else None,
            "total": text(a.total), "numerator": text(a.numerator), "denominator": text(a.denominator),
            "target": text(target.value) if target else None,
            "rows": [{"dims": r["dims"], "value": text(r["value"]), "numerator": text(r.get("numerator")),
                      "denominator": text(r.get("denominator"))} for r in a.rows]}


@retry_conflicts
def approve_period(actor, period_id, country=None, reason=""):
    """The secretariat approves a submitted period: the value of every indicator and disaggregation cell is
    stored with its definition's revision, and the period's values and targets are locked."""
    if not approves(actor):
        raise PermissionDenied(_("Only the secretariat approves a period."))
    with transaction.atomic():
        approval = _approval(actor, period_id, country)
        if approval.status != PeriodApproval.Status.SUBMITTED:
            raise ValidationError(_("Only a submitted period can be approved (this one is %(status)s).")
                                  % {"status": approval.get_status_display()})
        period = approval.period
        values = {ind.code: _frozen(ind, period, approval.country_id)
                  for ind in Indicator.objects.filter(node__project=period.project_id).select_related("node__project")}
        return _transition(actor, approval, PeriodApproval.Status.APPROVED, reason or _("approved"),
                           approved_by=actor, approved_at=timezone.now(), snapshot=values)


@retry_conflicts
def reopen_period(actor, period_id, country=None, reason=""):
    """Reopen an approved period (the secretariat, with a reason, written to the change log). The values stored
    at approval stay in the log entry; the period shows live values until it is approved again."""
    if not approves(actor):
        raise PermissionDenied(_("Only the secretariat reopens a period."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for reopening an approved period.")})
    with transaction.atomic():
        approval = _approval(actor, period_id, country)
        if approval.status != PeriodApproval.Status.APPROVED:
            raise ValidationError(_("This period is not approved."))
        return _transition(actor, approval, PeriodApproval.Status.OPEN, reason, approved_by=None, approved_at=None,
                           reopened_at=timezone.now(), reopen_reason=reason.strip(), snapshot={})


unlock_period = reopen_period
