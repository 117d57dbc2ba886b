"""Persons (personal data) and their time-bound titles and affiliations. SKELETON: to be completed."""
from django.db import models
from django.utils.translation import gettext_lazy as _

from skillsnet.core.fields import PartialDateField, multilingual
from skillsnet.core.i18n import localized
from skillsnet.core.models import BaseModel


class Person(multilingual("name", 200), BaseModel):
    class Sex(models.TextChoices):
        FEMALE = "female", _("female")
        MALE = "male", _("male")
        OTHER = "other", _("other")
        UNKNOWN = "unknown", _("unknown")

    class Kind(models.TextChoices):
        TEACHER = "teacher", _("teacher or trainer")
        STUDENT = "student", _("student or trainee")
        COMPANY_STAFF = "company_staff", _("company staff")
        OFFICIAL = "official", _("official")
        OTHER = "other", _("other")

    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    nationality = models.ForeignKey("directory.Country", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("nationality"))
    organisation = models.ForeignKey("directory.Organisation", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="people", verbose_name=_("organisation"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)

    scope_organisation_path = "organisation"
    scope_country_path = "organisation__country"
    personal_data = True

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return localized(self, "name") or self.name


class Affiliation(BaseModel):
    """A title a person held at an organisation over a period (e.g. 'Acting Project Manager', Dec 2023)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="affiliations",
                               verbose_name=_("person"))
    organisation = models.ForeignKey("directory.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="affiliations", verbose_name=_("organisation"))
    title = models.CharField(_("title"), max_length=300, blank=True)
    start = PartialDateField(_("from"))
    end = PartialDateField(_("until"))

    scope_organisation_path = "person__organisation"
    scope_country_path = "person__organisation__country"
    personal_data = True

    class Meta:
        ordering = ["person", "start"]
        verbose_name = _("title and affiliation")
        verbose_name_plural = _("titles and affiliations")

    def __str__(self):
        return f"{self.person}: {self.title} ({self.organisation})"
