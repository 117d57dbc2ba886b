"""The member registry: organisations and what they offer, plus the reference classifications."""
import gettext

import pycountry
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from skillsnet.core.fields import PartialDateField, multilingual
from skillsnet.core.i18n import all_columns, localized
from skillsnet.core.models import BaseModel
from skillsnet.core.scoping import ScopedManager
from skillsnet.core.text import search_blob

# ---------------------------------------------------------------- reference data
_PYCOUNTRY_LOCALE = {"zh-hans": "zh_CN", "lo": "lo", "km": "km", "id": "id"}


def _pycountry_gettext(domain, text):
    lang = _PYCOUNTRY_LOCALE.get((translation.get_language() or "en").lower())
    if not lang:
        return text
    try:
        tr = gettext.translation(domain, pycountry.LOCALES_DIR, languages=[lang])
    except OSError:
        return text
    return tr.gettext(text)


class Country(models.Model):
    """ISO 3166-1 country (loaded from pycountry by `skillsnet load_reference`)."""

    code = models.CharField(_("code"), max_length=2, primary_key=True)
    alpha3 = models.CharField(_("alpha-3 code"), max_length=3, unique=True)
    numeric = models.CharField(_("numeric code"), max_length=3, blank=True)
    name = models.CharField(_("name"), max_length=120)

    objects = ScopedManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self):
        return _pycountry_gettext("iso3166-1", self.name)


class Subdivision(models.Model):
    """ISO 3166-2 province, state, municipality..."""

    code = models.CharField(_("code"), max_length=10, primary_key=True)
    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="subdivisions",
                                verbose_name=_("country"))
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("type"), max_length=80, blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("parent"))

    objects = ScopedManager()

    class Meta:
        ordering = ["country", "name"]
        verbose_name = _("province or subdivision")
        verbose_name_plural = _("provinces and subdivisions")

    def __str__(self):
        return _pycountry_gettext("iso3166-2", self.name)


class Language(models.Model):
    """ISO 639 language (two-letter code where one exists)."""

    code = models.CharField(_("code"), max_length=8, primary_key=True)
    alpha3 = models.CharField(_("alpha-3 code"), max_length=3, blank=True)
    name = models.CharField(_("name"), max_length=120)

    objects = ScopedManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self):
        return _pycountry_gettext("iso639-3", self.name)


class IscedField(models.Model):
    """ISCED-F 2013 field of education and training."""

    LEVELS = [("broad", _("broad")), ("narrow", _("narrow")), ("detailed", _("detailed"))]
    code = models.CharField(_("code"), max_length=4, primary_key=True)
    level = models.CharField(_("level"), max_length=10, choices=LEVELS)
    title = models.CharField(_("title"), max_length=200)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("parent"))

    objects = ScopedManager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("ISCED-F field")
        verbose_name_plural = _("ISCED-F fields")

    def __str__(self):
        return f"{self.code} {self.title}"


class IscoOccupation(models.Model):
    """ISCO-08 occupation group (major, sub-major, minor or unit group)."""

    LEVELS = [("major", _("major group")), ("sub-major", _("sub-major group")),
              ("minor", _("minor group")), ("unit", _("unit group"))]
    code = models.CharField(_("code"), max_length=4, primary_key=True)
    level = models.CharField(_("level"), max_length=10, choices=LEVELS)
    title = models.CharField(_("title"), max_length=200)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("parent"))

    objects = ScopedManager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("ISCO-08 occupation")
        verbose_name_plural = _("ISCO-08 occupations")

    def __str__(self):
        return f"{self.code} {self.title}"


