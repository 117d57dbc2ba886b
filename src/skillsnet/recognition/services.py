"""Writes about recognition, and the bridge between the models and the pure engine (engine.py).

Every door (web, API, CLI, demo loader) calls these; each write goes through core.services, so it
is checked against accounts.rules, validated and written to the change log.

For the credentials app: `decision_data(case)` gives a decided case's person, qualification and
decision as plain data (see its docstring); `decided_cases()` lists decided cases.
"""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from skillsnet.accounts.permissions import can
from skillsnet.core import services as core
from skillsnet.core import privacy
from skillsnet.core.changelog import record_change, snapshot
from skillsnet.core.errors import LockedRecord, StaleEdit
from skillsnet.core.i18n import localized

from . import engine
from .models import (AQRF_CODE, CompetencyUnit, Framework, Level, LevelReference, Outcome, Qualification,
                     QualificationUnit, RecognitionCase, UnitLink)
from skillsnet.core.retry import retry_conflicts


_KIND = {"regional_reference_framework": Framework.Kind.AQRF,
         "national_qualifications_framework": Framework.Kind.NQF,
         "national_skill_level_system": Framework.Kind.SKILL_LEVELS}
_LANG_COLUMNS = {"en": "", "zh-hans": "_zh_hans", "lo": "_lo", "km": "_km", "id": "_id"}


# ------------------------------------------------------------------ reference frameworks
def _names(base, values, max_length):
    out = {}
    for lang, suffix in _LANG_COLUMNS.items():
        if isinstance(values, dict) and values.get(lang):
            out[f"{base}{suffix}"] = str(values[lang])[:max_length]
    if base not in out:
        out[base] = (next(iter(values.values()), "") if isinstance(values, dict) else str(values or ""))[:max_length]
    return out


def load_frameworks(actor, path=None):
    """Load the shipped frameworks.json (or `path`): frameworks, levels and AQRF references.

    Idempotent: what exists is left as it is (the recognition authority may have edited it);
    only what is missing is created. Returns the numbers created.
    """
    from skillsnet.directory.models import Country

    data = engine.load_frameworks(path)
    created = {"frameworks": 0, "levels": 0, "references": 0}
    with transaction.atomic():
        # The AQRF first: every other reference points at its levels.
        ordered = sorted(data, key=lambda fw: (fw["code"] != AQRF_CODE, fw["code"]))
        for fw in ordered:
            framework = Framework.objects.filter(code=fw["code"]).first()
            if framework is None:
                country = Country.objects.filter(pk=fw.get("country")).first() if fw.get("country") else None
                referencing = fw.get("referencing") or {}
                note = "\n\n".join(n for n in (fw.get("note"), referencing.get("note"), fw.get("descriptor_note")) if n)
                framework = core.create_object(actor, Framework, {
                    "code": fw["code"], **_names("name", fw.get("name") or fw["code"], 300),
                    "short_name": (fw.get("short_name") or "")[:120], "kind": _KIND.get(fw.get("kind"), "nqf"),
                    "country": country, "source": fw.get("source") or referencing.get("source") or "",
                    "note": note}, reason=_("shipped reference framework data"))
                created["frameworks"] += 1
            for lvl in fw.get("levels", []):
                level = Level.objects.filter(framework=framework, code=str(lvl["code"])).first()
                if level is None:
                    descriptors = lvl.get("descriptors") or {}
                    level = core.create_object(actor, Level, {
                        "framework": framework, "code": str(lvl["code"]), "order": int(lvl.get("order") or 1),
                        **_names("title", lvl.get("title") or str(lvl["code"]), 200),
                        "knowledge_and_skills": descriptors.get("knowledge_and_skills", ""),
                        "application_and_responsibility": descriptors.get("application_and_responsibility", ""),
                        "note": lvl.get("older_scheme_note") or ""}, reason=_("shipped reference framework data"))
                    created["levels"] += 1
        for fw in ordered:
            for lvl in fw.get("levels", []):
                level = Level.objects.get(framework__code=fw["code"], code=str(lvl["code"]))
                if LevelReference.objects.filter(level=level).exists():
                    continue
                aqrf = lvl.get("aqrf") or {}
                prov = aqrf.get("provenance") or {}
                target = None
                if aqrf.get("level") is not None:
                    target = Level.objects.get(framework__code=AQRF_CODE, order=int(aqrf["level"]))
                core.create_object(actor, LevelReference, {
                    "level": level, "aqrf_level": target, "status": prov.get("status") or "proposed",
                    "source": prov.get("source") or "", "validated_by": prov.get("validated_by") or "",
                    "date": prov.get("date") or "", "note": prov.get("note") or ""},
                    reason=_("shipped reference framework data"))
                created["references"] += 1
    return created


