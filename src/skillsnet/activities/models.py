"""Activities (workshops, visits, trainings...) and long-running programmes. SKELETON: to be completed."""
from django.db import models
from django.utils.translation import gettext_lazy as _

from skillsnet.core.fields import multilingual
from skillsnet.core.i18n import localized
from skillsnet.core.models import BaseModel


class Initiative(multilingual("name", 300), BaseModel):
    """A long-running branded programme that groups activities (Panda College, Panda Workshops...)."""

    lead = models.ForeignKey("directory.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="initiatives_led", verbose_name=_("lead organisation"))

    scope_organisation_path = "lead"
    scope_country_path = "lead__country"

    class Meta:
        ordering = ["name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self):
        return localized(self, "name") or self.name


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

    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    host = models.ForeignKey("directory.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="activities_hosted", verbose_name=_("host"))
    initiative = models.ForeignKey(Initiative, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="activities", verbose_name=_("programme"))

    scope_organisation_path = "host"
    scope_country_path = "host__country"

    class Meta:
        ordering = ["-start", "title"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self):
        return localized(self, "title") or self.title
