"""Employment services: vacancies, job-seeker profiles (with consent), applications, placements, tracer surveys,
and the match features the two-way matching ranks on (one narrow table per side, kept by services.py)."""
import datetime

import pycountry
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from skillsnet.core.models import BaseModel
from skillsnet.core.scoping import ScopedManager, ScopedQuerySet

ORG = "directory.Organisation"


def example_label(is_example, text):
    """Example records read as such wherever they are named (lists, pickers, feeds, the API's display)."""
    if is_example and not text.lower().startswith("[example]"):
        return f"[example] {text}"
    return text


class Vacancy(BaseModel):
    """A job posted by a member company or alliance partner (or by the secretariat on its behalf)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")
        FILLED = "filled", _("filled")

    class EmploymentType(models.TextChoices):
        FULL_TIME = "FULL_TIME", _("full time")
        PART_TIME = "PART_TIME", _("part time")
        CONTRACTOR = "CONTRACTOR", _("contract")
        TEMPORARY = "TEMPORARY", _("temporary")
        INTERN = "INTERN", _("internship or apprenticeship")

    class Mobility(models.TextChoices):
        ON_SITE = "on_site", _("on site, no relocation support")
        RELOCATION = "relocation", _("relocation supported (cross-border applicants welcome)")
        REMOTE = "remote", _("remote work possible")

    class PayPeriod(models.TextChoices):
        HOUR = "HOUR", _("per hour")
        DAY = "DAY", _("per day")
        MONTH = "MONTH", _("per month")
        YEAR = "YEAR", _("per year")

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"))
    employer = models.ForeignKey(ORG, on_delete=models.PROTECT, related_name="vacancies",
                                 verbose_name=_("employer"))
    posted_on_behalf = models.BooleanField(_("posted by the secretariat on the employer's behalf"), default=False)
    occupation = models.ForeignKey("directory.IscoOccupation", on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("ISCO-08 occupation"))
    required_units = models.ManyToManyField("recognition.CompetencyUnit", blank=True, related_name="+",
                                            verbose_name=_("required competency units"))
    required_qualifications = models.ManyToManyField("recognition.Qualification", blank=True, related_name="+",
                                                     verbose_name=_("required qualifications"))
    aqrf_level = models.PositiveSmallIntegerField(_("level (AQRF)"), null=True, blank=True,
                                                  validators=[MinValueValidator(1), MaxValueValidator(8)])
    languages = models.ManyToManyField("directory.Language", blank=True, related_name="+",
                                       verbose_name=_("languages required"))
    country = models.ForeignKey("directory.Country", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("country"))
    province = models.ForeignKey("directory.Subdivision", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("province"))
    city = models.CharField(_("city"), max_length=200, blank=True)
    mobility = models.CharField(_("mobility"), max_length=20, choices=Mobility.choices, default=Mobility.ON_SITE)
    employment_type = models.CharField(_("employment type"), max_length=20, choices=EmploymentType.choices,
                                       blank=True)
    positions = models.PositiveIntegerField(_("positions"), default=1,
                                            validators=[MinValueValidator(1), MaxValueValidator(10_000)])
    pay_min = models.DecimalField(_("pay from"), max_digits=12, decimal_places=2, null=True, blank=True,
                                  validators=[MinValueValidator(0)])
    pay_max = models.DecimalField(_("pay up to"), max_digits=12, decimal_places=2, null=True, blank=True,
                                  validators=[MinValueValidator(0)])
    currency = models.CharField(_("currency (ISO 4217)"), max_length=3, blank=True)
    pay_period = models.CharField(_("pay period"), max_length=10, choices=PayPeriod.choices, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    posted_on = models.DateField(_("date posted"), default=datetime.date.today)
    closing_date = models.DateField(_("closing date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    demand_signal = models.ForeignKey(
        "labour.DemandSignal", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("already counted in demand signal"),
        help_text=_("When a skills-demand signal already counts this vacancy, the gap analysis does not count it "
                    "again."))
    is_example = models.BooleanField(_("example record"), default=False,
                                     help_text=_("Example data loaded with 'skillsnet demo --examples', not a real "
                                                 "vacancy."))

    scope_organisation_path = "employer"
    scope_country_path = "country"

    class Meta:
        ordering = ["-posted_on", "-id"]
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        indexes = [models.Index(fields=["status", "closing_date"]), models.Index(fields=["country", "occupation"])]

    def __str__(self):
        return example_label(self.is_example, f"{self.title} — {self.employer_id and self.employer}")

    @property
    def is_open(self):
        return self.status == self.Status.OPEN and (self.closing_date is None
                                                    or self.closing_date >= datetime.date.today())

    def clean(self):
        errors = {}
        if self.currency:
            self.currency = self.currency.strip().upper()
            if pycountry.currencies.get(alpha_3=self.currency) is None:
                errors["currency"] = _("Give an ISO 4217 currency code, e.g. USD, KHR, LAK, CNY.")
        if (self.pay_min is not None or self.pay_max is not None) and not self.currency:
            errors["currency"] = _("Give the currency of the pay range.")
        if self.pay_min is not None and self.pay_max is not None and self.pay_max < self.pay_min:
            errors["pay_max"] = _("The upper end of the pay range is below the lower end.")
        if self.closing_date and self.posted_on and self.closing_date < self.posted_on:
            errors["closing_date"] = _("The closing date is before the date posted.")
        if self.province_id and self.country_id and self.province.country_id != self.country_id:
            errors["province"] = _("This province is not in the chosen country.")
        if self.employer_id and self.employer.kind not in ("company", "alliance_network", "tvet_institute", "other"):
            errors["employer"] = _("Vacancies are posted by member companies and alliance partners.")
        if errors:
            raise ValidationError(errors)


class ConsentingQuerySet(ScopedQuerySet):
    pass


class ConsentingManager(ScopedManager.from_queryset(ConsentingQuerySet)):
    """Profiles whose owner's consent is in force: the default manager, so every list, match, export, panel
    and API answer (all of which start from it, through for_user) loses a profile the moment consent is
    revoked. Only the person's own data page reads revoked profiles (JobSeekerProfile.all_profiles)."""

    def get_queryset(self):
        return super().get_queryset().filter(consent_given=True, consent_revoked_at__isnull=True)


