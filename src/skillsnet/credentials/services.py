"""Writes about credentials: issuer keys, issuing, revoking and suspending Open Badges 3.0 credentials.

Every door (web, API, CLI) calls these. Each write runs in one transaction and leaves one change-log
entry per record written. Only a user who may change the issuing organisation's data (its focal point,
the coordinator of its country, the secretariat) may issue, revoke or suspend in its name.

A credential names its issuer by did:web (`urls_util`), is signed by a Multikey of the issuer's did:web
document and carries a W3C Bitstring Status List entry (`status.py`); revoking or suspending it
republishes the issuer's signed status list in the same transaction.
"""
import datetime
import secrets
import uuid
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from skillsnet.accounts.permissions import can
from skillsnet.core.scoping import for_user
from skillsnet.core import derived
from skillsnet.core import services as core
from skillsnet.core.changelog import record_change, snapshot
from skillsnet.core.registry import object_url
from skillsnet.directory.models import Organisation

from . import signing, status
from .models import IssuedCredential, IssuerKey
from .urls_util import absolute, issuer_did, issuer_page_url, issuing_base_url, method_id
from skillsnet.core.retry import retry_conflicts

Kind = IssuedCredential.Kind


# ------------------------------------------------------------------ helpers
def _model(app_label, name):
    """Another app's model (every app is always installed)."""
    return apps.get_model(app_label, name)


def require_issuer(actor, organisation):
    """PermissionDenied unless `actor` may change `organisation`'s data (and so issue in its name)."""
    if organisation is None:
        raise ValidationError({"issuer": _("Choose the issuing organisation.")})
    if not can(actor, "change", organisation):
        raise PermissionDenied(_("You may not issue or revoke credentials in the name of %(org)s: only people "
                                 "who may change its data can.") % {"org": organisation})


def may_issue(actor, organisation):
    return organisation is not None and can(actor, "add", IssuedCredential) and can(actor, "change", organisation)


def _key_snapshot(key):
    data = snapshot(key)
    data.pop("encrypted_private_key", None)  # never copied into the change log, even encrypted
    return data


def _lock(organisation):
    """Serialise key creation and issuance per organisation."""
    return Organisation.objects.select_for_update().get(pk=organisation.pk)


def _create_key(actor, organisation, reason=""):
    private, public = signing.generate_keypair()
    key = IssuerKey(organisation=organisation, key_id=secrets.token_hex(12),
                    public_key_multibase=signing.public_key_multibase(public),
                    encrypted_private_key=signing.encrypt_private_key(private, settings.SECRET_KEY))
    key.full_clean()
    key.save()
    record_change(actor, key, "create", None, _key_snapshot(key),
                  reason=reason or _("Signing key created on first use."))
    return key


def active_key(actor, organisation, reason=""):
    """The organisation's active signing key, created (and logged) on first use. Call inside a transaction."""
    key = IssuerKey.objects.filter(organisation=organisation, active=True).first()
    return key or _create_key(actor, organisation, reason)


@retry_conflicts
def rotate_issuer_key(actor, organisation_id, reason=""):
    """Retire the organisation's active key (its private key is destroyed) and create a new one.
    Credentials signed with the old key still verify: it stays in the organisation's did:web document,
    marked with `expires` (its retirement time)."""
    with transaction.atomic():
        organisation = core.get_for(actor, Organisation, organisation_id, "view")
        require_issuer(actor, organisation)
        _lock(organisation)
        old = IssuerKey.objects.select_for_update().filter(organisation=organisation, active=True).first()
        if old is not None:
            before = _key_snapshot(old)
            old.active = False
            old.retired_at = timezone.now()
            old.encrypted_private_key = ""  # a retired key signs nothing more
            old.version += 1
            old.save()
            record_change(actor, old, "update", before, _key_snapshot(old), reason=reason or _("Key rotated."))
        return _create_key(actor, organisation, reason or _("Key rotated."))


def _private_key(key):
    if not key.encrypted_private_key:
        raise ValidationError(_("The signing key %(key)s of %(org)s is retired: it signs nothing more.")
                              % {"key": key.key_id, "org": key.organisation})
    try:
        return signing.decrypt_private_key(key.encrypted_private_key, settings.SECRET_KEY)
    except signing.KeyDecryptionError:
        raise ValidationError(_("The signing key of %(org)s cannot be decrypted (the server's secret key has "
                                "changed). Rotate the organisation's key, then issue again.")
                              % {"org": key.organisation})


