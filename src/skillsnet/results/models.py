"""Results framework: projects, goal → outcomes → outputs, indicators, periods, targets, values,
reported figures with their sources, approvals, and the aggregates kept in step with the records.

Percentages are never stored as percentages of groups to be averaged: a percentage indicator keeps
its numerator and denominator separately and every total is sum(numerators) / sum(denominators).
"""
import calendar
import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from skillsnet.core.fields import PartialDateField, multilingual
from skillsnet.core.i18n import localized
from skillsnet.core.models import BaseModel
from skillsnet.core.scoping import ScopedManager

from .evidence import validate_evidence_file

ORG = "directory.Organisation"

# IATI 2.03 code lists used here (DESIGN §10).
ACTIVITY_STATUS = [("1", _("Pipeline/identification")), ("2", _("Implementation")), ("3", _("Finalisation")),
                   ("4", _("Closed")), ("5", _("Cancelled")), ("6", _("Suspended"))]
RESULT_TYPES = [("1", _("Output")), ("2", _("Outcome")), ("3", _("Impact")), ("9", _("Other"))]

DISAGGREGATIONS = [
    ("sex", _("sex")),
    ("country", _("country")),
    ("participant_kind", _("participant kind")),
    ("age_group", _("age group")),
    ("disability", _("disability")),
    ("disadvantaged_youth", _("disadvantaged youth")),
    ("organisation_kind", _("organisation kind")),
    ("field", _("field of training")),
]
DISAGGREGATION_CODES = [c for c, _l in DISAGGREGATIONS]


def partial_bounds(value, end=False):
    """First (or last) day a partial date 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' can mean; None when empty."""
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    year = parts[0]
    if len(parts) == 1:
        return datetime.date(year, 12, 31) if end else datetime.date(year, 1, 1)
    month = parts[1]
    if len(parts) == 2:
        return datetime.date(year, month, calendar.monthrange(year, month)[1] if end else 1)
    return datetime.date(year, month, parts[2])


class Project(multilingual("title", 300), BaseModel):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    iati_identifier = models.CharField(_("IATI activity identifier"), max_length=150, blank=True,
                                       help_text=_("Reporting organisation identifier, a hyphen, then the activity's "
                                                   "own code."))
    reporting_org = models.ForeignKey(ORG, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="projects_reported", verbose_name=_("reporting organisation"))
    network = models.ForeignKey(ORG, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="projects_of_network", verbose_name=_("network or alliance"),
                                help_text=_("The network whose members the project counts."))
    status = models.CharField(_("status"), max_length=2, choices=ACTIVITY_STATUS, default="2")
    start = PartialDateField(_("start"))
    end = PartialDateField(_("end"))
    recipient_countries = models.ManyToManyField("directory.Country", blank=True, related_name="projects",
                                                 through="ProjectCountry", verbose_name=_("recipient countries"),
                                                 help_text=_("Give each country's share (percentage) on the "
                                                             "project's page when there are several."))
    sector = models.CharField(_("sector (OECD DAC code)"), max_length=10, blank=True,
                              help_text=_("e.g. 11330 Vocational training."))
    agreements = models.ManyToManyField("agreements.Agreement", blank=True, related_name="projects",
                                        verbose_name=_("agreements implemented"))
    currency = models.CharField(_("default currency"), max_length=3, default="USD")
    description = models.TextField(_("description"), blank=True)
    source = models.TextField(_("source"), blank=True)

    scope_organisation_path = "reporting_org"
    scope_country_path = "recipient_countries"

    class Meta:
        ordering = ["code"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self):
        return localized(self, "title") or self.title


