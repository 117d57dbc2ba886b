"""Activities (workshops, visits, trainings...) and long-running programmes (model name: Initiative).

People in roles (speaker, moderator, participant...) are people.Participation rows (people app).
"""
import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from skillsnet.core.fields import PartialDateField, multilingual
from skillsnet.core.i18n import all_columns, localized
from skillsnet.core.models import BaseModel
from skillsnet.core.text import search_blob

ORG = "directory.Organisation"


class Initiative(multilingual("name", 300), BaseModel):
    """A long-running branded programme that groups activities (Panda College, Panda Workshops...)."""

    lead = models.ForeignKey(ORG, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="initiatives_led", verbose_name=_("lead organisation"))
    partners = models.ManyToManyField(ORG, blank=True, related_name="initiatives_partnered",
                                      verbose_name=_("partner organisations"))
    description = models.TextField(_("description"), blank=True)
    focus = models.CharField(_("focus"), max_length=300, blank=True,
                             help_text=_("e.g. vehicle inspection and maintenance"))
    start = PartialDateField(_("start"))
    date_note = models.CharField(_("note on the date"), max_length=300, blank=True,
                                 help_text=_("What the source says when the date is not known exactly."))
    sites_count = models.PositiveIntegerField(_("number of sites (as stated)"), null=True, blank=True)
    countries_count = models.PositiveIntegerField(_("number of countries (as stated)"), null=True, blank=True)
    agreement = models.ForeignKey("agreements.Agreement", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="initiatives", verbose_name=_("funding or founding agreement"))
    source = models.TextField(_("source"), blank=True)

    scope_organisation_path = ("lead", "partners", "sites__organisation")
    # who runs the programme: named only by those who keep that organisation (core.services.check_organisation_links)
    attribution_links = ("lead",)
    scope_country_path = ("lead__country", "sites__country")

    class Meta:
        ordering = ["name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self):
        return localized(self, "name") or self.name


class InitiativeSite(BaseModel):
    """Where a programme runs: an organisation and/or a country and city."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="sites",
                                   verbose_name=_("programme"))
    organisation = models.ForeignKey(ORG, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="initiative_sites", verbose_name=_("organisation"))
    country = models.ForeignKey("directory.Country", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("country"))
    city = models.CharField(_("city"), max_length=120, blank=True)
    number_of_sites = models.CharField(_("number of sites"), max_length=120, blank=True,
                                       help_text=_("As the source states it, e.g. 'two workshops'."))

    scope_organisation_path = ("initiative__lead", "organisation")
    # a site widens the programme's scope to its organisation: added only by those who keep the programme
    parent_links = ("initiative",)
    scope_country_path = ("country", "initiative__lead__country")

    class Meta:
        ordering = ["initiative", "country", "city"]
        verbose_name = _("programme site")
        verbose_name_plural = _("programme sites")

    def __str__(self):
        where = self.organisation or ", ".join(str(p) for p in (self.city, self.country) if p) or _("unknown place")
        return f"{self.initiative}: {where}"

    def clean(self):
        if not (self.organisation_id or self.country_id or self.city):
            raise ValidationError(_("Give the organisation, the country or the city of the site."))


class Activity(multilingual("title", 300), BaseModel):
    class Kind(models.TextChoices):
        PEER_WORKSHOP = "peer_to_peer_workshop", _("Peer-to-peer workshop")
        EXCHANGE_VISIT = "exchange_visit", _("Exchange or study visit")
        TRAINING = "training_programme", _("Training programme or course")
        TOT = "training_of_trainers", _("Training of trainers")
        CONFERENCE = "conference", _("Conference or annual meeting")
        COMPETITION = "competition", _("Competition")
        LECTURE = "lecture", _("Lecture or seminar")
        WORKING_GROUP = "working_group_meeting", _("Working-group meeting")
        LAUNCH = "programme_launch", _("Programme launch")
        SIGNING = "signing_ceremony", _("Signing ceremony")
        INDUSTRY_VISIT = "industry_visit", _("Industry visit")

    class Mode(models.TextChoices):
        ONLINE = "online", _("online")
        IN_PERSON = "in_person", _("in person")
        HYBRID = "hybrid", _("hybrid")

    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    mode = models.CharField(_("mode"), max_length=20, choices=Mode.choices, blank=True)
    platform = models.CharField(_("online platform"), max_length=100, blank=True, help_text=_("e.g. Zoom"))
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    period = PartialDateField(_("period"), help_text=_(
        "When only the year or month is known: YYYY or YYYY-MM. Leave empty when unknown."))
    date_note = models.CharField(_("note on the date"), max_length=300, blank=True,
                                 help_text=_("What the source says when the date is not known exactly."))
    city = models.CharField(_("city"), max_length=120, blank=True)
    province = models.ForeignKey("directory.Subdivision", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("province"))
    country = models.ForeignKey("directory.Country", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="activities", verbose_name=_("country"))
    host = models.ForeignKey(ORG, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="activities_hosted", verbose_name=_("host"))
    initiative = models.ForeignKey(Initiative, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="activities", verbose_name=_("programme"))
    agreement = models.ForeignKey("agreements.Agreement", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="activities", verbose_name=_("agreement implemented"))
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="parts", verbose_name=_("part of"))
    description = models.TextField(_("description"), blank=True)
    outcome_text = models.TextField(_("outcomes"), blank=True)
    source = models.TextField(_("source"), blank=True)
    search_text = models.TextField(editable=False, blank=True, default="")

    scope_organisation_path = ("host", "organisation_roles__organisation")
    # who held the activity: named only by those who keep that organisation (core.services.check_organisation_links)
    attribution_links = ("host",)
    scope_country_path = ("country", "host__country", "organisation_roles__organisation__country")

    class Meta:
        ordering = [models.F("start").desc(nulls_last=True), "title"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        # (host, id): the permission filter's subquery for a country or an organisation reads from the index alone
        indexes = [models.Index(fields=["start", "end"]), models.Index(fields=["kind", "country"]),
                   models.Index(fields=["host", "id"], name="activities_host_id")]

    def __str__(self):
        return localized(self, "title") or self.title

    def clean(self):
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("The activity cannot end before it starts (start %(start)s, end %(end)s).") % {
                "start": self.start.isoformat(), "end": self.end.isoformat()}
        if self.end and not self.start:
            errors["start"] = _("Give the start date when the end date is known.")
        if self.mode == self.Mode.ONLINE and not self.platform.strip():
            errors["platform"] = _("An online activity needs the name of its platform (e.g. Zoom).")
        if self.start and self.period and not self.start.isoformat().startswith(self.period):
            errors["period"] = _("The period does not match the start date.")
        if self.province_id and self.country_id and self.province.country_id != self.country_id:
            errors["province"] = _("This province is not in the chosen country.")
        parent = self.parent if self.parent_id else None
        if parent and parent.start and self.start and (
                self.start < parent.start or (self.end or self.start) > (parent.end or parent.start)):
            errors["start"] = _("A part must take place within the dates of the activity it belongs to.")
        if self.parent_id and self.pk:
            ancestor, seen = self.parent, set()
            while ancestor is not None and ancestor.pk not in seen:
                if ancestor.pk == self.pk:
                    errors["parent"] = _("An activity cannot be part of itself.")
                    break
                seen.add(ancestor.pk)
                ancestor = ancestor.parent
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.search_text = search_blob([getattr(self, c) for c in all_columns("title")] + [self.city])
        super().save(*args, **kwargs)

    @property
    def sort_date(self):
        """A partial ISO date ('' when unknown) that sorts correctly as text."""
        return self.start.isoformat() if self.start else self.period

    @property
    def date_known(self):
        return bool(self.start or self.period)


class ActivityOrganisation(BaseModel):
    """An organisation's role in an activity: host, partner, funder, organiser..."""

    class Role(models.TextChoices):
        HOST = "host", _("host")
        PARTNER = "partner", _("partner")
        FUNDER = "funder", _("funder")
        ORGANISER = "organiser", _("organiser")
        PARTICIPANT = "participant", _("participating organisation")
        VISITED = "visited", _("visited organisation")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="organisation_roles",
                                 verbose_name=_("activity"))
    organisation = models.ForeignKey(ORG, on_delete=models.PROTECT, related_name="activity_roles",
                                     verbose_name=_("organisation"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PARTNER)
    note = models.CharField(_("note"), max_length=300, blank=True)

    scope_organisation_path = ("activity__host", "organisation")
    # a role makes the activity its organisation's to edit: added only by those who keep the activity
    parent_links = ("activity",)
    scope_country_path = ("activity__country", "organisation__country")

    class Meta:
        ordering = ["activity", "role", "organisation"]
        verbose_name = _("organisation in an activity")
        verbose_name_plural = _("organisations in activities")
        constraints = [models.UniqueConstraint(fields=["activity", "organisation", "role"],
                                               name="unique_activity_organisation_role")]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()}) — {self.activity}"


