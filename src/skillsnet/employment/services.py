"""Writes of the employment app. Each goes through core.services (permission, one transaction, change log,
post-write steps that keep the match features in line); the UI, the API, the CLI, the importer and the demo
loader all call these."""
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from skillsnet.accounts.permissions import can
from skillsnet.core import services as core
from skillsnet.core.changelog import record_change, snapshot
from skillsnet.core import derived

from .models import CONSENT_TEXT, Application, JobSeekerProfile, Placement, ProfileContact, TracerSurvey, Vacancy
from skillsnet.core.retry import retry_conflicts


# ------------------------------------------------------------------ vacancies
def create_vacancy(actor, data, reason=""):
    return core.create_object(actor, Vacancy, data, reason=reason)


def update_vacancy(actor, vacancy_id, changes, expected_version, reason=""):
    return core.update_object(actor, Vacancy, vacancy_id, changes, expected_version=expected_version, reason=reason)


# ------------------------------------------------------------------ profiles and consent
@retry_conflicts
def create_profile(actor, data, reason=""):
    """A job-seeker profile. Consent is given through give_consent (by the person), or recorded here with the signed
    form named in `reason`; the wording agreed to is kept with it. A profile without consent is created too (it waits
    for the person's agreement) but is in no list until then, so the scope check reads all profiles."""
    if not can(actor, "add", JobSeekerProfile):
        raise PermissionDenied(_("You may not add a %(object)s.") % {"object": JobSeekerProfile._meta.verbose_name})
    data = dict(data)
    contact = {k: data.pop(k) for k in ("email", "phone") if k in data}
    plain, m2m = core._split(JobSeekerProfile, data)
    plain.pop("version", None)
    with transaction.atomic():
        profile = JobSeekerProfile(**plain)
        if profile.consent_given:
            profile.consent_at = timezone.now()
            profile.consent_text = str(CONSENT_TEXT)
        core._save(profile, m2m)
        if not JobSeekerProfile.all_profiles.filter(pk=profile.pk).for_user(actor, "add").exists():
            raise PermissionDenied(_("You may not add this job-seeker profile here: it is outside your scope."))
        record_change(actor, profile, "create", None, snapshot(profile), reason=reason)
        derived.after_write(JobSeekerProfile, [profile.pk], "create")
        _write_contact(actor, profile, contact, reason)
    return profile


def _write_contact(actor, profile, values, reason):
    """Create or change the profile's contact details (one change-log entry when something changed)."""
    if not values:
        return
    contact = ProfileContact.objects.filter(profile=profile).first()
    before = snapshot(contact) if contact else None
    contact = contact or ProfileContact(profile=profile)
    for name, value in values.items():
        setattr(contact, name, value or "")
    contact.full_clean()
    if before is not None:
        contact.version += 1
    contact.save()
    after = snapshot(contact)
    if before is None or {k: before[k] for k in values} != {k: after[k] for k in values}:
        record_change(actor, contact, "create" if before is None else "update", before, after, reason=reason)


def _pk(value, what):
    """A record id from a request, or NotFound (never a 500 on 'x' or a NUL byte)."""
    try:
        return int(str(value))
    except (TypeError, ValueError):
        raise core.NotFound(_("%(object)s %(pk)s not found.") % {"object": what, "pk": value})


def _own_profile(actor, profile_id):
    """The actor's own profile (revoked or not), else one the actor may change."""
    profile = JobSeekerProfile.all_profiles.filter(pk=_pk(profile_id, JobSeekerProfile._meta.verbose_name)).first()
    if profile is None:
        raise core.NotFound(_("Job-seeker profile %(pk)s not found.") % {"pk": profile_id})
    if profile.user_id and profile.user_id == getattr(actor, "pk", None):
        return profile
    if not JobSeekerProfile.all_profiles.for_user(actor, "change").filter(pk=profile.pk).exists():
        raise PermissionDenied(_("Only the person, or someone who keeps their record, may change their consent."))
    return profile


@retry_conflicts
def _consent_write(actor, profile, changes, reason):
    with transaction.atomic():
        profile = JobSeekerProfile.all_profiles.select_for_update().get(pk=profile.pk)
        before = snapshot(profile)
        for name, value in changes.items():
            setattr(profile, name, value)
        profile.version += 1
        profile.save()
        record_change(actor, profile, "update", before, snapshot(profile), reason=reason)
        derived.after_write(JobSeekerProfile, [profile.pk], "update", before={profile.pk: before})
    return profile


def give_consent(actor, profile_id, reason=""):
    profile = _own_profile(actor, profile_id)
    return _consent_write(actor, profile, {"consent_given": True, "consent_at": timezone.now(),
                                           "consent_revoked_at": None, "consent_text": str(CONSENT_TEXT)},
                          reason or _("consent given"))