class ProjectCountry(BaseModel):
    """A recipient country of a project and its share of the project (IATI recipient-country/@percentage)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="country_shares",
                                verbose_name=_("project"))
    country = models.ForeignKey("directory.Country", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("country"))
    percentage = models.DecimalField(_("percentage"), max_digits=5, decimal_places=2, null=True, blank=True,
                                     validators=[MinValueValidator(0), MaxValueValidator(100)],
                                     help_text=_("The country's share of the project; the shares of all "
                                                 "recipient countries and regions add up to 100."))

    scope_organisation_path = "project__reporting_org"
    scope_country_path = "country"

    class Meta:
        db_table = "results_project_recipient_countries"
        ordering = ["project", "country"]
        verbose_name = _("recipient country")
        verbose_name_plural = _("recipient countries")
        constraints = [models.UniqueConstraint(fields=["project", "country"], name="unique_project_country")]

    def __str__(self):
        share = f" {self.percentage.normalize():f}%" if self.percentage is not None else ""
        return f"{self.project.code}: {self.country_id}{share}"


class ProjectRegion(BaseModel):
    """A recipient region of a project (IATI Region code list, vocabulary 1 = OECD DAC) and its share."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="region_shares",
                                verbose_name=_("project"))
    code = models.CharField(_("region code"), max_length=10, help_text=_("e.g. 789 Far East Asia, regional."))
    vocabulary = models.CharField(_("vocabulary"), max_length=3, default="1",
                                  help_text=_("1 = OECD DAC regions, 2 = UN regions."))
    percentage = models.DecimalField(_("percentage"), max_digits=5, decimal_places=2, null=True, blank=True,
                                     validators=[MinValueValidator(0), MaxValueValidator(100)])

    scope_organisation_path = "project__reporting_org"
    scope_country_path = "project__recipient_countries"

    class Meta:
        ordering = ["project", "vocabulary", "code"]
        verbose_name = _("recipient region")
        verbose_name_plural = _("recipient regions")
        constraints = [models.UniqueConstraint(fields=["project", "vocabulary", "code"],
                                               name="unique_project_region")]

    def __str__(self):
        share = f" {self.percentage.normalize():f}%" if self.percentage is not None else ""
        return f"{self.project.code}: {_('region')} {self.code}{share}"

    def clean(self):
        from .iati import codelist

        errors = {}
        if self.vocabulary not in ("1", "2"):
            errors["vocabulary"] = _("Choose 1 (OECD DAC) or 2 (UN).")
        elif self.vocabulary == "1" and self.code not in codelist("Region").active:
            errors["code"] = _("%(code)s is not a region of the IATI Region code list.") % {"code": self.code}
        if errors:
            raise ValidationError(errors)


class Attribution(BaseModel):
    """An activity counted by a project (and through it its participations, hours and credentials), with the
    funder whose money paid for it. An activity attributed to two projects is shown as shared in both."""

    activity = models.ForeignKey("activities.Activity", on_delete=models.CASCADE, related_name="attributions",
                                 verbose_name=_("activity"))
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="attributions",
                                verbose_name=_("project"))
    funder = models.ForeignKey(ORG, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("funder"))
    note = models.CharField(_("note"), max_length=300, blank=True,
                            help_text=_("Why the activity belongs to the project (e.g. the article that says so)."))

    scope_organisation_path = ("project__reporting_org", "activity__host")
    scope_country_path = ("activity__country", "project__recipient_countries")

    class Meta:
        ordering = ["project", "activity"]
        verbose_name = _("attribution to a project")
        verbose_name_plural = _("attributions to projects")
        constraints = [models.UniqueConstraint(fields=["activity", "project"], name="unique_attribution")]
        indexes = [models.Index(fields=["project", "activity"])]

    def __str__(self):
        return f"{self.activity} → {self.project.code}"