def update_level_reference(actor, reference_id, changes, expected_version, reason=""):
    """Change where a level stands on the AQRF (recognition authority and secretariat only, see accounts.rules)."""
    return core.update_object(actor, LevelReference, reference_id, changes, expected_version=expected_version,
                              reason=reason)


# ------------------------------------------------------------------ units and qualifications
def create_unit_link(actor, data, reason=""):
    """Record that two units are (partly) equivalent; the deciding person and date default to the actor and today."""
    data = dict(data)
    data.setdefault("decided_by", actor if getattr(actor, "is_authenticated", False) else None)
    if not data.get("decided_on"):
        data["decided_on"] = timezone.localdate()
    return core.create_object(actor, UnitLink, data, reason=reason)


def link_units(actor, unit_a_id, unit_b_id, relation=UnitLink.Relation.EQUIVALENT, notes="", reason=""):
    unit_a = core.get_for(actor, CompetencyUnit, unit_a_id, "view")
    unit_b = core.get_for(actor, CompetencyUnit, unit_b_id, "view")
    return create_unit_link(actor, {"unit_a": unit_a, "unit_b": unit_b, "relation": relation, "notes": notes},
                            reason=reason)


def add_unit(actor, qualification_id, unit_id, kind=QualificationUnit.Kind.CORE, reason=""):
    """Make a competency unit a core or elective unit of a qualification."""
    qualification = core.get_for(actor, Qualification, qualification_id, "change")
    unit = core.get_for(actor, CompetencyUnit, unit_id, "view")
    return core.create_object(actor, QualificationUnit, {"qualification": qualification, "unit": unit, "kind": kind},
                              reason=reason)


# ------------------------------------------------------------------ models → engine
def level_ref_for(level):
    """The engine's LevelRef for a Level, with the provenance of its AQRF reference."""
    if level is None:
        return None
    try:
        ref = level.reference
    except LevelReference.DoesNotExist:
        ref = None
    framework = level.framework
    return engine.LevelRef(
        framework_code=framework.code, level_code=level.code, level_title=localized(level, "title") or level.code,
        aqrf_level=ref.aqrf_number if ref else None,
        provenance_status=ref.status if ref else engine.PROPOSED,
        source=ref.source if ref else "", validated_by=(ref.validated_by or None) if ref else None,
        framework_name=str(framework), note=ref.note if ref else "", date=(ref.date or None) if ref else None)


def _unit(unit, level_refs):
    return engine.Unit(id=unit.pk, code=unit.code, title=unit.title,
                       learning_outcomes=list(unit.learning_outcomes or []),
                       hours=float(unit.nominal_hours) if unit.nominal_hours is not None else None,
                       level=level_refs.get(unit.level_id))


def _qualification(q, level_refs):
    core_units, electives = [], []
    for entry in q.unit_entries.all():
        target = core_units if entry.kind == QualificationUnit.Kind.CORE else electives
        target.append(_unit(entry.unit, level_refs))
    return engine.Qualification(
        id=q.pk, title=q.title, country=q.country_id, level=level_refs.get(q.level_id),
        isco_code=q.isco_occupation_id, isced_code=q.isced_field_id, core_units=core_units, elective_units=electives)


def _prefetched(qs):
    return qs.select_related("level__framework", "level__reference__aqrf_level").prefetch_related(
        "unit_entries__unit__level__framework", "unit_entries__unit__level__reference__aqrf_level")