# ---------------------------------------------------------------- organisations
class Organisation(multilingual("name", 300), BaseModel):
    class Kind(models.TextChoices):
        TVET = "tvet_institute", _("TVET institute")
        COMPANY = "company", _("Company")
        MINISTRY = "ministry", _("Ministry or government body")
        INTERNATIONAL = "international_organisation", _("International organisation")
        NETWORK = "alliance_network", _("Alliance or network")
        OTHER = "other", _("Other")

    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices, default=Kind.TVET)
    acronyms = models.JSONField(_("acronyms"), default=list, blank=True,
                                help_text=_("Short forms, e.g. TEITC, NPIC."))
    aliases = models.JSONField(_("other names"), default=list, blank=True,
                               help_text=_("Other names and spellings used for this organisation, in any language."))
    country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="organisations", verbose_name=_("country"))
    province = models.ForeignKey(Subdivision, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="organisations", verbose_name=_("province"))
    city = models.CharField(_("city"), max_length=120, blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="units", verbose_name=_("part of"))
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    identifier = models.CharField(_("IATI organisation identifier"), max_length=100, blank=True)
    founded = PartialDateField(_("founded"))
    fields = models.ManyToManyField(IscedField, blank=True, related_name="organisations",
                                    verbose_name=_("fields of training"))
    description = models.TextField(_("description"), blank=True)
    search_text = models.TextField(editable=False, blank=True, default="")

    scope_organisation_path = "pk"
    scope_country_path = "country"

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [models.Index(fields=["kind", "country"])]

    def __str__(self):
        return localized(self, "name") or self.name

    def all_names(self):
        names = [getattr(self, c) for c in all_columns("name")]
        return [n for n in names + list(self.acronyms or []) + list(self.aliases or []) if n]

    def clean(self):
        errors = {}
        for field in ("acronyms", "aliases"):
            value = getattr(self, field)
            if value in (None, ""):
                setattr(self, field, [])
            elif not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                errors[field] = _("Give a list of names.")
            elif any(len(v) > 300 for v in value):
                errors[field] = _("Each name may have at most 300 characters.")
            else:
                setattr(self, field, list(dict.fromkeys(v.strip() for v in value if v.strip())))
        if self.province_id and self.country_id and self.province.country_id != self.country_id:
            errors["province"] = _("This province is not in the chosen country.")
        if self.parent_id and self.pk and self.parent_id == self.pk:
            errors["parent"] = _("An organisation cannot be part of itself.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.search_text = search_blob(self.all_names())
        super().save(*args, **kwargs)

    @property
    def is_network(self):
        return self.kind == self.Kind.NETWORK


class Contact(BaseModel):
    """A person to contact at an organisation (work contact details)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="contacts",
                                     verbose_name=_("organisation"))
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    is_focal_point = models.BooleanField(_("network focal point"), default=False)

    scope_organisation_path = "organisation"
    scope_country_path = "organisation__country"
    personal_data = True

    class Meta:
        ordering = ["organisation", "name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self):
        return f"{self.name} ({self.organisation})"


class Programme(multilingual("title", 300), BaseModel):
    """A training programme an institution offers."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="programmes",
                                     verbose_name=_("organisation"))
    isced_field = models.ForeignKey(IscedField, null=True, blank=True, on_delete=models.PROTECT,
                                    verbose_name=_("ISCED-F field"))
    isco_occupation = models.ForeignKey(IscoOccupation, null=True, blank=True, on_delete=models.PROTECT,
                                        verbose_name=_("ISCO-08 occupation"))
    level = models.CharField(_("level"), max_length=120, blank=True,
                             help_text=_("Level as the institution names it, e.g. Diploma, 中级工."))
    languages = models.ManyToManyField(Language, blank=True, verbose_name=_("languages of instruction"))
    annual_intake = models.PositiveIntegerField(_("annual intake"), null=True, blank=True,
                                                validators=[MaxValueValidator(1_000_000)])
    description = models.TextField(_("description"), blank=True)

    scope_organisation_path = "organisation"
    scope_country_path = "organisation__country"

    class Meta:
        ordering = ["organisation", "title"]
        verbose_name = _("training programme")
        verbose_name_plural = _("training programmes")

    def __str__(self):
        return localized(self, "title") or self.title


class Facility(BaseModel):
    class Kind(models.TextChoices):
        WORLDSKILLS = "worldskills_training_base", _("WorldSkills training base")
        ROBOTICS = "mobile_robotics_venue", _("Mobile robotics training venue")
        INDUSTRY_EDUCATION = "industry_education_centre", _("Industry-education integration centre")
        WORKSHOP = "training_workshop", _("Training workshop or laboratory")
        LANGUAGE = "language_centre", _("Language centre")
        OTHER = "other", _("Other")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="facilities",
                                     verbose_name=_("organisation"))
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices, default=Kind.OTHER)
    fields = models.ManyToManyField(IscedField, blank=True, verbose_name=_("fields of training"))
    description = models.TextField(_("description"), blank=True)

    scope_organisation_path = "organisation"
    scope_country_path = "organisation__country"

    class Meta:
        ordering = ["organisation", "name"]
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")

    def __str__(self):
        return self.name


class Membership(BaseModel):
    """An organisation's membership of a network or alliance (itself an organisation)."""

    class Role(models.TextChoices):
        FOUNDING = "founding_member", _("Founding member")
        MEMBER = "member", _("Member")
        SECRETARIAT = "secretariat", _("Secretariat")
        OBSERVER = "observer", _("Observer")
        PARTNER = "partner", _("Partner")

    network = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships_held",
                                verbose_name=_("network or alliance"),
                                limit_choices_to={"kind": Organisation.Kind.NETWORK})
    member = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships",
                               verbose_name=_("member"))
    role = models.CharField(_("role"), max_length=30, choices=Role.choices, default=Role.MEMBER)
    joined_on = PartialDateField(_("joined"))
    left_on = PartialDateField(_("left"))
    notes = models.TextField(_("notes"), blank=True)

    scope_organisation_path = ("member", "network")
    scope_country_path = "member__country"

    class Meta:
        ordering = ["network", "member"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["network", "member", "joined_on"],
                                               name="unique_membership_start")]

    def __str__(self):
        return f"{self.member} — {self.network}"

    def clean(self):
        errors = {}
        if self.network_id and self.network.kind != Organisation.Kind.NETWORK:
            errors["network"] = _("Only an alliance or network can have members.")
        if self.network_id and self.member_id and self.network_id == self.member_id:
            errors["member"] = _("A network cannot be a member of itself.")
        if self.joined_on and self.left_on and self.left_on < self.joined_on[: len(self.left_on)]:
            errors["left_on"] = _("The membership cannot end before it starts.")
        if errors:
            raise ValidationError(errors)

    def is_active_on(self, day):
        iso = day.isoformat()
        started = not self.joined_on or self.joined_on[:len(iso)] <= iso
        ended = self.left_on and self.left_on < iso[: len(self.left_on)]
        return started and not ended
