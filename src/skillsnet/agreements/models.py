"""Agreements, MoUs and amendments. SKELETON: to be completed."""
from django.db import models
from django.utils.translation import gettext_lazy as _

from skillsnet.core.fields import PartialDateField, multilingual
from skillsnet.core.i18n import localized
from skillsnet.core.models import BaseModel


class Agreement(multilingual("title", 300), BaseModel):
    class Kind(models.TextChoices):
        MOU = "mou", _("Memorandum of understanding")
        COOPERATION = "cooperation", _("Cooperation agreement")
        PARTNERSHIP = "partnership", _("Partnership (donor) agreement")
        AMENDMENT = "amendment", _("Amendment")
        CHARTER = "charter", _("Alliance charter")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    amends = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="amendments",
                               verbose_name=_("amends"))
    signed_on = PartialDateField(_("signed"))

    scope_organisation_path = "parties__organisation"
    scope_country_path = "parties__organisation__country"

    class Meta:
        ordering = ["-signed_on", "title"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self):
        return localized(self, "title") or self.title


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

    scope_organisation_path = "organisation"
    scope_country_path = "organisation__country"

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()})"
