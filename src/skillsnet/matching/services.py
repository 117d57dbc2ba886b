"""Writes of the matching app: proposing a partnership creates a draft agreement in the agreements app."""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from skillsnet.core import services as core
from skillsnet.directory.models import Organisation
from skillsnet.core.retry import retry_conflicts


@retry_conflicts
def propose_partnership(actor, organisation_id, partner_id, *, summary="", reason=""):
    """A draft agreement (MoU) between the two organisations, both as parties; returns the agreement.

    Goes through agreements.services.create_agreement when the actor is a focal point (it adds the
    focal point's institution as a party), otherwise through core.services.create_object with the
    parties added before the scope check (as create_agreement does), so the change log is written
    for the agreement and for each party.
    """
    from skillsnet.agreements.models import Agreement, Party

    if str(organisation_id) == str(partner_id):
        raise ValidationError(_("An organisation cannot propose a partnership to itself."))
    orgs = Organisation.objects.in_bulk([organisation_id, partner_id])
    if len(orgs) != 2:
        raise ValidationError(_("Unknown organisation."))
    organisation, partner = orgs[int(organisation_id)], orgs[int(partner_id)]
    from skillsnet.agreements.services import create_agreement, create_party, focal_point_organisations

    own = focal_point_organisations(actor)
    if own and organisation.pk not in {o.pk for o in own}:
        raise PermissionDenied(_("A focal point may only propose partnerships for their own institution."))
    data = {
        "title": _("Proposed partnership: %(a)s – %(b)s") % {"a": organisation.name, "b": partner.name},
        "kind": Agreement.Kind.MOU,
        "summary": summary or _("Draft proposed from the partner suggestions of skillsnet."),
    }
    reason = reason or _("partnership proposed from the partner suggestions")
    with transaction.atomic():
        if own and create_agreement is not None:
            agreement = create_agreement(actor, data, reason=reason)
            present = set(agreement.parties.values_list("organisation_id", flat=True))
            for org in (organisation, partner):
                if org.pk not in present:
                    create_party(actor, {"agreement": agreement, "organisation": org, "role": Party.Role.PARTY},
                                 reason=reason)
        else:
            def add_parties(agreement):
                agreement.full_clean()
                agreement.save()
                for org in (organisation, partner):
                    core.create_object(actor, Party, {"agreement": agreement, "organisation": org,
                                                      "role": Party.Role.PARTY}, reason=reason)

            agreement = core.create_object(actor, Agreement, data, reason=reason, before_save=add_parties)
    return agreement
