"""Qualification frameworks and their AQRF referencing, competency units, qualifications and
recognition cases. The level tables are data with provenance (design §10), never hard-coded."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from skillsnet.core.fields import PartialDateField, multilingual
from skillsnet.core.i18n import all_columns, localized
from skillsnet.core.models import BaseModel
from skillsnet.core.text import search_blob

AQRF_CODE = "AQRF"
CREDENTIAL_FILE_TYPES = {"pdf": b"%PDF-", "png": b"\x89PNG\r\n\x1a\n", "jpg": b"\xff\xd8\xff", "jpeg": b"\xff\xd8\xff"}


def validate_credential_file(value):
    """A scan of the certificate: PDF, PNG or JPEG, judged by extension and by the file's first bytes."""
    if getattr(value, "_committed", False):
        return  # stored and checked when it was uploaded
    if value.size is not None and value.size > settings.SKILLSNET_MAX_UPLOAD_BYTES:
        raise ValidationError(_("The file is too large."), code="file_too_large")
    name = (value.name or "").rsplit("/", 1)[-1]
    magic = CREDENTIAL_FILE_TYPES.get(name.rsplit(".", 1)[-1].lower() if "." in name else "")
    fileobj = getattr(value, "file", value)
    fileobj.seek(0)
    head = fileobj.read(16)
    fileobj.seek(0)
    if magic is None or not head.startswith(magic):
        raise ValidationError(_("Upload the certificate as a PDF, PNG or JPEG file."), code="file_type")


def clean_text_list(obj, field, errors, max_length=1000):
    """A JSON list of texts; a text with one item per line is accepted too."""
    value = getattr(obj, field)
    if value in (None, ""):
        value = []
    if isinstance(value, str):
        value = value.splitlines()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        errors[field] = _("Give a list of texts, one per line.")
        return
    value = [v.strip() for v in value if v and v.strip()]
    if any(len(v) > max_length for v in value):
        errors[field] = _("Each item may have at most %(n)s characters.") % {"n": max_length}
        return
    setattr(obj, field, value)


