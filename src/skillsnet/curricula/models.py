"""Joint curricula: co-authored by several organisations, versioned (a published version is frozen),
made of modules mapped to competency units, and piloted or adopted by organisations."""
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from skillsnet.core.fields import PartialDateField, multilingual
from skillsnet.core.i18n import all_columns, localized
from skillsnet.core.models import BaseModel
from skillsnet.core.text import search_blob


class Curriculum(multilingual("title", 300), BaseModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        ACTIVE = "active", _("active")
        ARCHIVED = "archived", _("archived")

    co_authors = models.ManyToManyField("directory.Organisation", related_name="curricula_authored",
                                        verbose_name=_("co-authoring organisations"))
    target_qualification = models.ForeignKey("recognition.Qualification", null=True, blank=True,
                                             on_delete=models.PROTECT, related_name="curricula",
                                             verbose_name=_("target qualification"))
    target_occupation = models.ForeignKey("directory.IscoOccupation", null=True, blank=True, on_delete=models.PROTECT,
                                          verbose_name=_("target occupation (ISCO-08)"))
    languages = models.ManyToManyField("directory.Language", blank=True, verbose_name=_("languages"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    description = models.TextField(_("description"), blank=True)
    search_text = models.TextField(editable=False, blank=True, default="")

    scope_organisation_path = "co_authors"
    scope_country_path = "co_authors__country"

    class Meta:
        ordering = ["title"]
        verbose_name = _("curriculum")
        verbose_name_plural = _("curricula")

    def __str__(self):
        return localized(self, "title") or self.title

    def save(self, *args, **kwargs):
        self.search_text = search_blob([getattr(self, c) for c in all_columns("title")])
        super().save(*args, **kwargs)


class CurriculumVersion(BaseModel):
    """A numbered version of a curriculum; once published it is frozen (its modules cannot change)."""

    curriculum = models.ForeignKey(Curriculum, on_delete=models.CASCADE, related_name="versions",
                                   verbose_name=_("curriculum"))
    number = models.PositiveIntegerField(_("number"), validators=[MaxValueValidator(10_000)])
    date = models.DateField(_("date"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    published = models.BooleanField(_("published"), default=False, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)

    scope_organisation_path = "curriculum__co_authors"
    scope_country_path = "curriculum__co_authors__country"

    class Meta:
        ordering = ["curriculum", "number"]
        verbose_name = _("curriculum version")
        verbose_name_plural = _("curriculum versions")
        constraints = [models.UniqueConstraint(fields=["curriculum", "number"], name="unique_curriculum_version")]

    def __str__(self):
        return _("%(curriculum)s, version %(number)s") % {"curriculum": self.curriculum, "number": self.number}

    def total_hours(self):
        return sum(m.hours or 0 for m in self.modules.all())


class Module(multilingual("title", 300), BaseModel):
    class Kind(models.TextChoices):
        CORE = "core", _("core")
        TOP_UP = "top_up", _("top-up")

    curriculum_version = models.ForeignKey(CurriculumVersion, on_delete=models.CASCADE, related_name="modules",
                                           verbose_name=_("curriculum version"))
    code = models.CharField(_("code"), max_length=60)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    hours = models.PositiveIntegerField(_("hours"), null=True, blank=True, validators=[MaxValueValidator(100_000)])
    learning_outcomes = models.JSONField(_("learning outcomes"), default=list, blank=True,
                                         help_text=_("One learning outcome per line."))
    units = models.ManyToManyField("recognition.CompetencyUnit", blank=True, related_name="modules",
                                   verbose_name=_("competency units covered"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CORE)

    scope_organisation_path = "curriculum_version__curriculum__co_authors"
    scope_country_path = "curriculum_version__curriculum__co_authors__country"

    class Meta:
        ordering = ["curriculum_version", "order", "code"]
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        constraints = [models.UniqueConstraint(fields=["curriculum_version", "code"], name="unique_module_code")]

    def __str__(self):
        return f"{self.code} {localized(self, 'title') or self.title}"

    def clean(self):
        from skillsnet.recognition.models import clean_text_list

        errors = {}
        clean_text_list(self, "learning_outcomes", errors)
        if errors:
            raise ValidationError(errors)


class Adoption(BaseModel):
    class Kind(models.TextChoices):
        PILOTED = "piloted", _("piloted")
        ADOPTED = "adopted", _("adopted")

    organisation = models.ForeignKey("directory.Organisation", on_delete=models.CASCADE,
                                     related_name="curriculum_adoptions", verbose_name=_("organisation"))
    curriculum_version = models.ForeignKey(CurriculumVersion, on_delete=models.PROTECT, related_name="adoptions",
                                           verbose_name=_("curriculum version"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ADOPTED)
    date = PartialDateField(_("date"))
    trainees = models.PositiveIntegerField(_("number of trainees"), null=True, blank=True,
                                           validators=[MaxValueValidator(10_000_000)])
    notes = models.TextField(_("notes"), blank=True)

    scope_organisation_path = ("organisation", "curriculum_version__curriculum__co_authors")
    scope_country_path = "organisation__country"

    class Meta:
        ordering = ["curriculum_version", "organisation"]
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")

    def __str__(self):
        return f"{self.organisation} — {self.curriculum_version} ({self.get_kind_display()})"

    def clean(self):
        if self.kind == self.Kind.ADOPTED and self.curriculum_version_id and not self.curriculum_version.published:
            raise ValidationError({"curriculum_version": _(
                "Only a published version can be adopted; a draft can be piloted.")})
