"""Writes of the results framework. Every door (web, API, CLI, import, demo) calls these.

An approved period is locked: creating, changing or deleting its values (and its targets) raises
core.errors.LockedRecord with the reason. Unlocking needs a reason and is written to the change log.
"""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from skillsnet.accounts.permissions import can
from skillsnet.core import services as core
from skillsnet.core.changelog import record_change, snapshot
from skillsnet.core.errors import LockedRecord

from .models import Indicator, IndicatorValue, Period, PeriodApproval, Target


def is_secretariat(user):
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return getattr(user, "is_authenticated", False) and \
        user.role_assignments.filter(role="secretariat_admin").exists()


def check_unlocked(period, country=None):
    """Raise LockedRecord when the period is approved for this country or for all countries."""
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
            "who": approval.approved_by.get_username() if approval.approved_by else "?",
            "when": approval.approved_at.strftime("%Y-%m-%d") if approval.approved_at else "?"})


def _set_entry_breakdown(obj):
    if obj.indicator_id and obj._state.adding:
        obj.disaggregations_at_entry = list(obj.indicator.disaggregations or [])


def create_indicator_value(actor, data, reason=""):
    check_unlocked(data.get("period"), data.get("country"))
    return core.create_object(actor, IndicatorValue, data, reason=reason, before_save=_set_entry_breakdown)


def update_indicator_value(actor, value_id, changes, expected_version, reason=""):
    current = core.get_for(actor, IndicatorValue, value_id, "change")
    check_unlocked(current.period_id, current.country_id)
    if "period" in changes or "country" in changes:
        check_unlocked(changes.get("period", current.period), changes.get("country", current.country))
    return core.update_object(actor, IndicatorValue, value_id, changes, expected_version=expected_version,
                              reason=reason)


def delete_indicator_value(actor, value_id, expected_version=None, reason=""):
    current = core.get_for(actor, IndicatorValue, value_id, "delete")
    check_unlocked(current.period_id, current.country_id)
    return core.delete_object(actor, IndicatorValue, value_id, expected_version=expected_version, reason=reason)


def create_target(actor, data, reason=""):
    check_unlocked(data.get("period"))
    return core.create_object(actor, Target, data, reason=reason)


def update_target(actor, target_id, changes, expected_version, reason=""):
    current = core.get_for(actor, Target, target_id, "change")
    check_unlocked(current.period_id)
    return core.update_object(actor, Target, target_id, changes, expected_version=expected_version, reason=reason)


def delete_target(actor, target_id, expected_version=None, reason=""):
    current = core.get_for(actor, Target, target_id, "delete")
    check_unlocked(current.period_id)
    return core.delete_object(actor, Target, target_id, expected_version=expected_version, reason=reason)


def update_indicator(actor, indicator_id, changes, expected_version, reason=""):
    """Change an indicator, e.g. its disaggregations: computed values follow at once; values entered by hand
    keep the breakdown they were entered with (shown with a note)."""
    return core.update_object(actor, Indicator, indicator_id, changes, expected_version=expected_version,
                              reason=reason)


# ---------------------------------------------------------------- approval
def _approval(actor, period_id, country):
    from skillsnet.directory.models import Country

    period = core.get_for(actor, Period, period_id, "view")
    country_id = getattr(country, "pk", country) or None
    approval = PeriodApproval.objects.select_for_update().filter(period=period, country_id=country_id).first()
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


def approve_period(actor, period_id, country=None, reason=""):
    """The secretariat approves a submitted period; its values are locked and a snapshot is kept."""
    from .queries import actual

    if not is_secretariat(actor):
        raise PermissionDenied(_("Only the secretariat approves a period."))
    with transaction.atomic():
        approval = _approval(actor, period_id, country)
        if approval.status != PeriodApproval.Status.SUBMITTED:
            raise ValidationError(_("Only a submitted period can be approved (this one is %(status)s).")
                                  % {"status": approval.get_status_display()})
        period = approval.period
        values = {}
        for ind in Indicator.objects.filter(node__project=period.project_id):
            a = actual(ind, period, country=approval.country_id)
            values[ind.code] = {"total": None if a.total is None else str(a.total),
                                "rows": [{"dims": r["dims"], "value": None if r["value"] is None else str(r["value"])}
                                         for r in a.rows]}
        return _transition(actor, approval, PeriodApproval.Status.APPROVED, reason or _("approved"),
                           approved_by=actor, approved_at=timezone.now(), snapshot=values)


def unlock_period(actor, period_id, country=None, reason=""):
    if not is_secretariat(actor):
        raise PermissionDenied(_("Only the secretariat unlocks a period."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for unlocking an approved period.")})
    with transaction.atomic():
        approval = _approval(actor, period_id, country)
        if approval.status != PeriodApproval.Status.APPROVED:
            raise ValidationError(_("This period is not approved."))
        return _transition(actor, approval, PeriodApproval.Status.OPEN, reason, approved_by=None, approved_at=None)