class ResultNode(multilingual("title", 300), BaseModel):
    """A goal, outcome or output of a project's results framework."""

    class Level(models.TextChoices):
        GOAL = "goal", _("goal")
        OUTCOME = "outcome", _("outcome")
        OUTPUT = "output", _("output")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="nodes", verbose_name=_("project"))
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children",
                               verbose_name=_("contributes to"))
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, default=Level.OUTPUT)
    result_type = models.CharField(_("IATI result type"), max_length=1, choices=RESULT_TYPES, default="1")
    code = models.CharField(_("code"), max_length=30, blank=True)
    description = models.TextField(_("description"), blank=True)

    scope_organisation_path = "project__reporting_org"
    scope_country_path = "project__recipient_countries"

    class Meta:
        ordering = ["project", "code", "pk"]
        verbose_name = _("result")
        verbose_name_plural = _("results")

    def __str__(self):
        title = localized(self, "title") or self.title
        return f"{self.code} {title}" if self.code else title

    def clean(self):
        if self.parent_id:
            if self.parent.project_id != self.project_id:
                raise ValidationError({"parent": _("The parent belongs to another project.")})
            node, seen = self.parent, set()
            while node is not None and node.pk not in seen:
                if self.pk and node.pk == self.pk:
                    raise ValidationError({"parent": _("A result cannot contribute to itself.")})
                seen.add(node.pk)
                node = node.parent