CONSENT_TEXT = _(
    "I agree that skillsnet shows my job-seeker profile — my name, the trainings I completed, my verified "
    "credentials, my recognised qualifications, my languages, my preferences and where I am willing to work — to "
    "the network secretariat, to the coordinators of my country, to my training institution and to the member "
    "companies and alliance partners that post vacancies, so that they can match me with jobs. My e-mail and "
    "telephone are shown to a company only after I accept its invitation or apply to its vacancy. I can revoke "
    "this consent at any time: my profile then disappears at once from every match, list, export and API "
    "answer.")


class JobSeekerProfile(BaseModel):
    """A trained person looking for work, with explicit, revocable consent (personal data)."""

    person = models.OneToOneField("people.Person", on_delete=models.CASCADE, related_name="job_seeker_profile",
                                  verbose_name=_("person"))
    user = models.OneToOneField(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="job_seeker_profile", verbose_name=_("sign-in of the person"))
    consent_given = models.BooleanField(_("consent given"), default=False)
    consent_text = models.TextField(_("consent wording agreed to"), blank=True, editable=False)
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True, editable=False)
    consent_revoked_at = models.DateTimeField(_("consent revoked at"), null=True, blank=True, editable=False)
    headline = models.CharField(_("headline"), max_length=300, blank=True)
    occupations = models.ManyToManyField("directory.IscoOccupation", blank=True, related_name="+",
                                         verbose_name=_("occupations sought (ISCO-08)"))
    qualifications = models.ManyToManyField("recognition.Qualification", blank=True, related_name="+",
                                            verbose_name=_("qualifications held"))
    languages = models.ManyToManyField("directory.Language", blank=True, related_name="+",
                                       verbose_name=_("languages"))
    home_country = models.ForeignKey("directory.Country", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("country of residence"))
    home_province = models.ForeignKey("directory.Subdivision", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+", verbose_name=_("province of residence"))
    willing_countries = models.ManyToManyField("directory.Country", blank=True, related_name="+",
                                               verbose_name=_("other countries willing to work in"))
    anywhere = models.BooleanField(_("willing to work anywhere"), default=False)
    preferences = models.TextField(_("preferences"), blank=True)
    is_example = models.BooleanField(_("example record"), default=False)

    objects = ConsentingManager()
    all_profiles = ScopedManager()

    scope_organisation_path = "person__organisation"
    scope_country_path = ("person__organisation__country", "home_country")
    personal_data = True

    class Meta:
        ordering = ["person__name", "id"]
        base_manager_name = "all_profiles"
        verbose_name = _("job-seeker profile")
        verbose_name_plural = _("job-seeker profiles")

    def __str__(self):
        return example_label(self.is_example, str(self.person))

    @property
    def consent_in_force(self):
        return self.consent_given and self.consent_revoked_at is None


class ConsentingApplicationManager(ScopedManager):
    """Applications of profiles whose consent is in force (the profile's and its applications' lists lose them at
    the same moment)."""

    def get_queryset(self):
        return super().get_queryset().filter(profile__consent_given=True, profile__consent_revoked_at__isnull=True)


class ProfileContact(BaseModel):
    """A job seeker's e-mail and telephone, apart from the profile: the profile's pages, history, exports and API
    (which companies may read) never carry them. Not registered with the generic screens; read by the person
    (their data page) and by queries.contact_for once the candidate accepted. Its changes are in the change log,
    which only network-wide personal-data roles read."""

    profile = models.OneToOneField(JobSeekerProfile, on_delete=models.CASCADE, related_name="contact",
                                   verbose_name=_("job-seeker profile"))
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)

    scope_organisation_path = "profile__person__organisation"
    scope_country_path = "profile__person__organisation__country"
    personal_data = True

    class Meta:
        verbose_name = _("contact details of a job seeker")
        verbose_name_plural = _("contact details of job seekers")

    def __str__(self):
        return str(_("contact details"))


