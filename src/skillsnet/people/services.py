"""Writes about people. Every door (web, API, CLI, import, demo loader) calls these.

merge_people moves everything that points to the merged person (found generically through
Person._meta.related_objects, so other apps' links move too), keeps every record, and writes one
change-log entry with action "merge", then deletes the merged person through the log.
"""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from skillsnet.accounts.permissions import can
from skillsnet.core import derived
from skillsnet.core import services as core
from skillsnet.core.changelog import record_change, snapshot
from skillsnet.core.i18n import all_columns

from .models import Participation, Person
from skillsnet.core.retry import retry_conflicts

ASSESSMENT_RANK = {Participation.Assessment.NOT_ASSESSED: 0, Participation.Assessment.FAILED: 1,
                   Participation.Assessment.PASSED: 2}


def create_person(actor, data, reason=""):
    return core.create_object(actor, Person, data, reason=reason)


def update_person(actor, person_id, changes, expected_version, reason=""):
    return core.update_object(actor, Person, person_id, changes, expected_version=expected_version, reason=reason)


def record_participation(actor, person_id, activity_id, *, role=Participation.Role.PARTICIPANT,
                         expected_version=None, reason="", **fields):
    """Create the person's participation in the activity in this role, or update the one that exists."""
    from skillsnet.activities.models import Activity

    person = core.get_for(actor, Person, person_id, "view")
    activity = core.get_for(actor, Activity, activity_id, "view")
    existing = Participation.objects.filter(person=person, activity=activity, role=role).first()
    if existing is None:
        data = {"person": person, "activity": activity, "role": role, **fields}
        # the person and the activity were read above as the actor may view them: check_links's own check
        return core.create_object(actor, Participation, data, reason=reason, derived_links=("person", "activity"))
    version = existing.version if expected_version is None else expected_version
    return core.update_object(actor, Participation, existing.pk, fields, expected_version=version, reason=reason)


def register_participant(actor, person_id, activity_id, *, role=Participation.Role.PARTICIPANT, registered=True,
                         attended=False, completed=False, reason=""):
    """Register a person for an activity (the registration page). Registering someone already registered
    never resets what was recorded: a box left unticked does not clear attendance or completion, and
    hours, assessment and notes stay as they are; only newly ticked facts are added."""
    from skillsnet.activities.models import Activity

    person = core.get_for(actor, Person, person_id, "view")
    activity = core.get_for(actor, Activity, activity_id, "view")
    existing = Participation.objects.filter(person=person, activity=activity, role=role).first()
    flags = {"registered": bool(registered), "attended": bool(attended), "completed": bool(completed)}
    if existing is None:
        return core.create_object(actor, Participation, {"person": person, "activity": activity, "role": role,
                                                         **flags}, reason=reason, derived_links=("person", "activity"))
    added = {name: True for name, value in flags.items() if value and not getattr(existing, name)}
    if not added:
        return existing
    return core.update_object(actor, Participation, existing.pk, added, expected_version=existing.version,
                              reason=reason)


# ------------------------------------------------------------------ merge
def _links_to_person():
    """[(model, fk field name)] for every table holding a foreign key to Person (M2M through tables included)."""
    links = []
    for rel in Person._meta.related_objects:
        if rel.many_to_many:
            through = rel.through
            for field in through._meta.fields:
                if field.is_relation and field.related_model is Person and field.many_to_one:
                    links.append((through, field.name))
        else:
            links.append((rel.related_model, rel.field.name))
    return list(dict.fromkeys(links))


def _unique_sets(model, fk):
    """Field-name tuples that must be unique together and include the foreign key `fk`."""
    sets = [tuple(u) for u in model._meta.unique_together]
    sets += [tuple(c.fields) for c in model._meta.constraints
             if isinstance(c, models.UniqueConstraint) and c.fields and c.condition is None]
    field = model._meta.get_field(fk)
    if field.unique:
        sets.append((fk,))
    names = {fk, field.attname}
    return [tuple(model._meta.get_field(n).attname for n in s) for s in sets if names & set(s)]


def _twin(model, fk, row, keep, unique_sets):
    """The kept person's row that `row` would collide with once moved, if any."""
    attname = model._meta.get_field(fk).attname
    for fields in unique_sets:
        lookup = {f: getattr(row, f) for f in fields if f != attname}
        lookup[attname] = keep.pk
        twin = model._default_manager.filter(**lookup).exclude(pk=row.pk).first()
        if twin is not None:
            return twin
    return None