class Indicator(multilingual("name", 300), BaseModel):
    class Unit(models.TextChoices):
        NUMBER = "number", _("number")
        PERCENTAGE = "percentage", _("percentage (numerator / denominator)")
        AMOUNT = "amount", _("amount in USD")

    class Direction(models.TextChoices):
        INCREASE = "increase", _("increase")
        DECREASE = "decrease", _("decrease")

    class Method(models.TextChoices):
        COMPUTED = "computed", _("computed from records")
        MANUAL = "manual", _("entered by hand with evidence")

    node = models.ForeignKey(ResultNode, on_delete=models.CASCADE, related_name="indicators",
                             verbose_name=_("result"))
    code = models.CharField(_("code"), max_length=30)
    definition = models.TextField(_("definition"), blank=True)
    unit = models.CharField(_("unit"), max_length=12, choices=Unit.choices, default=Unit.NUMBER)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices,
                                 default=Direction.INCREASE)
    method = models.CharField(_("values"), max_length=10, choices=Method.choices, default=Method.COMPUTED)
    measure = models.CharField(_("measure"), max_length=40, blank=True,
                               help_text=_("How the value is computed from the records (see the measure types)."))
    filters = models.JSONField(_("filters"), default=dict, blank=True,
                               help_text=_('e.g. {"activity_kind": ["training_programme"], "participant_kind": '
                                           '["teacher"]}'))
    denominator_measure = models.CharField(_("denominator measure"), max_length=40, blank=True)
    denominator_filters = models.JSONField(_("denominator filters"), default=dict, blank=True)
    disaggregations = models.JSONField(_("disaggregations"), default=list, blank=True,
                                       help_text=_("Any of: sex, country, participant_kind, age_group, disability, "
                                                   "disadvantaged_youth, organisation_kind, field."))
    baseline_value = models.DecimalField(_("baseline"), max_digits=18, decimal_places=2, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    baseline_note = models.CharField(_("baseline note"), max_length=300, blank=True)

    scope_organisation_path = "node__project__reporting_org"
    scope_country_path = "node__project__recipient_countries"

    class Meta:
        ordering = ["node__project", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [models.UniqueConstraint(fields=["node", "code"], name="unique_indicator_code")]

    def __str__(self):
        return f"{self.code} {localized(self, 'name') or self.name}"

    @property
    def project(self):
        return self.node.project

    def clean(self):
        from .measures import validate_config

        errors = {}
        value = self.disaggregations
        if value in (None, ""):
            self.disaggregations = value = []
        if isinstance(value, str):
            self.disaggregations = value = [v.strip() for v in value.replace(",", "\n").splitlines() if v.strip()]
        if not isinstance(value, list) or any(v not in DISAGGREGATION_CODES for v in value):
            errors["disaggregations"] = _("Choose from: %(codes)s.") % {"codes": ", ".join(DISAGGREGATION_CODES)}
        else:
            self.disaggregations = list(dict.fromkeys(value))
        if self.method == self.Method.COMPUTED:
            errors.update(validate_config(self.measure, self.filters, "measure", "filters", required=True))
            if self.unit == self.Unit.PERCENTAGE:
                errors.update(validate_config(self.denominator_measure, self.denominator_filters,
                                              "denominator_measure", "denominator_filters", required=True))
        if errors:
            raise ValidationError(errors)


class Period(BaseModel):
    """A reporting period of a project: a year, a quarter or a custom span such as a fiscal year."""

    class Kind(models.TextChoices):
        YEAR = "year", _("year")
        QUARTER = "quarter", _("quarter")
        CUSTOM = "custom", _("custom")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="periods", verbose_name=_("project"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.YEAR)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    quarter = models.PositiveSmallIntegerField(_("quarter"), null=True, blank=True)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    label = models.CharField(_("label"), max_length=60, blank=True, help_text=_("e.g. FY2025."))

    scope_organisation_path = "project__reporting_org"
    scope_country_path = "project__recipient_countries"

    class Meta:
        ordering = ["project", "start"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")

    def __str__(self):
        return self.label or (f"{self.year}" if self.kind == self.Kind.YEAR else
                              f"{self.year} Q{self.quarter}" if self.kind == self.Kind.QUARTER else
                              f"{self.start} – {self.end}")

    def clean(self):
        errors = {}
        if self.kind == self.Kind.YEAR:
            if not self.year:
                errors["year"] = _("Give the year.")
            else:
                self.start, self.end, self.quarter = datetime.date(self.year, 1, 1), datetime.date(self.year, 12, 31), None
        elif self.kind == self.Kind.QUARTER:
            if not self.year or self.quarter not in (1, 2, 3, 4):
                errors["quarter"] = _("Give the year and a quarter from 1 to 4.")
            else:
                first = 3 * (self.quarter - 1) + 1
                self.start = datetime.date(self.year, first, 1)
                self.end = datetime.date(self.year, first + 2, calendar.monthrange(self.year, first + 2)[1])
        else:
            if not (self.start and self.end):
                errors["start"] = _("A custom period needs a start and an end.")
            elif self.end < self.start:
                errors["end"] = _("The period cannot end before it starts.")
            else:
                self.year = self.year or self.start.year
        if errors:
            raise ValidationError(errors)

    @property
    def whole_year(self):
        return self.kind == self.Kind.YEAR


class Target(BaseModel):
    """A target of an indicator: for a reporting period, or for the life of the project (no period: the
    cumulative target from the project's start to its end); for the total or one disaggregation cell
    (`breakdown` such as "country=LA" or "sex=female")."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets",
                                  verbose_name=_("indicator"))
    period = models.ForeignKey(Period, null=True, blank=True, on_delete=models.CASCADE, related_name="targets",
                               verbose_name=_("period"),
                               help_text=_("Leave empty for a life-of-project (cumulative) target."))
    breakdown = models.CharField(_("disaggregation cell"), max_length=120, blank=True,
                                 help_text=_("Empty for the total; e.g. country=LA, sex=female, or "
                                             "country=LA;sex=female."))
    value = models.DecimalField(_("target"), max_digits=18, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)

    scope_organisation_path = "indicator__node__project__reporting_org"
    scope_country_path = "indicator__node__project__recipient_countries"

    class Meta:
        ordering = ["indicator", "period", "breakdown"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period", "breakdown"], name="unique_target_period"),
            models.UniqueConstraint(fields=["indicator", "breakdown"], condition=models.Q(period__isnull=True),
                                    name="unique_life_of_project_target"),
        ]

    def __str__(self):
        when = self.period if self.period_id else _("life of project")
        cell = f" [{self.breakdown}]" if self.breakdown else ""
        return f"{self.indicator.code} {when}{cell}: {self.value}"

    @property
    def dims(self):
        return parse_breakdown(self.breakdown)

    def clean(self):
        errors = {}
        try:
            dims = parse_breakdown(self.breakdown)
        except ValueError as exc:
            errors["breakdown"] = str(exc)
        else:
            self.breakdown = breakdown_key(dims)
            if self.indicator_id:
                unknown = sorted(set(dims) - set(self.indicator.disaggregations or []))
                if unknown:
                    errors["breakdown"] = _("The indicator is not disaggregated by %(dims)s.") % {
                        "dims": ", ".join(unknown)}
        if self.period_id and self.indicator_id and self.period.project_id != self.indicator.node.project_id:
            errors["period"] = _("The period belongs to another project.")
        if errors:
            raise ValidationError(errors)


def parse_breakdown(text):
    """{"country": "LA", "sex": "female"} from "country=LA;sex=female" (ValueError on bad input)."""
    out = {}
    for part in (text or "").replace(",", ";").split(";"):
        part = part.strip()
        if not part:
            continue
        name, sep, value = part.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not value or name not in DISAGGREGATION_CODES:
            raise ValueError(_("Write each part as dimension=value with a dimension from: %(codes)s.")
                             % {"codes": ", ".join(DISAGGREGATION_CODES)})
        out[name] = value
    return out


def breakdown_key(dims):
    return ";".join(f"{k}={dims[k]}" for k in sorted(dims))


class IndicatorValue(BaseModel):
    """A value entered by hand, with evidence (a file or a link).

    `breakdown` is a list of {"dims": {"sex": "female"}, "value": 12} (or numerator/denominator);
    `disaggregations_at_entry` keeps the indicator's breakdown when the value was entered, so a later
    change of the indicator's disaggregations leaves this value as it was, with a visible note.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values",
                                  verbose_name=_("indicator"))
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="values", verbose_name=_("period"))
    country = models.ForeignKey("directory.Country", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("country"))
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=2, null=True, blank=True)
    numerator = models.DecimalField(_("numerator"), max_digits=18, decimal_places=2, null=True, blank=True)
    denominator = models.DecimalField(_("denominator"), max_digits=18, decimal_places=2, null=True, blank=True)
    breakdown = models.JSONField(_("breakdown"), default=list, blank=True)
    disaggregations_at_entry = models.JSONField(_("disaggregations when entered"), default=list, blank=True,
                                                editable=False)
    evidence_file = models.FileField(_("evidence file"), upload_to="results/evidence/%Y/", max_length=300,
                                     blank=True, validators=[validate_evidence_file])
    evidence_url = models.URLField(_("evidence link"), blank=True, max_length=500)
    note = models.TextField(_("note"), blank=True)

    scope_organisation_path = "indicator__node__project__reporting_org"
    scope_country_path = "country"

    class Meta:
        ordering = ["indicator", "period", "country"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [models.UniqueConstraint(fields=["indicator", "period", "country"],
                                               name="unique_indicator_value")]

    def __str__(self):
        return f"{self.indicator.code} {self.period} {self.country_id or ''}: {self.display_value()}"

    def display_value(self):
        if self.indicator.unit == Indicator.Unit.PERCENTAGE:
            if self.numerator is not None and self.denominator:
                return f"{self.numerator}/{self.denominator}"
            return "—"
        return "—" if self.value is None else str(self.value)

    @property
    def breakdown_differs(self):
        return list(self.disaggregations_at_entry or []) != list(self.indicator.disaggregations or [])

    def clean(self):
        errors = {}
        unit = self.indicator.unit if self.indicator_id else None
        if unit == Indicator.Unit.PERCENTAGE:
            if self.numerator is None or not self.denominator:
                errors["denominator"] = _("A percentage needs a numerator and a denominator above zero.")
            elif self.numerator > self.denominator:
                errors["numerator"] = _("The numerator cannot exceed the denominator.")
        elif unit and self.value is None:
            errors["value"] = _("Give the value.")
        if self.indicator_id and self.indicator.method == Indicator.Method.COMPUTED:
            errors["indicator"] = _("This indicator is computed from the records; values are not entered by hand.")
        if not (self.evidence_file or self.evidence_url):
            errors["evidence_url"] = _("Attach the evidence: upload a file or give a link.")
        if not isinstance(self.breakdown, list) or any(
                not isinstance(r, dict) or not isinstance(r.get("dims"), dict) for r in self.breakdown or []):
            errors["breakdown"] = _('Give a list of {"dims": {...}, "value": ...} rows.')
        elif unit and not errors:
            problem = self.breakdown_problem(unit)
            if problem:
                errors["breakdown"] = problem
        if self.period_id and self.indicator_id and self.period.project_id != self.indicator.node.project_id:
            errors["period"] = _("The period belongs to another project.")
        if errors:
            raise ValidationError(errors)


    def breakdown_problem(self, unit):
        """A message when the parts of a breakdown do not add up to the total (or name unknown dimensions)."""
        allowed = set(self.indicator.disaggregations or []) | set(self.disaggregations_at_entry or [])
        groups = {}
        for row in self.breakdown or []:
            names = tuple(sorted(row["dims"]))
            unknown = sorted(set(names) - allowed)
            if unknown:
                return _("The indicator is not disaggregated by %(dims)s.") % {"dims": ", ".join(unknown)}
            groups.setdefault(names, []).append(row)
        columns = ("numerator", "denominator") if unit == Indicator.Unit.PERCENTAGE else ("value",)
        for names, rows in groups.items():
            for column in columns:
                try:
                    parts = sum(Decimal(str(r.get(column) or 0)) for r in rows)
                except (ArithmeticError, ValueError, TypeError):
                    return _("Every part must be a number.")
                total = getattr(self, column) or Decimal(0)
                if parts != total:
                    return _("The parts by %(dims)s add up to %(parts)s, not to the total %(total)s.") % {
                        "dims": " × ".join(names) or _("total"), "parts": f"{parts.normalize():f}",
                        "total": f"{Decimal(total).normalize():f}"}
        return None


class PeriodApproval(BaseModel):
    """A project's period for one country (or all countries): submitted by the country coordinator,
    approved by the secretariat; an approved period is locked."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        SUBMITTED = "submitted", _("submitted")
        APPROVED = "approved", _("approved")

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="approvals", verbose_name=_("period"))
    country = models.ForeignKey("directory.Country", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("country"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    submitted_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    approved_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("approved by"))
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    snapshot = models.JSONField(_("values when approved"), default=dict, blank=True, editable=False)
    reopened_at = models.DateTimeField(_("reopened"), null=True, blank=True, editable=False)
    reopen_reason = models.TextField(_("reason for reopening"), blank=True, editable=False)

    scope_organisation_path = "period__project__reporting_org"
    scope_country_path = "country"
    # the values stored at approval count people, small counts exactly: left out of a history shown without
    # personal values (core.privacy.redact_values); the framework page shows them, masked where it must
    history_count_fields = ("snapshot",)

    class Meta:
        ordering = ["period", "country"]
        verbose_name = _("period approval")
        verbose_name_plural = _("period approvals")
        constraints = [models.UniqueConstraint(fields=["period", "country"], name="unique_period_approval")]

    def __str__(self):
        return f"{self.period.project.code} {self.period} {self.country_id or _('all countries')}: " \
               f"{self.get_status_display()}"


class IndicatorRevision(models.Model):
    """One version of an indicator's definition (what it counts and how). A new revision is written whenever
    the definition changes; an approved period keeps the revision it was approved with."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="revisions",
                                  verbose_name=_("indicator"))
    number = models.PositiveIntegerField(_("revision"))
    definition = models.JSONField(_("definition"), default=dict)
    created_at = models.DateTimeField(_("from"), auto_now_add=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    objects = ScopedManager()
    scope_organisation_path = "indicator__node__project__reporting_org"
    scope_country_path = "indicator__node__project__recipient_countries"

    class Meta:
        ordering = ["indicator", "number"]
        verbose_name = _("indicator revision")
        verbose_name_plural = _("indicator revisions")
        constraints = [models.UniqueConstraint(fields=["indicator", "number"], name="unique_indicator_revision")]

    def __str__(self):
        return f"{self.indicator.code} v{self.number}"


class Narrative(BaseModel):
    """The secretariat's account of progress on an outcome (or any result) for a period, printed in the donor
    report beside the figures."""

    node = models.ForeignKey(ResultNode, on_delete=models.CASCADE, related_name="narratives",
                             verbose_name=_("result"))
    period = models.ForeignKey(Period, null=True, blank=True, on_delete=models.CASCADE, related_name="narratives",
                               verbose_name=_("period"), help_text=_("Empty: the narrative for the whole project."))
    text = models.TextField(_("narrative"))
    text_zh_hans = models.TextField(_("narrative (简体中文)"), blank=True)
    text_lo = models.TextField(_("narrative (ພາສາລາວ)"), blank=True)
    text_km = models.TextField(_("narrative (ភាសាខ្មែរ)"), blank=True)
    text_id = models.TextField(_("narrative (Bahasa Indonesia)"), blank=True)

    scope_organisation_path = "node__project__reporting_org"
    scope_country_path = "node__project__recipient_countries"

    class Meta:
        ordering = ["node", "period"]
        verbose_name = _("narrative")
        verbose_name_plural = _("narratives")
        constraints = [models.UniqueConstraint(fields=["node", "period"], name="unique_narrative")]

    def __str__(self):
        return f"{self.node}: {self.period or _('whole project')}"

    def clean(self):
        if self.period_id and self.node_id and self.period.project_id != self.node.project_id:
            raise ValidationError({"period": _("The period belongs to another project.")})


class Source(BaseModel):
    """An article or report that states figures."""

    title = models.CharField(_("title"), max_length=500)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    url = models.URLField(_("address"), blank=True, max_length=500)
    published = PartialDateField(_("published"))
    file = models.FileField(_("file"), upload_to="results/sources/%Y/", max_length=300, blank=True,
                            validators=[validate_evidence_file])
    text = models.TextField(_("text"), blank=True)

    class Meta:
        ordering = ["-published", "title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self):
        return self.title


class ReportedFigure(BaseModel):
    """A figure a source reports about a network, programme, agreement or project."""

    class Qualifier(models.TextChoices):
        EXACTLY = "exactly", _("exactly")
        MORE_THAN = "more_than", _("more than")
        ABOUT = "about", _("about")
        AT_LEAST = "at_least", _("at least")

    class Counts(models.TextChoices):
        MEMBER_INSTITUTIONS = "member_institutions", _("member institutions")
        MEMBERS = "members", _("members (schools and companies)")
        MEMBER_COUNTRIES = "member_countries", _("countries and regions of members")
        PERSONS_TRAINED = "persons_trained", _("people trained")
        TEACHERS_TRAINED = "teachers_trained", _("teachers trained")
        COMPANY_STAFF_TRAINED = "company_staff_trained", _("company staff trained")
        SITES = "sites", _("sites")
        SITE_COUNTRIES = "site_countries", _("countries with sites")
        CONTRIBUTION = "contribution", _("contribution (amount)")
        AGREEMENTS = "agreements", _("agreements signed")
        OTHER = "other", _("other")

    organisation = models.ForeignKey(ORG, null=True, blank=True, on_delete=models.CASCADE,
                                     related_name="reported_figures", verbose_name=_("network or organisation"))
    initiative = models.ForeignKey("activities.Initiative", null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="reported_figures", verbose_name=_("programme"))
    agreement = models.ForeignKey("agreements.Agreement", null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="reported_figures", verbose_name=_("agreement"))
    project = models.ForeignKey(Project, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="reported_figures", verbose_name=_("project"))
    indicator = models.ForeignKey(Indicator, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="reported_figures", verbose_name=_("indicator"))
    counts = models.CharField(_("what it counts"), max_length=30, choices=Counts.choices, default=Counts.OTHER)
    statement = models.CharField(_("as stated"), max_length=500, blank=True,
                                 help_text=_("The words of the source, e.g. 'more than 577 teachers and students'."))
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    qualifier = models.CharField(_("qualifier"), max_length=10, choices=Qualifier.choices,
                                 default=Qualifier.EXACTLY)
    period_start = PartialDateField(_("from"))
    period_end = PartialDateField(_("until"))
    countries = models.ManyToManyField("directory.Country", blank=True, related_name="+",
                                       verbose_name=_("countries the source names"))
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="figures", verbose_name=_("source"))

    scope_organisation_path = ("organisation", "project__reporting_org")

    class Meta:
        ordering = ["counts", "source", "pk"]
        verbose_name = _("reported figure")
        verbose_name_plural = _("reported figures")

    def __str__(self):
        subject = self.organisation or self.initiative or self.agreement or self.project or "—"
        return f"{subject}: {self.get_qualifier_display()} {self.value.normalize():f} {self.get_counts_display()}"

    def clean(self):
        if not (self.organisation_id or self.initiative_id or self.agreement_id or self.project_id):
            raise ValidationError(_("Choose what the figure is about: a network, a programme, an agreement or "
                                    "a project."))
        self.currency = (self.currency or "").upper()

    @property
    def subject(self):
        return self.organisation or self.initiative or self.agreement or self.project


# ---------------------------------------------------------------- aggregates kept in step (see facts.py)
class CompletionFact(models.Model):
    """One row per participation in which a person enrolled (registered, attended or completed), with its
    dimensions copied in (narrow, indexed), its status flags and the projects the activity is attributed to."""

    participation_id = models.BigIntegerField(unique=True)
    person_id = models.BigIntegerField(db_index=True)
    activity_id = models.BigIntegerField(db_index=True)
    year = models.SmallIntegerField(null=True)
    date_from = models.DateField(null=True)
    date_to = models.DateField(null=True)
    sex = models.CharField(max_length=10)
    country = models.CharField(max_length=2)
    participant_kind = models.CharField(max_length=20)
    age_group = models.CharField(max_length=10)
    disability = models.BooleanField()
    disadvantaged_youth = models.BooleanField()
    organisation_kind = models.CharField(max_length=40)
    organisation_id = models.BigIntegerField(null=True)
    field = models.CharField(max_length=4)
    activity_kind = models.CharField(max_length=40)
    initiative_id = models.BigIntegerField(null=True)
    hours = models.DecimalField(max_digits=9, decimal_places=2, default=0)
    completed = models.BooleanField(default=True)
    passed = models.BooleanField(default=False)
    assessed = models.BooleanField(default=False)
    projects = models.CharField(max_length=300, default="", blank=True)  # "3,7": the projects counting it

    objects = ScopedManager()

    class Meta:
        verbose_name = _("completion fact")
        indexes = [models.Index(fields=["year", "sex", "country"]),
                   models.Index(fields=["activity_kind", "year"]),
                   models.Index(fields=["initiative_id", "year"]),
                   models.Index(fields=["date_from", "date_to"]),
                   models.Index(fields=["organisation_id"])]


class CompletionCell(models.Model):
    """Pre-aggregated cube: per project (0 = the whole network), scope ('all', 'kind:<k>', 'initiative:<id>',
    'field:<code>'), year and person dimensions: distinct persons who completed, enrolled, were assessed and
    passed, completions and hours. Sums replace COUNT(DISTINCT)."""

    project_id = models.BigIntegerField(default=0)
    scope = models.CharField(max_length=60)
    year = models.SmallIntegerField()
    sex = models.CharField(max_length=10)
    country = models.CharField(max_length=2)
    participant_kind = models.CharField(max_length=20)
    age_group = models.CharField(max_length=10)
    disability = models.BooleanField()
    disadvantaged_youth = models.BooleanField()
    organisation_kind = models.CharField(max_length=40)
    persons = models.IntegerField(default=0)
    completions = models.IntegerField(default=0)
    hours = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    enrolled = models.IntegerField(default=0)
    assessed = models.IntegerField(default=0)
    passed = models.IntegerField(default=0)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("completion cell")
        constraints = [models.UniqueConstraint(
            fields=["project_id", "scope", "year", "sex", "country", "participant_kind", "age_group", "disability",
                    "disadvantaged_youth", "organisation_kind"], name="unique_completion_cell")]
        # the dashboard's country list: the network's countries from the index alone
        indexes = [models.Index(fields=["project_id", "scope", "country"], name="results_cell_scope_country")]
