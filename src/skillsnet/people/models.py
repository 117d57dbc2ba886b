"""Persons (personal data), their time-bound titles and affiliations, and their participation in activities."""
import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from skillsnet.core.fields import PartialDateField, multilingual
from skillsnet.core.i18n import all_columns, current_language, localized
from skillsnet.core.models import BaseModel
from skillsnet.core.scoping import ScopedManager
from skillsnet.core.text import search_blob

EARLIEST_BIRTH_YEAR = 1900
YOUNGEST_AGE = 10  # nobody younger takes part in TVET activities


def _clean_name_list(obj, field, errors):
    value = getattr(obj, field)
    if value in (None, ""):
        setattr(obj, field, [])
    elif not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        errors[field] = _("Give a list of names.")
    elif any(len(v) > 200 for v in value):
        errors[field] = _("Each name may have at most 200 characters.")
    else:
        setattr(obj, field, list(dict.fromkeys(v.strip() for v in value if v.strip())))


def _ends_before_start(start, end):
    """True when a partial end date lies before a partial start date (compared at the coarser precision)."""
    if not start or not end:
        return False
    n = min(len(start), len(end))
    return end[:n] < start[:n]


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

    honorific = models.CharField(_("honorific"), max_length=30, blank=True, help_text=_("e.g. Mr, Ms, Dr."))
    aliases = models.JSONField(_("other names"), default=list, blank=True,
                               help_text=_("Other spellings and name orders, in any script."))
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    nationality = models.ForeignKey("directory.Country", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("nationality"))
    organisation = models.ForeignKey("directory.Organisation", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="people", verbose_name=_("organisation"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    email = models.EmailField(_("email"), blank=True, db_index=True)
    external_id = models.CharField(_("external id"), max_length=100, blank=True, db_index=True,
                                   help_text=_("The person's number in another system, e.g. a student number."))
    has_disability = models.BooleanField(_("has a disability"), default=False)
    disadvantaged_youth = models.BooleanField(_("disadvantaged youth"), default=False)
    consent_given = models.BooleanField(_("consent given"), default=False,
                                        help_text=_("The person agreed that their data is kept and used."))
    consent_date = models.DateField(_("consent date"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    search_text = models.TextField(editable=False, blank=True, default="")

    scope_organisation_path = "organisation"
    scope_country_path = "organisation__country"
    personal_data = True

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        # (organisation, id): the permission filter's subquery for a country reads a country's persons from the
        # index alone (accounts.permissions.path_q)
        indexes = [models.Index(fields=["organisation", "kind"]), models.Index(fields=["sex"]),
                   models.Index(fields=["organisation", "id"], name="people_person_org_id")]

    def __str__(self):
        return localized(self, "name") or self.name

    def all_names(self):
        names = [getattr(self, c) for c in all_columns("name")] + list(self.aliases or [])
        return list(dict.fromkeys(n for n in names if n))

    def clean(self):
        errors = {}
        _clean_name_list(self, "aliases", errors)
        this_year = datetime.date.today().year
        if self.birth_year is not None and not (EARLIEST_BIRTH_YEAR <= self.birth_year <= this_year - YOUNGEST_AGE):
            errors["birth_year"] = _("Enter a birth year between %(low)s and %(high)s.") % {
                "low": EARLIEST_BIRTH_YEAR, "high": this_year - YOUNGEST_AGE}
        if self.consent_date and not self.consent_given:
            errors["consent_date"] = _("A consent date needs 'consent given' ticked.")
        elif self.consent_date and self.consent_date > datetime.date.today():
            errors["consent_date"] = _("The consent date cannot be in the future.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.search_text = search_blob(self.all_names())
        super().save(*args, **kwargs)


class Affiliation(BaseModel):
    """A title a person held at an organisation (e.g. 'Acting Project Manager', December 2023).

    `start`/`end` bound the period when known; `as_of` is the date a source states the title was held
    (articles name a title on a date without saying since when).
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="affiliations",
                               verbose_name=_("person"))
    organisation = models.ForeignKey("directory.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="affiliations", verbose_name=_("organisation"))
    title = models.CharField(_("title"), max_length=300, blank=True)
    start = PartialDateField(_("from"))
    end = PartialDateField(_("until"))
    as_of = PartialDateField(_("stated as of"), help_text=_("The date a source states this title was held."))
    source = models.CharField(_("source"), max_length=300, blank=True)

    scope_organisation_path = ("person__organisation", "organisation")
    scope_country_path = "person__organisation__country"
    personal_data = True

    class Meta:
        ordering = ["person", "start", "as_of"]
        verbose_name = _("title and affiliation")
        verbose_name_plural = _("titles and affiliations")

    # the affiliated organisation reads the record, not always the person: core.privacy.record_label
    label_links = ("person",)

    def __str__(self):
        return self.label()

    def label(self, hidden=frozenset()):
        person = _("not shown") if "person" in hidden else self.person
        return f"{person}: {self.title} ({self.organisation or '—'})"

    def clean(self):
        errors = {}
        if _ends_before_start(self.start, self.end):
            errors["end"] = _("The end (%(end)s) cannot be before the start (%(start)s).") % {
                "end": self.end, "start": self.start}
        for name in ("as_of",):
            value = getattr(self, name)
            if value and (_ends_before_start(self.start, value) or _ends_before_start(value, self.end)):
                errors[name] = _("This date lies outside the period from %(start)s until %(end)s.") % {
                    "start": self.start or "?", "end": self.end or "?"}
        if errors:
            raise ValidationError(errors)

    def covers(self, day):
        """Whether the known bounds allow this title on `day` (a date or ISO text)."""
        iso = day.isoformat() if hasattr(day, "isoformat") else str(day)
        started = not self.start or self.start[:len(iso)] <= iso[:len(self.start)]
        ended = bool(self.end) and self.end < iso[:len(self.end)]
        return started and not ended

    @property
    def anchor(self):
        """The earliest date this title is known to be held: its start, else the date a source states it."""
        return self.start or self.as_of


_ROLE_LABELS = {}  # (language, role) -> the role's label: a change log of 100,000 imported rows names each role


class Participation(BaseModel):
    """A person's part in an activity: registered, attended, completed, hours and assessment."""

    class Role(models.TextChoices):
        PARTICIPANT = "participant", _("participant")
        SPEAKER = "speaker", _("speaker")
        MODERATOR = "moderator", _("moderator")
        ORGANISER = "organiser", _("organiser")
        TRAINER = "trainer", _("trainer")
        OBSERVER = "observer", _("observer")
        OFFICIAL = "official", _("official")
        LECTURER = "lecturer", _("lecturer")
        SIGNATORY = "signatory", _("signatory")

    class Assessment(models.TextChoices):
        NOT_ASSESSED = "not_assessed", _("not assessed")
        PASSED = "passed", _("passed")
        FAILED = "failed", _("failed")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="participations",
                               verbose_name=_("person"))
    activity = models.ForeignKey("activities.Activity", on_delete=models.PROTECT, related_name="participations",
                                 verbose_name=_("activity"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PARTICIPANT)
    registered = models.BooleanField(_("registered"), default=False)
    attended = models.BooleanField(_("attended"), default=False)
    completed = models.BooleanField(_("completed"), default=False)
    hours = models.DecimalField(_("hours"), max_digits=7, decimal_places=2, null=True, blank=True,
                                validators=[MinValueValidator(0), MaxValueValidator(10000)])
    assessment = models.CharField(_("assessment result"), max_length=20, choices=Assessment.choices,
                                  default=Assessment.NOT_ASSESSED)
    notes = models.TextField(_("notes"), blank=True)
    # The countries of the coordinator's scope, copied here so that the permission filter is a column test
    # PostgreSQL plans per row (instead of a hash of a country's persons on every query): the country of the
    # person's organisation and of the activity's host. Kept by people.scope, a post-write step of every write
    # of participations, persons, activities and organisations (and rebuilt after a restore); never edited.
    scope_person_country = models.CharField(max_length=2, null=True, blank=True, editable=False)
    scope_host_country = models.CharField(max_length=2, null=True, blank=True, editable=False)
    # The organisations of a focal point's scope, copied the same way (the person's organisation, the activity's
    # host): its filter is two indexed column tests instead of a semi-join over a union of two subqueries.
    scope_person_organisation = models.BigIntegerField(null=True, blank=True, editable=False)
    scope_host_organisation = models.BigIntegerField(null=True, blank=True, editable=False)

    # the same rows as ("person__organisation", "activity__host"), read from the copies above
    scope_organisation_path = ("scope_person_organisation", "scope_host_organisation")
    # the same rows as ("person__organisation__country", "activity__host__country"), read from the copies above
    scope_country_path = ("scope_person_country", "scope_host_country")
    derived_fields = ("scope_person_country", "scope_host_country", "scope_person_organisation",
                      "scope_host_organisation")
    personal_data = True

    class Meta:
        # by the key columns: ordering by the related models' own orderings sorts 1,000,000 rows through joins
        ordering = ["activity_id", "person_id"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [models.UniqueConstraint(fields=["person", "activity", "role"],
                                               name="unique_participation_role")]
        indexes = [models.Index(fields=["activity", "role"]), models.Index(fields=["completed"]),
                   # (country, list order): the list filtered by the person's country (`country=`) reads its rows
                   # in order from here
                   models.Index(fields=["scope_person_country", "activity", "person"], name="people_part_scope_person"),
                   models.Index(fields=["scope_host_country"], name="people_part_scope_host"),
                   models.Index(fields=["scope_person_organisation"], name="people_part_scope_porg"),
                   models.Index(fields=["scope_host_organisation"], name="people_part_scope_horg")]

    # the activity's host reads the record, not always the person: core.privacy.record_label
    label_links = ("person",)

    def __str__(self):
        return self.label()

    def label(self, hidden=frozenset()):
        # the label through the enum: get_role_display() rebuilds the choices dict on every call (imports
        # write thousands of change-log entries with this text)
        key = (current_language(), self.role)
        role = _ROLE_LABELS.get(key)
        if role is None:
            role = _ROLE_LABELS[key] = str(self.Role(self.role).label) if self.role in self.Role.values else self.role
        person = _("not shown") if "person" in hidden else self.person
        return f"{person} — {self.activity} ({role})"

    def clean(self):
        if self.completed and not self.attended:
            raise ValidationError({"completed": _(
                "A person who did not attend cannot have completed: tick 'attended' as well, or untick 'completed'.")})


class ActivityFigures(models.Model):
    """Derived, never edited (people/figures.py keeps it in step with the participations, a post-write step of
    every write of them, and rebuilds it after a restore or a raw load): per activity, one row for its people
    (`role` "") and one per role, with how many of them registered, attended and completed (distinct persons, as
    the activity's pages count them). Figures that add activities up (a year's participants, a country's
    completions) need every activity's figures at once: read here in one pass instead of counting a million
    participations again after every write."""

    activity_id = models.BigIntegerField()
    role = models.CharField(max_length=20, blank=True)
    people = models.PositiveIntegerField()
    registered = models.PositiveIntegerField()
    attended = models.PositiveIntegerField()
    completed = models.PositiveIntegerField()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("activity figures")
        constraints = [models.UniqueConstraint(fields=["activity_id", "role"], name="people_activity_figures_role")]