def _now():
    return timezone.now().replace(microsecond=0)


def _as_datetime(value):
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value, datetime.timezone.utc)
    if isinstance(value, datetime.date):
        return datetime.datetime.combine(value, datetime.time(23, 59, 59), tzinfo=datetime.timezone.utc)
    raise ValidationError({"valid_until": _("Give a date.")})


def _object_iri(base, obj):
    path = object_url(obj)
    return absolute(base, path) if path else f"urn:skillsnet:{obj._meta.label_lower}:{obj.pk}"


def sign(key, document, base):
    """`document` signed with `key` (eddsa-rdfc-2022, proof as a one-element array)."""
    try:
        return signing.sign_credential(document, _private_key(key), method_id(base, key), proof_as_array=True)
    except ValueError as exc:
        raise ValidationError(_("The credential could not be signed: %(reason)s") % {"reason": exc})


def _issue(actor, *, issuer, kind, subject, subject_name, achievement_iri, achievement_name, description,
           criteria, achievement_type, base, participation=None, source_id="", valid_until=None, reason=""):
    """Build, sign and store one credential. Call inside a transaction, after the permission checks."""
    if not (subject_name or "").strip():
        raise ValidationError({"subject": _("The holder has no name to put on the credential.")})
    # The holder must be within the issuer's scope: a person the actor may see, or a participation in the
    # actor's activity (a Cambodian institute cannot certify a Lao trainee it has nothing to do with).
    holder = participation if participation is not None else subject
    if holder is not None and not for_user(type(holder), actor, "view").filter(pk=holder.pk).exists():
        raise PermissionDenied(_("The holder is outside your scope: you may not issue a credential to them."))
    valid_from = _now()
    valid_until = _as_datetime(valid_until)
    if valid_until is not None and valid_until <= valid_from:
        raise ValidationError({"valid_until": _("The end of validity must lie in the future.")})
    credential_id = uuid.uuid4()
    key = active_key(actor, issuer)
    status_list, status_index = status.allocate(actor, issuer, base, key)
    unsigned = signing.build_open_badge(
        credential_id=f"urn:uuid:{credential_id}",
        issuer_id=issuer_did(base, issuer),
        issuer_url=issuer_page_url(base, issuer),
        credential_status=status.entry(status_list, status_index),
        issuer_name=issuer.name,
        valid_from=valid_from,
        valid_until=valid_until,
        subject_name=subject_name.strip(),
        achievement_id=achievement_iri,
        achievement_name=achievement_name[:300],
        achievement_description=description or achievement_name,
        criteria_narrative=criteria,
        achievement_type=achievement_type,
    )
    signed = sign(key, unsigned, base)
    credential = IssuedCredential(
        id=credential_id, issuer=issuer, key=key, subject=subject, subject_name=subject_name.strip()[:200],
        kind=kind, participation=participation, source_id=str(source_id or "")[:64],
        achievement_name=achievement_name[:300], achievement_description=description or "", criteria=criteria,
        valid_from=valid_from, valid_until=valid_until, signed_json=signed,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        status_list=status_list, status_index=status_index,
    )
    credential.full_clean()
    credential.save()
    record_change(actor, credential, "create", None, snapshot(credential), reason=reason)
    derived.after_write(IssuedCredential, [credential.pk], "create")
    return credential


# ------------------------------------------------------------------ completed training
def _training_texts(participation):
    activity = participation.activity
    with translation.override("en"):  # credentials travel across borders: their text is in English
        kind = activity.get_kind_display() if activity.kind else _("activity")
        parts = [_("Completed the %(kind)s “%(title)s”") % {"kind": str(kind).lower(), "title": activity.title}]
        if activity.host_id:
            parts.append(_("hosted by %(host)s") % {"host": activity.host.name})
        when = ""
        if activity.start:
            when = activity.start.isoformat()
            if activity.end and activity.end != activity.start:
                when += f" – {activity.end.isoformat()}"
        elif activity.period:
            when = activity.period
        if when:
            parts.append(f"({when})")
        criteria = " ".join(parts) + "."
        if participation.hours:
            criteria += " " + _("Hours of training: %(hours)s.") % {"hours": f"{participation.hours.normalize():f}"}
        if participation.assessment == "passed":
            criteria += " " + _("Assessment passed.")
        description = (activity.description or "").strip()[:2000] or f"{kind}: {activity.title}"
    return str(activity.title), description, criteria