def top_up_modules(unit_ids):
    """Top-up modules (curricula.Module, kind top_up) of the latest published version of each curriculum
    that map to any of `unit_ids`."""
    if not unit_ids:
        return []
    from skillsnet.curricula.queries import latest_published_versions
    from skillsnet.curricula.models import Module

    modules = (Module.objects.filter(kind=Module.Kind.TOP_UP, curriculum_version__in=latest_published_versions(),
                                     units__in=list(unit_ids))
               .select_related("curriculum_version__curriculum").prefetch_related("units").distinct().order_by("pk"))
    return [engine.TopUpModule(id=m.pk, title=m.title, curriculum_title=m.curriculum_version.curriculum.title,
                               hours=float(m.hours) if m.hours is not None else None,
                               covers_unit_ids=sorted(u.pk for u in m.units.all()))
            for m in modules]


def _decider(actor, link):
    """Who decided a unit equivalence, as the engine's notes name them: a user account, shown only to an actor who
    may view that user (core.privacy.linked_name); without an actor (a decision kept for every user, as in job
    matching) no one is named."""
    if actor is None or not link.decided_by_id:
        return ""
    name = privacy.linked_name(actor, link, "decided_by")
    return "" if name in (None, privacy.HIDDEN) else name


def assess_qualification(qualification_id, target_country, purpose, *, actor=None, compare_with=None):
    """Compare a qualification with the active qualifications of `target_country` for `purpose`
    (employment, further_study, regulated_practice) and return the engine's Decision, with the ranked
    proposals of comparison qualifications (`candidate_scores`).

    `compare_with`: ids of qualifications of the target country the assessor chose (see engine.assess);
    ValidationError when none of them is an active qualification of that country. Deterministic: the same
    records give the same decision. With `actor`, only qualifications the actor may see are compared.
    """
    purpose = engine.normalise_purpose(purpose)
    country = (getattr(target_country, "pk", target_country) or "").strip().upper()
    qs = Qualification.objects.all() if actor is None else Qualification.objects.for_user(actor, "view")
    try:
        source = _prefetched(qs).get(pk=qualification_id)
    except (Qualification.DoesNotExist, ValueError, ValidationError):
        raise core.NotFound(_("Qualification %(pk)s not found.") % {"pk": qualification_id})
    candidates = list(_prefetched(qs.filter(country_id=country, status=Qualification.Status.ACTIVE)
                                  .exclude(pk=source.pk)).order_by("pk"))
    levels = {}
    for q in [source, *candidates]:
        for lvl in [q.level] + [e.unit.level for e in q.unit_entries.all()]:
            if lvl is not None and lvl.pk not in levels:
                levels[lvl.pk] = level_ref_for(lvl)
    src = _qualification(source, levels)
    cands = [_qualification(c, levels) for c in candidates]
    source_ids = {u.id for u in src.core_units + src.elective_units}
    target_ids = {u.id for c in cands for u in c.core_units + c.elective_units}
    links = UnitLink.objects.filter(unit_a__in=source_ids | target_ids, unit_b__in=source_ids | target_ids)
    unit_links = [engine.UnitLink(link.unit_a_id, link.unit_b_id, link.relation, link.notes, _decider(actor, link))
                  for link in links.select_related("decided_by").order_by("pk")]
    try:
        return engine.assess(src, country, purpose, candidates=cands, unit_links=unit_links,
                             top_up_modules=top_up_modules(target_ids), compare_with=list(compare_with or []))
    except ValueError:
        raise ValidationError({"compared_with": _("Choose active qualifications of the target country.")})