def revoke_consent(actor, profile_id, reason=""):
    """Consent revoked: from this write on the profile is in no match, list, export or API answer (the default
    manager drops it and its match features are deleted in the same transaction)."""
    profile = _own_profile(actor, profile_id)
    return _consent_write(actor, profile, {"consent_given": False, "consent_revoked_at": timezone.now()},
                          reason or _("consent revoked"))


@retry_conflicts
def update_my_profile(actor, profile_id, changes, expected_version, reason=""):
    """The person edits their own profile (contact details, preferences, mobility) even when no role lets
    them edit people records."""
    profile = _own_profile(actor, profile_id)
    changes = dict(changes)  # popped below; a new attempt (core.retry) starts from what the caller gave
    allowed = {"headline", "preferences", "email", "phone", "home_country", "home_province", "anywhere",
               "occupations", "languages", "willing_countries", "qualifications"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("This field cannot be changed here.")})
    if str(profile.version) != str(expected_version):
        raise ValidationError({"version": _("The profile was changed since you opened it: reload and try again.")})
    m2m = {k: changes.pop(k) for k in list(changes) if k in {"occupations", "languages", "willing_countries",
                                                              "qualifications"}}
    contact = {k: changes.pop(k) for k in ("email", "phone") if k in changes}
    with transaction.atomic():
        profile = JobSeekerProfile.all_profiles.select_for_update().get(pk=profile.pk)
        before = snapshot(profile)
        for name, value in changes.items():
            setattr(profile, name, value)
        profile.version += 1
        profile.full_clean()
        profile.save()
        for name, values in m2m.items():
            getattr(profile, name).set(values)
        after = snapshot(profile)
        if any(before.get(k) != after.get(k) for k in after if k not in ("version", "updated_at")):
            record_change(actor, profile, "update", before, after, reason=reason)
        derived.after_write(JobSeekerProfile, [profile.pk], "update", before={profile.pk: before})
        _write_contact(actor, profile, contact, reason)
    return profile


# ------------------------------------------------------------------ applications
NEXT_STAGES = {
    Application.Stage.INVITED: {Application.Stage.APPLIED, Application.Stage.DECLINED},
    Application.Stage.APPLIED: {Application.Stage.SHORTLISTED, Application.Stage.NOT_HIRED,
                                Application.Stage.WITHDRAWN},
    Application.Stage.SHORTLISTED: {Application.Stage.INTERVIEW, Application.Stage.NOT_HIRED,
                                    Application.Stage.WITHDRAWN},
    Application.Stage.INTERVIEW: {Application.Stage.OFFER, Application.Stage.NOT_HIRED, Application.Stage.WITHDRAWN},
    Application.Stage.OFFER: {Application.Stage.HIRED, Application.Stage.NOT_HIRED, Application.Stage.DECLINED},
}
CANDIDATE_STAGES = {Application.Stage.APPLIED, Application.Stage.DECLINED, Application.Stage.WITHDRAWN}


def _score(vacancy, profile):
    from .queries import score_pair

    return score_pair(vacancy, profile)


@retry_conflicts
def apply(actor, vacancy_id, profile_id, note="", reason=""):
    """The person applies (and so shares their contact details with this employer)."""
    profile = _own_profile(actor, profile_id)
    if not profile.consent_in_force:
        raise ValidationError(_("Give your consent to the job-seeker profile before applying."))
    vacancy = Vacancy.objects.filter(pk=_pk(vacancy_id, Vacancy._meta.verbose_name)).first()
    if vacancy is None or not vacancy.is_open:
        raise ValidationError(_("This vacancy is not open for applications."))
    today = datetime.date.today().isoformat()
    existing = Application.all_applications.filter(vacancy=vacancy, profile=profile).first()
    if existing:
        if existing.stage != Application.Stage.INVITED:
            raise ValidationError(_("You already applied to this vacancy."))
        return respond_to_invitation(actor, existing.pk, accept=True, reason=reason)
    with transaction.atomic():
        app = Application(vacancy=vacancy, profile=profile, stage=Application.Stage.APPLIED, note=note,
                          stage_dates={"applied": today}, contact_shared_at=timezone.now(),
                          score=_score(vacancy, profile))
        app.full_clean()
        app.save()
        record_change(actor, app, "create", None, snapshot(app), reason=reason or _("applied"))
        derived.after_write(Application, [app.pk], "create")
    return app