def _find_issuer_for_activity(activity, issuer_id):
    if issuer_id in (None, ""):
        return activity.host
    try:
        issuer = Organisation.objects.get(pk=issuer_id)
    except (Organisation.DoesNotExist, ValueError, TypeError):
        raise ValidationError({"issuer": _("Unknown organisation.")})
    related = {activity.host_id} | set(activity.organisation_roles.values_list("organisation_id", flat=True))
    if issuer.pk not in related:
        raise ValidationError({"issuer": _("%(org)s is neither the host nor a partner of this activity.")
                               % {"org": issuer}})
    return issuer


def _holder_name(person):
    return person.name if person is not None else ""


def _has_training_credential(person_id, activity_id):
    return IssuedCredential.objects.filter(kind=Kind.COMPLETED_TRAINING, revoked_at__isnull=True,
                                           participation__person_id=person_id,
                                           participation__activity_id=activity_id).exists()


@retry_conflicts
def issue_training_credential(actor, participation_id, *, issuer_id=None, valid_until=None, base=None, reason=""):
    """Issue a credential for a completed training (people.Participation with completed=True).

    `base` overrides SKILLSNET_BASE_URL (see urls_util.issuing_base_url)."""
    Participation = _model("people", "Participation")
    if not can(actor, "add", IssuedCredential):
        raise PermissionDenied(_("You may not issue credentials."))
    base = issuing_base_url(override=base)
    with transaction.atomic():
        participation = core.get_for(actor, Participation, participation_id, "view")
        activity = participation.activity
        issuer = _find_issuer_for_activity(activity, issuer_id)
        require_issuer(actor, issuer)
        _lock(issuer)
        if not participation.completed:
            raise ValidationError(_("%(person)s has not completed %(activity)s: no credential can be issued.")
                                  % {"person": participation.person, "activity": activity})
        if _has_training_credential(participation.person_id, activity.pk):
            raise ValidationError(_("%(person)s already holds a valid credential for %(activity)s.")
                                  % {"person": participation.person, "activity": activity})
        name, description, criteria = _training_texts(participation)
        return _issue(actor, issuer=issuer, kind=Kind.COMPLETED_TRAINING, subject=participation.person,
                      subject_name=_holder_name(participation.person), participation=participation,
                      source_id=participation.pk, achievement_iri=_object_iri(base, activity),
                      achievement_name=name, description=description, criteria=criteria,
                      achievement_type="CertificateOfCompletion", base=base,
                      valid_until=valid_until, reason=reason)


@dataclass
class BulkResult:
    issued: list = field(default_factory=list)  # IssuedCredential
    already_held: list = field(default_factory=list)  # person ids that hold a valid credential already
    not_completed: int = 0  # participations skipped: the person did not complete

    @property
    def summary(self):
        return {"issued": len(self.issued), "already": len(self.already_held), "not_completed": self.not_completed}


def activity_completers(activity):
    """One participation per person who completed the activity (the participant role first)."""
    Participation = _model("people", "Participation")
    rows = Participation.objects.filter(activity=activity, completed=True).select_related("person")
    chosen = {}
    for row in sorted(rows, key=lambda p: (p.role != "participant", p.pk)):
        chosen.setdefault(row.person_id, row)
    return list(chosen.values())


def issue_activity_credentials(actor, activity_id, *, base=None, valid_until=None, reason="", progress=None):
    """Issue one credential to every person who completed the activity and does not hold one yet.

    Each credential is its own transaction (and change-log entry), so a second run continues where an
    interrupted one stopped. `progress(done, total)` is called after each person.
    """
    Activity = _model("activities", "Activity")
    Participation = _model("people", "Participation")
    if not can(actor, "add", IssuedCredential):
        raise PermissionDenied(_("You may not issue credentials."))
    activity = core.get_for(actor, Activity, activity_id, "view")
    require_issuer(actor, activity.host)
    base = issuing_base_url(override=base)
    result = BulkResult()
    completers = activity_completers(activity)
    completed_people = {p.person_id for p in completers}
    result.not_completed = (Participation.objects.filter(activity=activity).exclude(person_id__in=completed_people)
                            .values("person_id").distinct().count())
    total = len(completers)
    for done, participation in enumerate(completers, 1):
        if _has_training_credential(participation.person_id, activity.pk):
            result.already_held.append(participation.person_id)
        else:
            result.issued.append(issue_training_credential(actor, participation.pk, base=base,
                                                           valid_until=valid_until, reason=reason))
        if progress:
            progress(done, total)
    return result