class Application(BaseModel):
    """A candidate for a vacancy: applied by the person or invited by the company, through to hired / not hired.
    The company sees the candidate's contact details only once `contact_shared_at` is set (the candidate
    applied or accepted the invitation)."""

    class Stage(models.TextChoices):
        INVITED = "invited", _("invited by the company")
        APPLIED = "applied", _("applied")
        SHORTLISTED = "shortlisted", _("shortlisted")
        INTERVIEW = "interview", _("interview")
        OFFER = "offer", _("offer made")
        HIRED = "hired", _("hired")
        NOT_HIRED = "not_hired", _("not hired")
        DECLINED = "declined", _("declined by the candidate")
        WITHDRAWN = "withdrawn", _("withdrawn")

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="applications",
                                verbose_name=_("vacancy"))
    profile = models.ForeignKey(JobSeekerProfile, on_delete=models.CASCADE, related_name="applications",
                                verbose_name=_("candidate"))
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.APPLIED)
    stage_dates = models.JSONField(_("dates of each stage"), default=dict, blank=True, editable=False)
    contact_shared_at = models.DateTimeField(_("contact details shared"), null=True, blank=True, editable=False)
    score = models.PositiveSmallIntegerField(_("match score"), null=True, blank=True, editable=False)
    note = models.TextField(_("note"), blank=True)
    is_example = models.BooleanField(_("example record"), default=False)

    objects = ConsentingApplicationManager()
    all_applications = ScopedManager()

    scope_organisation_path = ("vacancy__employer", "profile__person__organisation")
    scope_country_path = ("vacancy__country", "profile__person__organisation__country")
    personal_data = True

    class Meta:
        ordering = ["vacancy", "-score", "id"]
        base_manager_name = "all_applications"
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [models.UniqueConstraint(fields=["vacancy", "profile"], name="one_application_per_vacancy")]

    def __str__(self):
        return f"{self.profile} → {self.vacancy.title} ({self.get_stage_display()})"


