"""Skills-demand signals, the occupations activities train for, and employment outcomes of trainees."""
import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from skillsnet.core.fields import PartialDateField
from skillsnet.core.models import BaseModel

HORIZON_RE = re.compile(r"^\s*(\d{4})\s*(?:[-–—]|to)?\s*(\d{4})?\s*$")


def horizon_years(text):
    """(first year, last year) of a horizon such as '2025–2027' or '2026'; (None, None) when blank."""
    match = HORIZON_RE.match(text or "")
    if not match:
        return None, None
    first = int(match.group(1))
    return first, int(match.group(2) or first)


class DemandSignal(BaseModel):
    """Evidence that employers in a country or province need people in an ISCO-08 occupation."""

    class SizeKind(models.TextChoices):
        VACANCIES = "vacancies", _("vacancies (number)")
        SHORTAGE = "shortage", _("shortage estimate (number of workers)")
        QUALITATIVE = "qualitative", _("qualitative level only")

    class Level(models.TextChoices):
        URGENT = "urgent", _("urgent")
        HIGH = "high", _("high")
        MODERATE = "moderate", _("moderate")

    occupation = models.ForeignKey("directory.IscoOccupation", on_delete=models.PROTECT, related_name="demand_signals",
                                   verbose_name=_("ISCO-08 occupation"))
    country = models.ForeignKey("directory.Country", on_delete=models.PROTECT, related_name="demand_signals",
                                verbose_name=_("country"))
    province = models.ForeignKey("directory.Subdivision", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("province"))
    sector = models.CharField(_("sector"), max_length=200, blank=True,
                              help_text=_("Economic sector as the source names it (free text or an ISIC code)."))
    size_kind = models.CharField(_("kind of size"), max_length=20, choices=SizeKind.choices,
                                 default=SizeKind.QUALITATIVE)
    quantity = models.PositiveIntegerField(_("number"), null=True, blank=True,
                                           validators=[MaxValueValidator(100_000_000)],
                                           help_text=_("Vacancies or estimated shortage of workers."))
    level = models.CharField(_("level of demand"), max_length=20, choices=Level.choices, blank=True)
    horizon = models.CharField(_("horizon"), max_length=20, blank=True,
                               help_text=_("Years the demand refers to, e.g. 2025–2027 or 2026."))
    date = PartialDateField(_("date of the signal"), blank=False)
    source_title = models.CharField(_("source"), max_length=300)
    source_url = models.URLField(_("source address"), blank=True)
    source_date = PartialDateField(_("source date"))
    mapping_note = models.TextField(_("how the occupation was mapped"), blank=True,
                                    help_text=_("What the source says and why this ISCO-08 group was chosen."))
    notes = models.TextField(_("notes"), blank=True)

    scope_country_path = "country"

    class Meta:
        ordering = ["country", "occupation", "-date"]
        verbose_name = _("skills-demand signal")
        verbose_name_plural = _("skills-demand signals")
        indexes = [models.Index(fields=["country", "occupation"])]

    def __str__(self):
        return f"{self.occupation_id} · {self.country_id} · {self.date}"

    @property
    def year(self):
        return int(self.date[:4]) if self.date else None

    def clean(self):
        errors = {}
        if self.size_kind in (self.SizeKind.VACANCIES, self.SizeKind.SHORTAGE) and self.quantity is None:
            errors["quantity"] = _("Give the number of vacancies or the estimated shortage.")
        if self.size_kind == self.SizeKind.QUALITATIVE:
            if not self.level:
                errors["level"] = _("Give the level of demand (urgent, high or moderate).")
            if self.quantity is not None:
                errors["quantity"] = _("A qualitative signal has no number; choose vacancies or shortage instead.")
        if self.horizon:
            first, last = horizon_years(self.horizon)
            if first is None or last < first:
                errors["horizon"] = _("Write the horizon as a year (2026) or a range of years (2025–2027).")
        if self.province_id and self.country_id and self.province.country_id != self.country_id:
            errors["province"] = _("This province is not in the chosen country.")
        if errors:
            raise ValidationError(errors)


class ActivityOccupation(BaseModel):
    """The ISCO-08 occupation an activity (a training, a course) prepares people for."""

    activity = models.ForeignKey("activities.Activity", on_delete=models.CASCADE, related_name="occupations",
                                 verbose_name=_("activity"))
    isco_occupation = models.ForeignKey("directory.IscoOccupation", on_delete=models.PROTECT, related_name="+",
                                        verbose_name=_("ISCO-08 occupation"))

    scope_organisation_path = ("activity__host", "activity__organisation_roles__organisation")
    scope_country_path = ("activity__country", "activity__host__country")

    class Meta:
        ordering = ["activity", "isco_occupation"]
        verbose_name = _("occupation trained for")
        verbose_name_plural = _("occupations trained for")
        constraints = [models.UniqueConstraint(fields=["activity", "isco_occupation"],
                                               name="unique_activity_occupation")]

    def __str__(self):
        return f"{self.activity} → {self.isco_occupation_id}"


class TracerRecord(BaseModel):
    """What a trainee did 6 or 12 months after training (a tracer study answer)."""

    class Status(models.TextChoices):
        EMPLOYED = "employed", _("employed")
        SELF_EMPLOYED = "self_employed", _("self-employed")
        FURTHER_STUDY = "further_study", _("in further study")
        NOT_EMPLOYED = "not_employed", _("not employed")

    class Months(models.IntegerChoices):
        SIX = 6, _("6 months after training")
        TWELVE = 12, _("12 months after training")

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="tracer_records",
                               verbose_name=_("person"))
    participation = models.ForeignKey("people.Participation", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="tracer_records", verbose_name=_("participation traced"))
    months_after = models.PositiveSmallIntegerField(_("when"), choices=Months.choices, default=Months.SIX)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    sector = models.CharField(_("sector"), max_length=200, blank=True)
    occupation = models.ForeignKey("directory.IscoOccupation", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("ISCO-08 occupation of the job"))
    abroad = models.BooleanField(_("works or studies abroad"), default=False)
    country = models.ForeignKey("directory.Country", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("country of work or study"))
    surveyed_on = PartialDateField(_("surveyed"))
    notes = models.TextField(_("notes"), blank=True)

    scope_organisation_path = "person__organisation"
    scope_country_path = "person__organisation__country"
    personal_data = True

    class Meta:
        ordering = ["person", "months_after"]
        verbose_name = _("tracer record")
        verbose_name_plural = _("tracer records")
        constraints = [models.UniqueConstraint(fields=["person", "participation", "months_after"],
                                               name="unique_tracer_record")]
        indexes = [models.Index(fields=["status", "months_after"])]

    def __str__(self):
        return f"{self.person} — {self.get_status_display()} ({self.months_after})"

    def clean(self):
        errors = {}
        if self.participation_id and self.person_id and self.participation.person_id != self.person_id:
            errors["participation"] = _("This participation belongs to another person.")
        if self.status == self.Status.NOT_EMPLOYED and (self.sector or self.occupation_id):
            errors["sector"] = _("A person who is not employed has no sector or occupation of a job.")
        home = None
        if self.person_id and self.person.organisation_id:
            home = self.person.organisation.country_id
        if self.abroad and self.country_id and home and self.country_id == home:
            errors["country"] = _("'Abroad' was ticked but this is the country of the person's organisation.")
        if errors:
            raise ValidationError(errors)