# ------------------------------------------------------------------ qualifications and recognition decisions
def _first_attr(obj, names, default=None):
    for name in names:
        value = getattr(obj, name, None)
        if value not in (None, ""):
            return value
    return default


def _issuer_from(obj, issuer_id, names):
    if issuer_id not in (None, ""):
        try:
            return Organisation.objects.get(pk=issuer_id)
        except (Organisation.DoesNotExist, ValueError, TypeError):
            raise ValidationError({"issuer": _("Unknown organisation.")})
    issuer = _first_attr(obj, names)
    return issuer if isinstance(issuer, Organisation) else None


@retry_conflicts
def issue_qualification_credential(actor, qualification_id, person_id, *, issuer_id=None, valid_until=None,
                                   base=None, reason=""):
    """Issue a credential stating that a person holds a qualification (recognition.Qualification), in the
    name of its awarding body (or `issuer_id`)."""
    Qualification = _model("recognition", "Qualification")
    Person = _model("people", "Person")
    if not can(actor, "add", IssuedCredential):
        raise PermissionDenied(_("You may not issue credentials."))
    base = issuing_base_url(override=base)
    with transaction.atomic():
        qualification = core.get_for(actor, Qualification, qualification_id, "view")
        person = core.get_for(actor, Person, person_id, "view")
        issuer = _issuer_from(qualification, issuer_id, ("awarding_body",))
        require_issuer(actor, issuer)
        _lock(issuer)
        if getattr(qualification, "status", "active") != "active":
            raise ValidationError(_("%(q)s is not an active qualification: no credential can be issued for it.")
                                  % {"q": qualification})
        if IssuedCredential.objects.filter(kind=Kind.QUALIFICATION, source_id=str(qualification.pk), subject=person,
                                           issuer=issuer, revoked_at__isnull=True).exists():
            raise ValidationError(_("%(person)s already holds a valid credential for %(q)s.")
                                  % {"person": person, "q": qualification})
        name = str(qualification.title if hasattr(qualification, "title") else qualification)
        level = _first_attr(qualification, ("level",), "")
        with translation.override("en"):
            description = (_first_attr(qualification, ("description",), "") or
                           (_("Qualification %(name)s, level %(level)s") % {"name": name, "level": level} if level
                            else _("Qualification %(name)s") % {"name": name}))
            criteria = _("Awarded by %(issuer)s to a holder who met the requirements of %(name)s.") % {
                "issuer": issuer.name, "name": name}
        return _issue(actor, issuer=issuer, kind=Kind.QUALIFICATION, subject=person, subject_name=_holder_name(person),
                      source_id=qualification.pk, achievement_iri=_object_iri(base, qualification),
                      achievement_name=name, description=str(description), criteria=str(criteria),
                      achievement_type="Certificate", base=base, valid_until=valid_until, reason=reason)