# ------------------------------------------------------------------ recognition cases
def may_decide(user):
    """Whoever may change the level tables (the AQRF referencing) for the whole network decides recognition
    cases and chooses what they are compared with: the rules (accounts.rules) give that to the recognition
    authority and the secretariat; no role is named here."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return can(user, "change", LevelReference)


def submit_case(actor, data, reason=""):
    """A person applies for recognition of a qualification toward a target country and purpose."""
    data = dict(data)
    if not data.get("submitted_on"):
        data["submitted_on"] = timezone.localdate()
    return core.create_object(actor, RecognitionCase, data, reason=reason)


def update_case(actor, case_id, changes, expected_version, reason=""):
    case = core.get_for(actor, RecognitionCase, case_id, "change")
    if case.status == RecognitionCase.Status.DECIDED:
        raise LockedRecord(_("This case has been decided; its application can no longer be changed."))
    return core.update_object(actor, RecognitionCase, case_id, changes, expected_version=expected_version,
                              reason=reason)


def delete_case(actor, case_id, expected_version, reason=""):
    case = core.get_for(actor, RecognitionCase, case_id, "delete")
    if case.status == RecognitionCase.Status.DECIDED:
        raise LockedRecord(_("A decided case is kept: it cannot be deleted."))
    return core.delete_object(actor, RecognitionCase, case_id, expected_version=expected_version, reason=reason)


def _chosen(case):
    return sorted(case.compared_with.values_list("pk", flat=True))


def propose(actor, case_id):
    """The engine's proposal for a case, comparing with the qualifications the assessor chose for it, if any
    (nothing is written)."""
    case = core.get_for(actor, RecognitionCase, case_id, "view")
    return assess_qualification(case.qualification_id, case.target_country_id, case.purpose,
                                compare_with=_chosen(case))


def choose_comparison(actor, case_id, qualification_ids, expected_version, reason=""):
    """The assessor chooses the qualification(s) of the target country a submitted case is compared with
    (an empty list goes back to the engine's best proposal). Recorded on the case and in its change log."""
    if not may_decide(actor):
        raise PermissionDenied(_("Only a recognition authority or the secretariat may choose what a case is "
                                 "compared with."))
    case = core.get_for(actor, RecognitionCase, case_id, "view")
    if case.status != RecognitionCase.Status.SUBMITTED:
        raise LockedRecord(_("This case is %(status)s: what it is compared with can no longer change.")
                           % {"status": case.get_status_display()})
    ids = list(dict.fromkeys(qualification_ids or []))
    visible = Qualification.objects.for_user(actor, "view").filter(
        pk__in=ids, country_id=case.target_country_id, status=Qualification.Status.ACTIVE)
    if visible.count() != len(ids):
        raise ValidationError({"compared_with": _("Choose active qualifications of the target country "
                                                  "(%(country)s).") % {"country": case.target_country}})
    return core.update_object(actor, RecognitionCase, case.pk, {"compared_with": sorted(q.pk for q in visible)},
                              expected_version=expected_version, reason=reason or _("comparison chosen"),
                              action="transition")


def _conditions_from(decision):
    lines = [f"{m.title} ({m.curriculum_title}, {engine._fmt_hours(m.hours)})" for m in decision.top_ups]
    if decision.skills_assessment_required:
        lines.append(_("Skills assessment at the level of the target qualification"))
    return "\n".join(lines)


@retry_conflicts
def decide_case(actor, case_id, outcome, reasons, expected_version, *, conditions=None,
                target_qualification_id=None, reason=""):
    """The assessor's decision on a case: outcome, reasons and conditions (top-ups, assessment).

    The engine's proposal at the time of the decision is kept with it; the decision and its reasons
    are written to the change log (action "transition", reason = the reasons).
    """
    if not may_decide(actor):
        raise PermissionDenied(_("Only a recognition authority or the secretariat may decide recognition cases."))
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose one of: %(values)s.") % {"values": ", ".join(Outcome.values)}})
    reasons = (reasons or "").strip()
    if not reasons:
        raise ValidationError({"reasons": _("Give the reasons for the decision.")})
    with transaction.atomic():
        visible = core.get_for(actor, RecognitionCase, case_id, "change")
        case = RecognitionCase.objects.select_for_update().get(pk=visible.pk)
        try:
            expected = int(expected_version)
        except (TypeError, ValueError):
            raise ValidationError({"version": _("The version you edited is required (optimistic locking).")})
        if case.version != expected:
            raise StaleEdit(case, expected, core.last_change_for(actor, case))
        if case.status != RecognitionCase.Status.SUBMITTED:
            raise LockedRecord(_("This case is %(status)s: it cannot be decided again.")
                               % {"status": case.get_status_display()})
        decision = assess_qualification(case.qualification_id, case.target_country_id, case.purpose,
                                        compare_with=_chosen(case))
        target_id = target_qualification_id or decision.target_qualification_id
        target = None
        if target_id:
            target = Qualification.objects.filter(pk=target_id).first()
            if target is None:
                raise ValidationError({"target_qualification": _("Unknown qualification.")})
            if target.country_id != case.target_country_id:
                raise ValidationError({"target_qualification": _("Choose a qualification of the target country.")})
        if outcome != Outcome.NONE and target is None:
            raise ValidationError({"target_qualification": _("Name the qualification of the target country.")})
        before = snapshot(case)
        case.outcome = outcome
        case.reasons = reasons
        case.conditions = (conditions if conditions is not None else
                           (_conditions_from(decision) if outcome == Outcome.PARTIAL else "")).strip()
        case.target_qualification = target
        case.proposal = decision.to_dict()
        case.decided_by = actor
        case.decided_at = timezone.now()
        case.status = RecognitionCase.Status.DECIDED
        case.version += 1
        case.full_clean()
        case.save()
        record_change(actor, case, "transition", before, snapshot(case), reason=reason or reasons)
        from skillsnet.core import derived

        derived.after_write(RecognitionCase, [case.pk], "update", before={case.pk: before})
    return case


def decision_data(case):
    """A decided case as plain data, e.g. for issuing a credential of the recognition decision:
    {case_id, person_id, person_name, qualification_id, qualification_title, origin_country,
     target_country, purpose, outcome, outcome_label, recognised_as_id, recognised_as_title,
     reasons (list of lines), conditions (list of lines), decided_at (datetime), decided_by (username),
     level_refs (engine provenance dicts)}. None when the case is not decided."""
    if case.status != RecognitionCase.Status.DECIDED:
        return None
    target = case.target_qualification
    proposal = case.proposal or {}
    return {
        "case_id": case.pk, "person_id": case.person_id, "person_name": case.person.name,
        "qualification_id": case.qualification_id, "qualification_title": case.qualification.title,
        "origin_country": case.qualification.country_id, "target_country": case.target_country_id,
        "purpose": case.purpose, "outcome": case.outcome, "outcome_label": str(case.get_outcome_display()),
        "recognised_as_id": target.pk if target else None, "recognised_as_title": target.title if target else "",
        "reasons": [line for line in case.reasons.splitlines() if line.strip()],
        "conditions": [line for line in case.conditions.splitlines() if line.strip()],
        "decided_at": case.decided_at, "decided_by": case.decided_by.get_username() if case.decided_by_id else "",
        "level_refs": proposal.get("level_refs_used", []),
    }


def decided_cases(user=None):
    qs = RecognitionCase.objects.filter(status=RecognitionCase.Status.DECIDED).select_related(
        "person", "qualification", "target_qualification", "decided_by")
    return qs.for_user(user, "view") if user is not None else qs


# ------------------------------------------------------------------ statistics
def decision_statistics(user=None):
    """Decided cases per country pair (origin country of the qualification → target country) and outcome.

    Counts only: [{origin, target, full, partial, credit_units, none, total}]. Each case is one person's
    application, so for a `user` who may not see every decided case (core.privacy.sees_small_counts) a count
    below five shows as "< 5", and a row with such a count shows its total as "< 5" or "≥ 5" (else the total less
    the counts shown would give the masked one). `user` None: the system itself, exact counts."""
    from django.db.models import Count

    decided = RecognitionCase.objects.filter(status=RecognitionCase.Status.DECIDED)
    rows = decided.values("qualification__country", "target_country", "outcome").annotate(n=Count("id"))
    table = {}
    for row in rows:
        key = (row["qualification__country"], row["target_country"])
        entry = table.setdefault(key, {"origin": key[0], "target": key[1], **{o: 0 for o in Outcome.values},
                                       "total": 0})
        entry[row["outcome"]] += row["n"]
        entry["total"] += row["n"]
    out = [table[k] for k in sorted(table)]
    if user is None or not out or privacy.sees_small_counts(user, decided):
        return out
    return [_masked_statistics_row(entry) for entry in out]


def _masked_statistics_row(entry):
    """The counts masked (core.privacy.suppressed, no cell hidden for the total's sake), and the total shown as
    "< 5" / "≥ 5" where a count is masked (core.privacy.group_sum_shown)."""
    outcomes = list(Outcome.values)
    cells, _unprotected = privacy.suppressed([entry[o] for o in outcomes], [])
    masked = any(isinstance(c, str) for c in cells)
    return {**entry, **dict(zip(outcomes, cells)), "total": privacy.group_sum_shown(entry["total"], masked)}