def _combine_participations(kept, merged):
    """One participation from two of the same person, activity and role: flags OR, hours max."""
    for flag in ("registered", "attended", "completed"):
        setattr(kept, flag, getattr(kept, flag) or getattr(merged, flag))
    hours = [h for h in (kept.hours, merged.hours) if h is not None]
    kept.hours = max(hours) if hours else None
    if ASSESSMENT_RANK.get(merged.assessment, 0) > ASSESSMENT_RANK.get(kept.assessment, 0):
        kept.assessment = merged.assessment
    if merged.notes and merged.notes not in kept.notes:
        kept.notes = "\n".join(n for n in (kept.notes, merged.notes) if n)
    kept.version += 1
    kept.full_clean()
    kept.save()


def _move_related(keep, merge):
    """Point every link from `merge` to `keep`. Returns {model label: {"moved": [...], "combined": [...]}}."""
    report = {}
    for model, fk in _links_to_person():
        attname = model._meta.get_field(fk).attname
        rows = list(model._default_manager.filter(**{attname: merge.pk}))
        if not rows:
            continue
        entry = report.setdefault(model._meta.label_lower, {"moved": [], "combined": []})
        unique_sets = _unique_sets(model, fk)
        stamp = {"updated_at": timezone.now()} if any(f.name == "updated_at" for f in model._meta.fields) else {}
        if any(f.name == "version" for f in model._meta.fields):
            stamp["version"] = F("version") + 1
        updated, removed = {}, {}
        for row in rows:
            twin = _twin(model, fk, row, keep, unique_sets) if unique_sets else None
            before = snapshot(row)
            if twin is None:
                model._default_manager.filter(pk=row.pk).update(**{attname: keep.pk}, **stamp)
                entry["moved"].append(row.pk)
                updated[row.pk] = before
                continue
            if model is Participation:
                updated.setdefault(twin.pk, snapshot(twin))
                _combine_participations(twin, row)
            entry["combined"].append({"kept": twin.pk, "removed": row.pk, "removed_row": before})
            removed[row.pk] = before
            derived.delete_with_dependants(row)
        # queryset updates and these deletes run no step of their own: derived data (results, search) follow here,
        # once per model for all its rows
        derived.after_write(model, list(removed), "delete", before=removed)
        derived.after_write(model, list(updated), "update", before=updated)
    return report


def _merge_fields(keep, merge):
    """Fill what the kept person lacks from the merged one; every other name becomes an alias."""
    for column in all_columns("name"):
        if not getattr(keep, column) and getattr(merge, column):
            setattr(keep, column, getattr(merge, column))
    names = set(keep.all_names())
    keep.aliases = list(keep.aliases or []) + [n for n in merge.all_names() if n not in names]
    for name in ("honorific", "birth_year", "nationality_id", "organisation_id", "consent_date"):
        if getattr(keep, name) in (None, "") and getattr(merge, name) not in (None, ""):
            setattr(keep, name, getattr(merge, name))
    if keep.sex == Person.Sex.UNKNOWN:
        keep.sex = merge.sex
    if keep.kind == Person.Kind.OTHER:
        keep.kind = merge.kind
    for flag in ("has_disability", "disadvantaged_youth", "consent_given"):
        setattr(keep, flag, getattr(keep, flag) or getattr(merge, flag))
    if merge.notes and merge.notes not in keep.notes:
        keep.notes = "\n".join(n for n in (keep.notes, merge.notes) if n)


@retry_conflicts
def merge_people(actor, keep_id, merge_id, reason):
    """Merge person `merge_id` into `keep_id`: one "merge" entry in the change log, then the merged person
    is deleted (with its own "delete" entry). Nothing the merged person was linked to is lost."""
    if str(keep_id) == str(merge_id):
        raise ValidationError(_("Choose two different people to merge."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give a reason for the merge.")})
    with transaction.atomic():
        keep = core.get_for(actor, Person, keep_id, "change")
        merge = core.get_for(actor, Person, merge_id, "delete")
        if not can(actor, "change", Participation):
            raise PermissionDenied(_("You may not move participations."))
        keep = Person.objects.select_for_update().get(pk=keep.pk)
        merge = Person.objects.select_for_update().get(pk=merge.pk)
        before = {"kept": snapshot(keep), "merged": snapshot(merge)}
        moved = _move_related(keep, merge)
        _merge_fields(keep, merge)
        keep.version += 1
        keep.full_clean()
        keep.save()
        after = {**snapshot(keep), "merged_person": merge.pk, "moved": moved}
        record_change(actor, keep, "merge", before, after, reason=reason)
        derived.after_write(Person, [keep.pk], "update", before={keep.pk: before["kept"]})
        core.delete_object(actor, Person, merge.pk, expected_version=Person.objects.get(pk=merge.pk).version, reason=_("Merged into %(person)s (id %(pk)s): %(reason)s")
                           % {"person": keep, "pk": keep.pk, "reason": reason})
    return keep
