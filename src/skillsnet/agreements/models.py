"""Agreements, MoUs and amendments: parties, signatories, areas, commitments, documents, contributions."""
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from skillsnet.core.fields import PartialDateField, multilingual
from skillsnet.core.i18n import localized
from skillsnet.core.models import BaseModel

from .documents import validate_document_file
from .money import validate_currency, validate_positive_amount

# Sub-records belong to the agreement: a focal point keeps them when their institution is a party.
VIA_AGREEMENT = "agreement__parties__organisation"
VIA_AGREEMENT_COUNTRY = "agreement__parties__organisation__country"


class AreaOfCooperation(multilingual("name", 200), BaseModel):
    """Controlled vocabulary (loaded by migration 0002_areas_of_cooperation)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("area of cooperation")
        verbose_name_plural = _("areas of cooperation")

    def __str__(self):
        return localized(self, "name") or self.name


class Agreement(multilingual("title", 300), BaseModel):
    class Kind(models.TextChoices):
        MOU = "mou", _("Memorandum of understanding")
        COOPERATION = "cooperation", _("Cooperation agreement")
        PARTNERSHIP = "partnership", _("Partnership (donor) agreement")
        AMENDMENT = "amendment", _("Amendment")
        CHARTER = "charter", _("Alliance charter")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        NEGOTIATING = "negotiating", _("negotiating")
        SIGNED = "signed", _("signed")
        ACTIVE = "active", _("active")
        EXPIRED = "expired", _("expired")
        TERMINATED = "terminated", _("terminated")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    reference_number = models.CharField(_("reference number"), max_length=100, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    amends = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="amendments",
                               verbose_name=_("amends"))
    signed_on = PartialDateField(_("signed"))
    signed_on_note = models.CharField(
        _("signing date as stated"), max_length=200, blank=True,
        help_text=_("What the source says when the date cannot be stored, e.g. a day without a year."))
    signed_city = models.CharField(_("place of signing (city)"), max_length=120, blank=True)
    signed_country = models.ForeignKey("directory.Country", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+", verbose_name=_("country of signing"))
    effective_on = PartialDateField(_("effective from"))
    ends_on = PartialDateField(_("ends"))
    # Changed only through services.transition_agreement (not in the registered editable fields).
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    areas = models.ManyToManyField(AreaOfCooperation, blank=True, related_name="agreements",
                                   verbose_name=_("areas of cooperation"))
    countries_covered = models.ManyToManyField("directory.Country", blank=True, related_name="agreements_covering",
                                               verbose_name=_("countries covered"))

    scope_organisation_path = "parties__organisation"
    scope_country_path = "parties__organisation__country"

    class Meta:
        ordering = ["-signed_on", "title"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self):
        return localized(self, "title") or self.title

    def clean(self):
        errors = {}
        if self.amends_id and self.pk and self.pk in self.amended_chain():
            errors["amends"] = _("An agreement cannot amend itself or one of its own amendments.")
        if self.kind == self.Kind.AMENDMENT and not self.amends_id:
            errors["amends"] = _("Choose the agreement this amendment amends.")
        if self.effective_on and self.ends_on and self.ends_on < self.effective_on[: len(self.ends_on)]:
            errors["ends_on"] = _("The agreement cannot end before it takes effect.")
        if errors:
            raise ValidationError(errors)


    def amended_chain(self):
        """Ids of the agreement this one amends, the one that amends, and so on (stops at a loop)."""
        chain, current = [], self.amends_id
        while current and current not in chain:
            chain.append(current)
            current = Agreement.objects.filter(pk=current).values_list("amends_id", flat=True).first()
        return chain


class Party(BaseModel):
    class Role(models.TextChoices):
        PARTY = "party", _("party")
        FUNDER = "funder", _("funder")
        IMPLEMENTER = "implementer", _("implementer")
        WITNESS = "witness", _("witness")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties",
                                  verbose_name=_("agreement"))
    organisation = models.ForeignKey("directory.Organisation", on_delete=models.PROTECT,
                                     related_name="agreement_parties", verbose_name=_("organisation"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PARTY)

    scope_organisation_path = VIA_AGREEMENT
    scope_country_path = VIA_AGREEMENT_COUNTRY

    class Meta:
        ordering = ["agreement", "role", "organisation"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [models.UniqueConstraint(fields=["agreement", "organisation", "role"],
                                               name="unique_agreement_party_role")]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()})"


class Signatory(BaseModel):
    """A person who signed, or who took part in the signing ceremony without signing."""

    class Role(models.TextChoices):
        SIGNED = "signed", _("signed")
        PARTICIPANT = "participant", _("took part in the signing, did not sign")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="signatories",
                                  verbose_name=_("agreement"))
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="agreements_signed", verbose_name=_("person"))
    name = models.CharField(_("name as stated"), max_length=200, blank=True,
                            help_text=_("Only when the person is not in the registry; blank when the source names no one."))
    role = models.CharField(_("role at signing"), max_length=20, choices=Role.choices, default=Role.SIGNED)
    title_at_signing = models.CharField(_("title at signing"), max_length=300, blank=True)
    organisation = models.ForeignKey("directory.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="agreement_signatories", verbose_name=_("signs for"))
    signed_on = PartialDateField(_("signed"))

    scope_organisation_path = VIA_AGREEMENT
    scope_country_path = VIA_AGREEMENT_COUNTRY
    personal_data = True

    class Meta:
        ordering = ["agreement", "role", "id"]
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")

    # every party reads the signatories, not always the person linked (core.privacy.record_label)
    label_links = ("person",)

    def __str__(self):
        return self.label()

    def label(self, hidden=frozenset()):
        if self.person_id:
            who = str(_("not shown")) if "person" in hidden else str(self.person)
        else:
            who = self.name or str(_("name not stated"))
        return f"{who}, {self.title_at_signing}" if self.title_at_signing else who

    def clean(self):
        if not (self.person_id or self.name or self.title_at_signing):
            raise ValidationError(_("Give the person, the name as stated, or at least the title at signing."))


class Commitment(BaseModel):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="commitments",
                                  verbose_name=_("agreement"))
    description = models.TextField(_("what"))
    responsible_organisation = models.ForeignKey(
        "directory.Organisation", null=True, blank=True, on_delete=models.PROTECT,
        related_name="agreement_commitments", verbose_name=_("responsible organisation"))
    responsible_person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT,
        related_name="agreement_commitments", verbose_name=_("responsible person"))
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)

    scope_organisation_path = VIA_AGREEMENT
    scope_country_path = VIA_AGREEMENT_COUNTRY

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self):
        return self.description[:80]


class Document(BaseModel):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="documents",
                                  verbose_name=_("agreement"))
    title = models.CharField(_("title"), max_length=300)
    language = models.ForeignKey("directory.Language", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("language"))
    file = models.FileField(_("file"), upload_to="agreements/documents/%Y/", max_length=300,
                            validators=[validate_document_file],
                            help_text=_("PDF, DOCX, ODT, JPEG or PNG."))

    scope_organisation_path = VIA_AGREEMENT
    scope_country_path = VIA_AGREEMENT_COUNTRY

    class Meta:
        ordering = ["agreement", "title"]
        verbose_name = _("agreement document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.title


class Contribution(BaseModel):
    """A contribution promised under an agreement (what was paid is in the funding app)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="contributions",
                                  verbose_name=_("agreement"))
    funder = models.ForeignKey("directory.Organisation", on_delete=models.PROTECT,
                               related_name="agreement_contributions", verbose_name=_("funder"))
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2, validators=[validate_positive_amount])
    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency],
                                help_text=_("ISO 4217 code, e.g. USD, CNY."))
    promised_on = PartialDateField(_("date"))
    note = models.TextField(_("note"), blank=True)

    scope_organisation_path = VIA_AGREEMENT
    scope_country_path = VIA_AGREEMENT_COUNTRY

    class Meta:
        ordering = ["agreement", "promised_on", "id"]
        verbose_name = _("contribution promised")
        verbose_name_plural = _("contributions promised")

    def __str__(self):
        from .money import format_amount

        return f"{format_amount(self.currency, self.amount)} — {self.funder}"

    def clean(self):
        self.currency = (self.currency or "").strip().upper()
