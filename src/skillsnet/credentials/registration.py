"""Registers credentials with the generic list/detail/export screens and the (read-only) API, and adds
sections to the activity, person and organisation pages. Issuing and revoking have their own screens."""
from django.apps import apps
from django.utils.translation import gettext_lazy as _

from skillsnet.core.registry import REGISTRY, Panel, add_panel, register
from skillsnet.directory.models import Organisation

from . import filters
from .models import IssuedCredential, IssuerKey


register(
    IssuedCredential,
    fields=["issuer", "kind", "subject", "subject_name", "participation", "source_id", "achievement_name",
            "achievement_description", "criteria", "valid_from", "valid_until", "key", "created_by", "revoked_at",
            "revocation_reason", "suspended_at", "suspension_reason"],
    list_columns=["achievement_name", "subject_name", "issuer", "kind", "valid_from", "revoked_at", "suspended_at"],
    filterset=filters.IssuedCredentialFilterSet,
    select_related=("issuer", "subject", "key"),
    detail_template="credentials/credential_detail.html",
    readonly=True,
    importable=False,
    menu="recognition",
)
register(
    IssuerKey,
    fields=["organisation", "key_id", "public_key_multibase", "active", "retired_at"],
    list_columns=["key_id", "organisation", "active", "created_at", "retired_at"],
    filterset=filters.IssuerKeyFilterSet,
    select_related=("organisation",),
    readonly=True,
    importable=False,
    menu="recognition",
)

credential_columns = ["achievement_name", "subject_name", "issuer", "valid_from", "revoked_at"]
if Organisation in REGISTRY:
    add_panel(Organisation, Panel(_("Credential signing keys"), IssuerKey, "organisation",
                                  template="credentials/_keys_panel.html"))
Activity = apps.get_model("activities", "Activity")
if Activity in REGISTRY:
    add_panel(Activity, Panel(_("Credentials"), IssuedCredential, "participation__activity", credential_columns,
                              template="credentials/_activity_panel.html"))
Person = apps.get_model("people", "Person")
if Person in REGISTRY:
    add_panel(Person, Panel(_("Credentials"), IssuedCredential, "subject", credential_columns))
