"""Issuer keys (one active Ed25519 key pair per issuing organisation) and issued Open Badges 3.0 credentials."""
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from skillsnet.core.models import BaseModel

ORG = "directory.Organisation"


class IssuerKey(BaseModel):
    """An organisation's Ed25519 signing key. The private key is encrypted at rest with SECRET_KEY.

    Rotation retires the active key (active=False, retired_at set, private key destroyed) and creates a
    new one. A retired key stays in the organisation's did:web document (its verification method and
    assertionMethod), marked with `expires` = its retirement time, so the credentials it signed before
    then keep verifying and nothing can be signed with it afterwards.
    """

    organisation = models.ForeignKey(ORG, on_delete=models.PROTECT, related_name="issuer_keys",
                                     verbose_name=_("organisation"))
    key_id = models.CharField(_("key id"), max_length=64, unique=True, editable=False)
    public_key_multibase = models.CharField(_("public key (multibase)"), max_length=100, editable=False)
    encrypted_private_key = models.TextField(_("encrypted private key"), editable=False, blank=True,
                                             help_text=_("Empty once the key is retired: it signs nothing more."))
    active = models.BooleanField(_("active"), default=True)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

    scope_organisation_path = "organisation"
    scope_country_path = "organisation__country"

    class Meta:
        ordering = ["organisation", "-created_at"]
        verbose_name = _("issuer key")
        verbose_name_plural = _("issuer keys")
        constraints = [models.UniqueConstraint(fields=["organisation"], condition=Q(active=True),
                                               name="one_active_issuer_key_per_organisation")]

    def __str__(self):
        return f"{self.organisation} · {self.key_id}"


class StatusList(BaseModel):
    """One W3C Bitstring Status List of an issuing organisation, published as a signed
    BitstringStatusListCredential at /issuers/<org>/status/<number>.

    Every credential the organisation issues takes one randomly chosen, unused index of its open list. The bit
    is 1 while the credential is suspended or once it is revoked (a revoked credential's bit is never cleared).
    The bits are derived from the credentials (`IssuedCredential.status_bit_set`), never edited by hand; the
    signed list is rebuilt in the same transaction as every revocation and suspension.
    """

    #: The W3C status purpose: "suspension" is the standard purpose whose bit may be cleared again (a lifted
    #: suspension); Open Badges 3.0 allows one credentialStatus per credential, so one list carries both.
    PURPOSE = "suspension"
    #: 16 KB of bits, the minimum the W3C specification sets for group privacy.
    LENGTH = 131072

    organisation = models.ForeignKey(ORG, on_delete=models.PROTECT, related_name="status_lists",
                                     verbose_name=_("organisation"))
    number = models.PositiveIntegerField(_("number"))
    purpose = models.CharField(_("status purpose"), max_length=20, default=PURPOSE, editable=False)
    length = models.PositiveIntegerField(_("length (bits)"), default=LENGTH, editable=False)
    signed_json = models.JSONField(_("signed status list credential"), null=True, blank=True, editable=False)

    scope_organisation_path = "organisation"
    scope_country_path = "organisation__country"

    class Meta:
        ordering = ["organisation", "number"]
        verbose_name = _("status list")
        verbose_name_plural = _("status lists")
        constraints = [models.UniqueConstraint(fields=["organisation", "number"], name="unique_status_list_number")]

    def __str__(self):
        return f"{self.organisation} · {self.number}"


class IssuedCredential(BaseModel):
    class Kind(models.TextChoices):
        COMPLETED_TRAINING = "completed_training", _("completed training")
        QUALIFICATION = "qualification", _("qualification")
        RECOGNITION_DECISION = "recognition_decision", _("recognition decision")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    issuer = models.ForeignKey(ORG, on_delete=models.PROTECT, related_name="issued_credentials",
                               verbose_name=_("issuer"))
    key = models.ForeignKey(IssuerKey, on_delete=models.PROTECT, related_name="credentials",
                            verbose_name=_("signing key"))
    subject = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="credentials", verbose_name=_("holder"))
    subject_name = models.CharField(_("holder's name"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    participation = models.ForeignKey("people.Participation", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="credentials", verbose_name=_("participation"))
    # Qualifications and recognition cases live in another app; their id is kept as text.
    source_id = models.CharField(_("source record id"), max_length=64, blank=True)
    achievement_name = models.CharField(_("achievement"), max_length=300)
    achievement_description = models.TextField(_("description"), blank=True)
    criteria = models.TextField(_("criteria"), blank=True)
    valid_from = models.DateTimeField(_("valid from"))
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)
    signed_json = models.JSONField(_("signed credential"), editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("issued by"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    suspended_at = models.DateTimeField(_("suspended"), null=True, blank=True)
    suspension_reason = models.TextField(_("reason for suspension"), blank=True)
    status_list = models.ForeignKey(StatusList, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="credentials", editable=False, verbose_name=_("status list"))
    status_index = models.PositiveIntegerField(_("status list index"), null=True, blank=True, editable=False)

    scope_organisation_path = "issuer"
    scope_country_path = "issuer__country"
    personal_data = True

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("issued credential")
        verbose_name_plural = _("issued credentials")
        constraints = [models.UniqueConstraint(fields=["participation"],
                                               condition=Q(revoked_at__isnull=True, participation__isnull=False),
                                               name="one_valid_credential_per_participation"),
                       models.UniqueConstraint(fields=["status_list", "status_index"],
                                               name="one_credential_per_status_index")]
        indexes = [models.Index(fields=["issuer", "kind"]), models.Index(fields=["revoked_at"])]

    def __str__(self):
        return f"{self.achievement_name} — {self.subject_name or '?'}"

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    @property
    def is_suspended(self):
        return self.suspended_at is not None and self.revoked_at is None

    @property
    def status_bit_set(self):
        """The credential's bit in its status list: set while suspended, and for good once revoked."""
        return self.revoked_at is not None or self.suspended_at is not None

    @property
    def urn(self):
        return f"urn:uuid:{self.id}"
