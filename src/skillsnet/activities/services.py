"""Writes about activities and programmes. Every door (web, API, CLI, import, demo loader) calls these.

The model's clean() holds the rules every door shows the same way: an activity cannot end before
it starts; an online activity names its platform; a part stays within its parent's dates.
"""
from skillsnet.core import services as core

from .models import Activity, ActivityOrganisation, FollowUpAction, Initiative
from skillsnet.core.retry import retry_conflicts


def parent_period(parent):
    """The most precise partial date that covers the whole parent activity ('' when unknown)."""
    if parent is None:
        return ""
    if not parent.start:
        return parent.period
    start, end = parent.start.isoformat(), (parent.end or parent.start).isoformat()
    for length in (10, 7, 4):
        if start[:length] == end[:length]:
            return start[:length]
    return ""


def _fill_from_parent(activity):
    """A part whose dates the source does not give takes its parent's period (never invented days)."""
    if activity.parent_id and not activity.start and not activity.period:
        activity.period = parent_period(activity.parent)


def create_activity(actor, data, reason=""):
    return core.create_object(actor, Activity, data, reason=reason, before_save=_fill_from_parent)


def update_activity(actor, activity_id, changes, expected_version, reason=""):
    return core.update_object(actor, Activity, activity_id, changes, expected_version=expected_version,
                              reason=reason, before_save=_fill_from_parent)


def add_organisation_to_activity(actor, activity_id, organisation, role, note="", reason=""):
    activity = core.get_for(actor, Activity, activity_id, "view")
    existing = ActivityOrganisation.objects.filter(activity=activity, organisation=organisation, role=role).first()
    if existing is not None:
        return existing
    return core.create_object(actor, ActivityOrganisation, {"activity": activity, "organisation": organisation,
                                                            "role": role, "note": note}, reason=reason)


def create_initiative(actor, data, reason=""):
    return core.create_object(actor, Initiative, data, reason=reason)


def close_follow_up(actor, action_id, status, expected_version, reason=""):
    """Mark a follow-up action done or cancelled."""
    return core.update_object(actor, FollowUpAction, action_id, {"status": status},
                              expected_version=expected_version, reason=reason, action="transition")


def registration_flags(registered=False, attended=False, completed=False):
    """The flags to write when registering someone: only those set. Registering a person again never clears
    what was recorded (attended, completed); un-ticking is done on the participation's own page."""
    return {name: True for name, value in (("registered", registered), ("attended", attended),
                                           ("completed", completed)) if value}


@retry_conflicts
def register_people(actor, activity_id, names, *, organisation=None, role="participant", registered=True,
                    attended=False, completed=False, reason=""):
    """Register people by name for the activity: a visible person of that organisation with the same name is
    reused, anyone else is created (people.Person). Returns [(person, created)] in the order given."""
    from django.db import transaction

    from skillsnet.accounts.permissions import restrict
    from skillsnet.people.models import Person
    from skillsnet.people.services import create_person, record_participation

    flags = registration_flags(registered, attended, completed)
    out, seen = [], set()
    with transaction.atomic():
        for raw in names:
            name = " ".join(str(raw).split())[:200]
            if not name or name.casefold() in seen:
                continue
            seen.add(name.casefold())
            existing = restrict(Person.objects.filter(name__iexact=name, organisation=organisation), actor, "view").first()
            person = existing or create_person(actor, {"name": name, "organisation": organisation}, reason=reason)
            record_participation(actor, person.pk, activity_id, role=role, reason=reason, **flags)
            out.append((person, existing is None))
    return out