class Placement(BaseModel):
    """A person hired (through an application, or recorded from a tracer survey or by hand)."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="placements",
                               verbose_name=_("person"))
    application = models.OneToOneField(Application, null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="placement", verbose_name=_("application"))
    employer = models.ForeignKey(ORG, null=True, blank=True, on_delete=models.PROTECT, related_name="placements",
                                 verbose_name=_("employer"))
    employer_name = models.CharField(_("employer's name"), max_length=300, blank=True)
    occupation = models.ForeignKey("directory.IscoOccupation", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("ISCO-08 occupation"))
    country = models.ForeignKey("directory.Country", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("country of work"))
    start_date = models.DateField(_("start date"))
    training_related = models.BooleanField(
        _("training-related job"), null=True, blank=True,
        help_text=_("Whether the job uses what the person was trained for; worked out from the occupation when "
                    "left empty."))
    feedback_rating = models.PositiveSmallIntegerField(_("employer's rating (1–5)"), null=True, blank=True,
                                                       validators=[MinValueValidator(1), MaxValueValidator(5)])
    feedback = models.TextField(_("employer's feedback"), blank=True)
    feedback_on = models.DateField(_("feedback date"), null=True, blank=True)
    is_example = models.BooleanField(_("example record"), default=False)

    scope_organisation_path = ("employer", "person__organisation")
    scope_country_path = ("country", "person__organisation__country")
    personal_data = True

    class Meta:
        ordering = ["-start_date", "id"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")

    def __str__(self):
        return f"{self.person} @ {self.employer or self.employer_name} ({self.start_date})"


class TracerSurvey(BaseModel):
    """A follow-up of a completer 6 or 12 months after completion, with response tracking and the answer."""

    class Months(models.IntegerChoices):
        SIX = 6, _("6 months after completion")
        TWELVE = 12, _("12 months after completion")

    class Response(models.TextChoices):
        PENDING = "pending", _("not yet sent")
        SENT = "sent", _("sent, awaiting an answer")
        ANSWERED = "answered", _("answered")
        NO_RESPONSE = "no_response", _("no response")

    class Status(models.TextChoices):
        EMPLOYED = "employed", _("employed")
        SELF_EMPLOYED = "self_employed", _("self-employed")
        FURTHER_STUDY = "further_study", _("in further study")
        NOT_EMPLOYED = "not_employed", _("not employed")

    class PayBand(models.TextChoices):
        BAND1 = "b1", _("lowest quarter of the national wage scale")
        BAND2 = "b2", _("second quarter")
        BAND3 = "b3", _("third quarter")
        BAND4 = "b4", _("highest quarter")

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="tracer_surveys",
                               verbose_name=_("person"))
    participation = models.ForeignKey("people.Participation", on_delete=models.CASCADE,
                                      related_name="tracer_surveys", verbose_name=_("completed participation"))
    months_after = models.PositiveSmallIntegerField(_("when"), choices=Months.choices, default=Months.SIX)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    response = models.CharField(_("response"), max_length=20, choices=Response.choices, default=Response.PENDING)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, blank=True)
    employer_name = models.CharField(_("employer"), max_length=300, blank=True)
    occupation = models.ForeignKey("directory.IscoOccupation", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("ISCO-08 occupation of the job"))
    training_related = models.BooleanField(_("training-related job"), null=True, blank=True)
    pay_band = models.CharField(_("pay band"), max_length=4, choices=PayBand.choices, blank=True)
    is_example = models.BooleanField(_("example record"), default=False)

    scope_organisation_path = "person__organisation"
    scope_country_path = "person__organisation__country"
    personal_data = True

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("tracer survey")
        verbose_name_plural = _("tracer surveys")
        constraints = [models.UniqueConstraint(fields=["participation", "months_after"],
                                               name="one_tracer_survey_per_follow_up")]
        indexes = [models.Index(fields=["response", "months_after"])]

    def __str__(self):
        return f"{self.person} — {self.get_months_after_display()} ({self.get_response_display()})"

    def clean(self):
        errors = {}
        if self.participation_id and self.person_id and self.participation.person_id != self.person_id:
            errors["participation"] = _("This participation belongs to another person.")
        if self.participation_id and not self.participation.completed:
            errors["participation"] = _("Tracer surveys follow completed participations only.")
        if self.response == self.Response.ANSWERED and not self.status:
            errors["status"] = _("An answered survey needs the person's status.")
        if self.status == self.Status.NOT_EMPLOYED and (self.employer_name or self.occupation_id
                                                         or self.training_related):
            errors["status"] = _("A person who is not employed has no employer, occupation or training-related job.")
        if errors:
            raise ValidationError(errors)


class ProfileFeature(models.Model):
    """What a consenting profile offers, one (kind, value) per row: the matching ranks profiles with one GROUP BY
    over the rows that match a vacancy. Rebuilt by services.refresh_profile_features on every profile write."""

    profile = models.ForeignKey(JobSeekerProfile, on_delete=models.CASCADE, related_name="features")
    kind = models.CharField(max_length=8)
    value = models.CharField(max_length=64)
    # a qualification's country, to find the qualifications to pass through the recognition engine
    detail = models.CharField(max_length=64, blank=True, default="")

    personal_data = True
    objects = ScopedManager()

    class Meta:
        # (kind, value): the rows matching a vacancy; (profile, kind, value): a candidate's rows, read from the index
        indexes = [models.Index(fields=["kind", "value", "profile"]), models.Index(fields=["profile", "kind", "value"])]


class VacancyFeature(models.Model):
    """What a vacancy asks, one (kind, value) per row (see ProfileFeature). Rebuilt on every vacancy write."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="features")
    kind = models.CharField(max_length=8)
    value = models.CharField(max_length=64)
    weight = models.FloatField(default=0)  # points of one unit / language row: the component's points / rows
    open = models.BooleanField(default=False)
    closing_date = models.DateField(null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        indexes = [models.Index(fields=["kind", "value", "open", "vacancy"]),
                   models.Index(fields=["vacancy", "kind", "value"])]