def invite(actor, vacancy_id, profile_id, note="", reason=""):
    """The company invites a consenting candidate from its match list; no contact details until they accept."""
    profile = JobSeekerProfile.objects.for_user(actor, "view").filter(
        pk=_pk(profile_id, JobSeekerProfile._meta.verbose_name)).first()
    if profile is None:
        raise core.NotFound(_("Job-seeker profile %(pk)s not found.") % {"pk": profile_id})
    vacancy = core.get_for(actor, Vacancy, vacancy_id, "change")
    data = {"vacancy": vacancy, "profile": profile, "stage": Application.Stage.INVITED, "note": note}

    def stamp(obj):
        obj.stage_dates = {"invited": datetime.date.today().isoformat()}
        obj.score = _score(vacancy, profile)
    return core.create_object(actor, Application, data, reason=reason or _("invited"), before_save=stamp)


def respond_to_invitation(actor, application_id, *, accept, reason=""):
    app = Application.objects.select_related("profile").filter(
        pk=_pk(application_id, Application._meta.verbose_name)).first()
    if app is None or app.profile.user_id != getattr(actor, "pk", None):
        raise core.NotFound(_("Application %(pk)s not found.") % {"pk": application_id})
    if app.stage != Application.Stage.INVITED:
        raise ValidationError(_("This invitation was already answered."))
    stage = Application.Stage.APPLIED if accept else Application.Stage.DECLINED
    return _move(actor, app, stage, reason or (_("invitation accepted") if accept else _("invitation declined")),
                 share_contact=accept)


@retry_conflicts
def _move(actor, app, stage, reason, share_contact=False):
    with transaction.atomic():
        app = Application.objects.select_for_update().get(pk=app.pk)
        before = snapshot(app)
        app.stage = stage
        app.stage_dates = {**(app.stage_dates or {}), stage: datetime.date.today().isoformat()}
        if share_contact and app.contact_shared_at is None:
            app.contact_shared_at = timezone.now()
        app.version += 1
        app.save()
        record_change(actor, app, "transition", before, snapshot(app), reason=reason)
        derived.after_write(Application, [app.pk], "update", before={app.pk: before})
    return app


@retry_conflicts
def move_application(actor, application_id, stage, *, start_date=None, reason=""):
    """The employer moves an application on: shortlist, interview, offer, hired / not hired (with dates).
    Hired creates the placement."""
    app = core.get_for(actor, Application, application_id, "change")
    if stage not in NEXT_STAGES.get(app.stage, set()):
        raise ValidationError({"stage": _("An application at stage '%(from)s' cannot move to '%(to)s'.") % {
            "from": app.get_stage_display(), "to": stage}})
    if stage in CANDIDATE_STAGES - {Application.Stage.APPLIED}:
        raise ValidationError({"stage": _("Only the candidate can decline or withdraw.")})
    with transaction.atomic():  # the move and its placement together, or neither
        app = _move(actor, app, stage, reason)
        if stage == Application.Stage.HIRED:
            vacancy = app.vacancy
            # The person is the candidate of the application the employer may change (found by get_for above),
            # not a record the employer picked: the employer may not browse people, but hires this one.
            core.create_object(actor, Placement, {
                "person": app.profile.person, "application": app, "employer": vacancy.employer,
                "occupation": vacancy.occupation, "country": vacancy.country,
                "start_date": start_date or vacancy.start_date or datetime.date.today(),
                "is_example": app.is_example}, reason=reason or _("hired"), derived_links=("person",))
    return app


def record_feedback(actor, placement_id, rating, feedback, expected_version, reason=""):
    return core.update_object(actor, Placement, placement_id,
                              {"feedback_rating": rating, "feedback": feedback, "feedback_on": datetime.date.today()},
                              expected_version=expected_version, reason=reason or _("employer feedback"))


# ------------------------------------------------------------------ tracer surveys
def _add_months(day, months):
    import calendar

    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def schedule_tracer_surveys(actor, *, person_ids=None, reason=""):
    """A 6-month and a 12-month follow-up for every completed participation (of a visible activity with an end
    date) that has none yet. Returns the surveys created."""
    from django.apps import apps

    Participation = apps.get_model("people", "Participation")
    qs = Participation.objects.for_user(actor, "view").filter(completed=True, activity__end__isnull=False)
    if person_ids is not None:
        qs = qs.filter(person_id__in=person_ids)
    have = set(TracerSurvey.objects.filter(participation__in=qs).values_list("participation_id", "months_after"))
    made = []
    for p in qs.select_related("activity").order_by("pk"):
        for months in (6, 12):
            if (p.pk, months) not in have:
                made.append(core.create_object(actor, TracerSurvey, {
                    "person": p.person, "participation": p, "months_after": months,
                    "due_on": _add_months(p.activity.end, months)}, reason=reason or _("follow-up scheduled")))
    return made


def record_tracer_answer(actor, survey_id, answer, expected_version, reason=""):
    changes = {**answer, "response": TracerSurvey.Response.ANSWERED,
               "answered_on": answer.get("answered_on") or datetime.date.today()}
    return core.update_object(actor, TracerSurvey, survey_id, changes, expected_version=expected_version,
                              reason=reason or _("tracer survey answered"))