class Framework(multilingual("name", 300), BaseModel):
    """A qualifications framework: a national one (NQF), the AQRF, or a ladder of skill levels."""

    class Kind(models.TextChoices):
        NQF = "nqf", _("National qualifications framework")
        AQRF = "aqrf", _("Regional reference framework (AQRF)")
        SKILL_LEVELS = "skill_levels", _("Vocational skill levels")

    code = models.CharField(_("code"), max_length=30, unique=True)
    short_name = models.CharField(_("short name"), max_length=120, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.NQF)
    country = models.ForeignKey("directory.Country", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="frameworks", verbose_name=_("country"))
    source = models.TextField(_("source"), blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("qualification framework")
        verbose_name_plural = _("qualification frameworks")

    def __str__(self):
        return self.short_name or localized(self, "name") or self.code


class Level(multilingual("title", 200), BaseModel):
    """One level of a framework, with descriptors in the AQRF's two domains."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="levels",
                                  verbose_name=_("framework"))
    code = models.CharField(_("code"), max_length=40)
    order = models.PositiveSmallIntegerField(_("order"), default=1, validators=[MaxValueValidator(99)])
    knowledge_and_skills = models.TextField(_("knowledge and skills"), blank=True)
    application_and_responsibility = models.TextField(_("application and responsibility"), blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["framework__code", "order", "code"]
        verbose_name = _("framework level")
        verbose_name_plural = _("framework levels")
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="unique_level_code")]

    def __str__(self):
        return f"{self.framework} · {localized(self, 'title') or self.code}"


class LevelReference(BaseModel):
    """Where a level stands on the AQRF, and on whose authority (official / provisional / proposed)."""

    class Status(models.TextChoices):
        OFFICIAL = "official", _("official")
        PROVISIONAL = "provisional", _("provisional")
        PROPOSED = "proposed", _("proposed")

    level = models.OneToOneField(Level, on_delete=models.CASCADE, related_name="reference",
                                 verbose_name=_("level"))
    aqrf_level = models.ForeignKey(Level, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="referenced_by", verbose_name=_("AQRF level"),
                                   limit_choices_to={"framework__code": AQRF_CODE},
                                   help_text=_("Empty when the level is not referenced to the AQRF."))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED)
    source = models.TextField(_("source"), blank=True)
    validated_by = models.CharField(_("validated by"), max_length=300, blank=True)
    date = PartialDateField(_("date"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["level__framework__code", "level__order"]
        verbose_name = _("AQRF level reference")
        verbose_name_plural = _("AQRF level references")

    def __str__(self):
        target = self.aqrf_level.code if self.aqrf_level_id else "—"
        return f"{self.level} → AQRF {target} ({self.get_status_display()})"

    def clean(self):
        if self.aqrf_level_id and self.aqrf_level.framework.code != AQRF_CODE:
            raise ValidationError({"aqrf_level": _("Choose a level of the AQRF.")})
        if self.status == self.Status.OFFICIAL and not self.source:
            raise ValidationError({"source": _("An official reference needs its source.")})

    @property
    def aqrf_number(self):
        return self.aqrf_level.order if self.aqrf_level_id else None


class CompetencyUnit(multilingual("title", 300), BaseModel):
    """A unit of competency with its learning outcomes, level, hours and the standard it aligns to."""

    class Alignment(models.TextChoices):
        NONE = "", _("none")
        WORLDSKILLS = "worldskills", _("WorldSkills skill")
        NATIONAL = "national_standard", _("National competency standard")

    code = models.CharField(_("code"), max_length=60)
    learning_outcomes = models.JSONField(_("learning outcomes"), default=list, blank=True,
                                         help_text=_("One learning outcome per line."))
    level = models.ForeignKey(Level, null=True, blank=True, on_delete=models.PROTECT, related_name="units",
                              verbose_name=_("level"))
    nominal_hours = models.PositiveIntegerField(_("nominal hours"), null=True, blank=True,
                                                validators=[MaxValueValidator(100_000)])
    isco_occupation = models.ForeignKey("directory.IscoOccupation", null=True, blank=True,
                                        on_delete=models.PROTECT, verbose_name=_("ISCO-08 occupation"))
    country = models.ForeignKey("directory.Country", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("country"))
    standard_body = models.CharField(_("standard body or source"), max_length=300, blank=True)
    alignment_kind = models.CharField(_("aligned to"), max_length=30, choices=Alignment.choices, blank=True)
    alignment = models.CharField(_("alignment"), max_length=300, blank=True,
                                 help_text=_("The WorldSkills skill name or the national competency standard."))
    source_title = models.CharField(_("source"), max_length=500, blank=True,
                                    help_text=_("The published document the unit is taken from."))
    source_url = models.URLField(_("source address"), max_length=500, blank=True)

    class Meta:
        ordering = ["country", "code"]
        verbose_name = _("competency unit")
        verbose_name_plural = _("competency units")
        constraints = [models.UniqueConstraint(fields=["country", "code"], name="unique_unit_code")]

    def __str__(self):
        return f"{self.code} {localized(self, 'title') or self.title}"

    def clean(self):
        errors = {}
        clean_text_list(self, "learning_outcomes", errors)
        if self.alignment and not self.alignment_kind:
            errors["alignment_kind"] = _("Say whether this is a WorldSkills skill or a national standard.")
        if errors:
            raise ValidationError(errors)


class UnitLink(BaseModel):
    """A person's decision that two units of different countries are (partly) equivalent."""

    class Relation(models.TextChoices):
        EQUIVALENT = "equivalent", _("equivalent")
        PARTIAL = "partial", _("partly equivalent")

    unit_a = models.ForeignKey(CompetencyUnit, on_delete=models.CASCADE, related_name="links_a",
                               verbose_name=_("unit"))
    unit_b = models.ForeignKey(CompetencyUnit, on_delete=models.CASCADE, related_name="links_b",
                               verbose_name=_("linked unit"))
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices,
                                default=Relation.EQUIVALENT)
    notes = models.TextField(_("notes"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("decided by"))
    decided_on = models.DateField(_("date"), null=True, blank=True)

    class Meta:
        ordering = ["unit_a", "unit_b"]
        verbose_name = _("unit equivalence")
        verbose_name_plural = _("unit equivalences")
        constraints = [models.UniqueConstraint(fields=["unit_a", "unit_b"], name="unique_unit_link")]

    def __str__(self):
        return f"{self.unit_a} ↔ {self.unit_b} ({self.get_relation_display()})"

    def clean(self):
        if self.unit_a_id and self.unit_a_id == self.unit_b_id:
            raise ValidationError({"unit_b": _("A unit cannot be linked to itself.")})
        if (self.unit_a_id and self.unit_b_id and self.unit_a.country_id
                and self.unit_a.country_id == self.unit_b.country_id):
            raise ValidationError({"unit_b": _("Link units of different countries.")})


class Qualification(multilingual("title", 300), BaseModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        ACTIVE = "active", _("active")
        WITHDRAWN = "withdrawn", _("withdrawn")

    code = models.CharField(_("code"), max_length=60, blank=True)
    country = models.ForeignKey("directory.Country", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("country"))
    awarding_body = models.ForeignKey("directory.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="qualifications_awarded", verbose_name=_("awarding body"))
    level = models.ForeignKey(Level, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="qualifications", verbose_name=_("framework level"))
    isco_occupation = models.ForeignKey("directory.IscoOccupation", null=True, blank=True,
                                        on_delete=models.PROTECT, verbose_name=_("ISCO-08 occupation"))
    isced_field = models.ForeignKey("directory.IscedField", null=True, blank=True, on_delete=models.PROTECT,
                                    verbose_name=_("ISCED-F field"))
    units = models.ManyToManyField(CompetencyUnit, through="QualificationUnit", blank=True,
                                   related_name="qualifications", verbose_name=_("competency units"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    description = models.TextField(_("description"), blank=True)
    source_title = models.CharField(_("source"), max_length=500, blank=True,
                                    help_text=_("The published document (framework, standard, register) that states "
                                                "this qualification; what it does not state stays empty."))
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        ordering = ["country", "title"]
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")

    def __str__(self):
        return localized(self, "title") or self.title

    def save(self, *args, **kwargs):
        self.search_text = search_blob([getattr(self, c) for c in all_columns("title")] + [self.code])
        super().save(*args, **kwargs)


class QualificationUnit(BaseModel):
    class Kind(models.TextChoices):
        CORE = "core", _("core")
        ELECTIVE = "elective", _("elective")

    qualification = models.ForeignKey(Qualification, on_delete=models.CASCADE, related_name="unit_entries",
                                      verbose_name=_("qualification"))
    unit = models.ForeignKey(CompetencyUnit, on_delete=models.PROTECT, related_name="qualification_entries",
                             verbose_name=_("competency unit"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CORE)

    class Meta:
        ordering = ["qualification", "kind", "unit__code"]
        verbose_name = _("unit of a qualification")
        verbose_name_plural = _("units of qualifications")
        constraints = [models.UniqueConstraint(fields=["qualification", "unit"], name="unique_qualification_unit")]

    def __str__(self):
        return f"{self.qualification}: {self.unit} ({self.get_kind_display()})"


class Purpose(models.TextChoices):
    EMPLOYMENT = "employment", _("employment")
    FURTHER_STUDY = "further_study", _("further study")
    REGULATED_PRACTICE = "regulated_practice", _("licensing / regulated practice")


class Outcome(models.TextChoices):
    FULL = "full", _("full recognition")
    PARTIAL = "partial", _("partial recognition with compensation")
    CREDIT_UNITS = "credit_units", _("credit for some units only")
    NONE = "none", _("no recognition")


class RecognitionCase(BaseModel):
    """A person's application to have a qualification recognised in another country (personal data)."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        DECIDED = "decided", _("decided")
        WITHDRAWN = "withdrawn", _("withdrawn")

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="recognition_cases",
                               verbose_name=_("applicant"))
    qualification = models.ForeignKey(Qualification, on_delete=models.PROTECT, related_name="cases",
                                      verbose_name=_("qualification held"))
    target_country = models.ForeignKey("directory.Country", on_delete=models.PROTECT, related_name="+",
                                       verbose_name=_("target country"))
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices, default=Purpose.EMPLOYMENT)
    credential_reference = models.TextField(
        _("credential"), blank=True,
        help_text=_("The certificate the applicant holds: number, issuer, date, or where it can be checked."))
    credential_file = models.FileField(_("credential file"), upload_to="recognition/credentials/%Y/",
                                       blank=True, max_length=300, validators=[validate_credential_file])
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED,
                              editable=False)
    # The decision (set only by services.decide_case)
    target_qualification = models.ForeignKey(Qualification, null=True, blank=True, on_delete=models.PROTECT,
                                             related_name="+", editable=False,
                                             verbose_name=_("recognised as"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True, editable=False)
    reasons = models.TextField(_("reasons"), blank=True, editable=False)
    conditions = models.TextField(_("conditions and top-ups"), blank=True, editable=False)
    compared_with = models.ManyToManyField(
        Qualification, blank=True, related_name="+", verbose_name=_("compared with"),
        help_text=_("The qualifications of the target country the assessor chose to compare with (empty: the "
                    "engine's best proposal)."))
    proposal = models.JSONField(_("engine proposal"), null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", editable=False, verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)

    scope_organisation_path = "person__organisation"
    scope_country_path = "person__organisation__country"
    personal_data = True

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("recognition case")
        verbose_name_plural = _("recognition cases")
        indexes = [models.Index(fields=["status", "target_country"])]

    def __str__(self):
        return f"{self.person} — {self.qualification} → {self.target_country_id}"

    @property
    def origin_country_id(self):
        return self.qualification.country_id