@retry_conflicts
def issue_recognition_credential(actor, case_id, *, issuer_id=None, valid_until=None, base=None, reason=""):
    """Issue a credential stating a recognition decision (a decided recognition.RecognitionCase), in the
    name of an organisation of the country that recognised the qualification (`issuer_id`, required)."""
    RecognitionCase = _model("recognition", "RecognitionCase")
    from skillsnet.recognition.services import decision_data

    if not can(actor, "add", IssuedCredential):
        raise PermissionDenied(_("You may not issue credentials."))
    base = issuing_base_url(override=base)
    with transaction.atomic():
        case = core.get_for(actor, RecognitionCase, case_id, "view")
        data = decision_data(case)
        if data is None:
            raise ValidationError(_("This recognition case has not been decided yet."))
        if data["outcome"] == "none":
            raise ValidationError(_("The decision was not to recognise the qualification: there is nothing to "
                                    "certify."))
        issuer = _issuer_from(case, issuer_id, ())
        require_issuer(actor, issuer)
        if issuer.country_id and issuer.country_id != data["target_country"]:
            raise ValidationError({"issuer": _("The issuer must be an organisation of the country that recognised "
                                               "the qualification (%(country)s).") % {"country": case.target_country}})
        _lock(issuer)
        if IssuedCredential.objects.filter(kind=Kind.RECOGNITION_DECISION, source_id=str(case.pk),
                                           revoked_at__isnull=True).exists():
            raise ValidationError(_("A valid credential for this decision exists already."))
        with translation.override("en"):
            outcome = str(case.get_outcome_display())
            name = _("Recognition of %(qualification)s in %(country)s") % {
                "qualification": data["qualification_title"], "country": case.target_country.name}
            lines = [_("Decision: %(outcome)s.") % {"outcome": outcome}]
            if data["recognised_as_title"]:
                lines.append(_("Recognised as: %(title)s.") % {"title": data["recognised_as_title"]})
            if data["conditions"]:
                lines.append(_("Conditions: %(conditions)s.") % {"conditions": "; ".join(data["conditions"])})
            lines += data["reasons"]
            criteria = _("Decided on %(date)s by comparing level and learning outcomes (Lisbon Recognition "
                         "Convention practice), for the purpose of %(purpose)s.") % {
                "date": data["decided_at"].strftime("%Y-%m-%d") if data["decided_at"] else "?",
                "purpose": case.get_purpose_display()}
        return _issue(actor, issuer=issuer, kind=Kind.RECOGNITION_DECISION, subject=case.person,
                      subject_name=_holder_name(case.person), source_id=case.pk,
                      # not the case's address: its number would tell how many cases the authority has
                      achievement_iri=f"urn:uuid:{uuid.uuid4()}", achievement_name=str(name)[:300],
                      description="\n".join(str(line) for line in lines), criteria=str(criteria),
                      achievement_type="ext:RecognitionDecision", base=base, valid_until=valid_until, reason=reason)


# ------------------------------------------------------------------ revocation and suspension
@retry_conflicts
def _status_change(actor, credential_id, reason, change, *, label):
    """Load the credential for a status change by `actor`, apply `change(credential)`, save, log, and
    republish its status list (core.derived step of this app)."""
    with transaction.atomic():
        credential = core.get_for(actor, IssuedCredential, credential_id, "view")
        require_issuer(actor, credential.issuer)
        credential = IssuedCredential.objects.select_for_update().get(pk=credential.pk)
        before = snapshot(credential)
        change(credential)
        credential.version += 1
        credential.save()
        record_change(actor, credential, "transition", before, snapshot(credential), reason=reason or label)
        derived.after_write(IssuedCredential, [credential.pk], "update", before={credential.pk: before})
    return credential


def _reason(reason, what):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": what})
    return reason[:2000]


def _refuse_if_revoked(credential):
    if credential.revoked_at is not None:
        raise ValidationError(_("This credential was already revoked on %(date)s.")
                              % {"date": credential.revoked_at.strftime("%Y-%m-%d")})


def revoke_credential(actor, credential_id, reason):
    """Revoke a credential for good: it stays in the register, its status-list bit is set and never cleared,
    and it verifies as revoked."""
    reason = _reason(reason, _("Give the reason for revoking this credential."))

    def change(credential):
        _refuse_if_revoked(credential)
        credential.revoked_at = timezone.now()
        credential.revocation_reason = reason

    return _status_change(actor, credential_id, reason, change, label=_("revoked"))


def suspend_credential(actor, credential_id, reason):
    """Suspend a credential until the suspension is lifted: its status-list bit is set meanwhile."""
    reason = _reason(reason, _("Give the reason for suspending this credential."))

    def change(credential):
        _refuse_if_revoked(credential)
        if credential.suspended_at is not None:
            raise ValidationError(_("This credential is suspended already (since %(date)s).")
                                  % {"date": credential.suspended_at.strftime("%Y-%m-%d")})
        credential.suspended_at = timezone.now()
        credential.suspension_reason = reason

    return _status_change(actor, credential_id, reason, change, label=_("suspended"))


def lift_suspension(actor, credential_id, reason=""):
    """End a credential's suspension: its status-list bit is cleared and it verifies again."""

    def change(credential):
        _refuse_if_revoked(credential)
        if credential.suspended_at is None:
            raise ValidationError(_("This credential is not suspended."))
        credential.suspended_at = None
        credential.suspension_reason = ""

    return _status_change(actor, credential_id, (reason or "").strip()[:2000], change,
                          label=_("suspension lifted"))
