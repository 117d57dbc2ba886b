"""Writes to agreements. Every door (web, API, CLI, import, demo loader) calls these.

Status lifecycle (see ALLOWED_TRANSITIONS):
  draft → negotiating, signed        (an agreement may be recorded straight as signed)
  negotiating → draft, signed        (talks may be set back to a draft)
  signed → active, terminated        (a signed agreement never goes back to draft or negotiating)
  active → expired, terminated
  expired, terminated: final         (a renewal is a new agreement or an amendment)
"""
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from skillsnet.accounts.permissions import can
from skillsnet.core import services as core

from .models import Agreement, Document, Party
from skillsnet.core.retry import retry_conflicts

S = Agreement.Status
ALLOWED_TRANSITIONS = {
    S.DRAFT: (S.NEGOTIATING, S.SIGNED),
    S.NEGOTIATING: (S.DRAFT, S.SIGNED),
    S.SIGNED: (S.ACTIVE, S.TERMINATED),
    S.ACTIVE: (S.EXPIRED, S.TERMINATED),
    S.EXPIRED: (),
    S.TERMINATED: (),
}


def next_statuses(status):
    return [(value, S(value).label) for value in ALLOWED_TRANSITIONS.get(status, ())]


def focal_point_organisations(actor):
    """The organisations `actor` keeps as a focal point (none for network-wide roles)."""
    from skillsnet.accounts.permissions import organisation_scope
    from skillsnet.directory.models import Organisation

    if not getattr(actor, "is_authenticated", False):
        return []
    ids = organisation_scope(actor)
    return list(Organisation.objects.filter(pk__in=ids)) if ids else []


def create_agreement(actor, data, reason=""):
    """Create an agreement; a focal point's own institution becomes its first party, so that the
    new agreement is inside the focal point's scope."""
    own = focal_point_organisations(actor)
    if not own:
        return core.create_object(actor, Agreement, data, reason=reason)

    def add_own_party(agreement):
        agreement.full_clean()
        agreement.save()
        core.create_object(actor, Party, {"agreement": agreement, "organisation": own[0], "role": Party.Role.PARTY},
                           reason=_("the focal point's institution is a party to the agreement it records"))

    return core.create_object(actor, Agreement, data, reason=reason, before_save=add_own_party)


def transition_agreement(actor, agreement_id, new_status, expected_version, reason=""):
    """Move an agreement to the next status of its lifecycle; refuse any other move."""
    if new_status not in S.values:
        raise ValidationError({"status": _("Unknown status %(status)s.") % {"status": new_status}})

    def check(agreement):
        current = Agreement.objects.values_list("status", flat=True).get(pk=agreement.pk)
        allowed = ALLOWED_TRANSITIONS[current]
        if new_status not in allowed:
            names = ", ".join(str(S(v).label) for v in allowed) or _("none (this status is final)")
            raise ValidationError({"status": _(
                "An agreement that is %(current)s cannot become %(new)s. Allowed next statuses: %(allowed)s.")
                % {"current": S(current).label, "new": S(new_status).label, "allowed": names}})

    return core.update_object(actor, Agreement, agreement_id, {"status": new_status},
                              expected_version=expected_version, reason=reason, before_save=check,
                              action="transition")


# ------------------------------------------------------------------ parties
def _check_may_change_agreement(actor, agreement):
    # A party row widens the scope of whoever's organisation it names: a focal point may only add
    # parties to agreements already in their scope (not join another institution's agreement).
    if agreement is not None and not can(actor, "change", agreement):
        raise PermissionDenied(_("You may not change the parties of this agreement."))


def create_party(actor, data, reason=""):
    _check_may_change_agreement(actor, data.get("agreement"))
    return core.create_object(actor, Party, data, reason=reason)


def update_party(actor, party_id, changes, expected_version, reason=""):
    _check_may_change_agreement(actor, changes.get("agreement"))
    return core.update_object(actor, Party, party_id, changes, expected_version=expected_version, reason=reason)


# ------------------------------------------------------------------ documents
def _remove_stored(holder):
    document = holder.get("document")
    name = document.file.name if document is not None and document.file else ""
    if name and getattr(document.file, "_committed", False) and default_storage.exists(name):
        default_storage.delete(name)


@retry_conflicts  # each attempt removes the file it stored when it fails (else a retry leaves one behind)
def create_document(actor, data, reason=""):
    """Store an uploaded document; nothing stays on disk when the upload is refused."""
    holder = {}
    try:
        return core.create_object(actor, Document, data, reason=reason,
                                  before_save=lambda doc: holder.update(document=doc))
    except Exception:
        _remove_stored(holder)
        raise


@retry_conflicts  # each attempt removes the file it stored when it fails (else a retry leaves one behind)
def update_document(actor, document_id, changes, expected_version, reason=""):
    holder = {}
    old_name = Document.objects.filter(pk=document_id).values_list("file", flat=True).first()
    try:
        document = core.update_object(actor, Document, document_id, changes, expected_version=expected_version,
                                      reason=reason, before_save=lambda doc: holder.update(document=doc))
    except Exception:
        if holder.get("document") is not None and holder["document"].file.name != old_name:
            _remove_stored(holder)
        raise
    if old_name and document.file.name != old_name:
        transaction.on_commit(lambda: default_storage.delete(old_name))
    return document


def delete_document(actor, document_id, expected_version, reason=""):
    name = Document.objects.filter(pk=document_id).values_list("file", flat=True).first()
    before = core.delete_object(actor, Document, document_id, expected_version=expected_version, reason=reason)
    if name:
        transaction.on_commit(lambda: default_storage.delete(name))
    return before