class AgendaItem(BaseModel):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="agenda",
                                 verbose_name=_("activity"))
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    day = models.DateField(_("day"), null=True, blank=True)
    time = models.TimeField(_("time"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=300)
    speaker = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="agenda_items", verbose_name=_("speaker"))
    notes = models.TextField(_("notes"), blank=True)

    scope_organisation_path = ("activity__host", "activity__organisation_roles__organisation")
    scope_country_path = ("activity__country", "activity__host__country")

    class Meta:
        ordering = ["activity", "order", "day", "time"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self):
        return self.title


class ActivityOutcome(BaseModel):
    class Kind(models.TextChoices):
        WORKING_GROUP = "working_group", _("working group set up")
        AGREEMENT = "agreement_reached", _("agreement reached")
        PROGRAMME = "programme_launched", _("programme launched")
        OTHER = "other", _("other")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="outcomes",
                                 verbose_name=_("activity"))
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.OTHER)
    description = models.TextField(_("description"))
    organisations = models.ManyToManyField(ORG, blank=True, related_name="activity_outcomes",
                                           verbose_name=_("related organisations"))
    agreement = models.ForeignKey("agreements.Agreement", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="activity_outcomes", verbose_name=_("related agreement"))
    initiative = models.ForeignKey(Initiative, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="launched_at", verbose_name=_("related programme"))

    scope_organisation_path = ("activity__host", "activity__organisation_roles__organisation")
    scope_country_path = ("activity__country", "activity__host__country")

    class Meta:
        ordering = ["activity", "pk"]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.description[:80]}"


class FollowUpAction(BaseModel):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="follow_ups",
                                 verbose_name=_("activity"))
    what = models.TextField(_("action"))
    owner_organisation = models.ForeignKey(ORG, null=True, blank=True, on_delete=models.PROTECT,
                                           related_name="follow_up_actions", verbose_name=_("owner organisation"))
    owner_person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="follow_up_actions", verbose_name=_("owner person"))
    due = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)

    scope_organisation_path = ("activity__host", "activity__organisation_roles__organisation", "owner_organisation")
    # shown on the activity's page: added (or moved there) only by those who keep the activity
    parent_links = ("activity",)
    scope_country_path = ("activity__country", "activity__host__country")

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")

    def __str__(self):
        return self.what[:100]

    @property
    def is_overdue(self):
        return self.status == self.Status.OPEN and self.due is not None and self.due < datetime.date.today()
