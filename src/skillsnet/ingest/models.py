"""Articles and reports turned into draft records for a person to confirm, edit or reject."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from skillsnet.core.models import BaseModel
from skillsnet.core.scoping import ScopedManager


class Article(BaseModel):
    class Status(models.TextChoices):
        REVIEW = "review", _("to review")
        DONE = "done", _("reviewed")

    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"))
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    published = models.DateField(_("published"), null=True, blank=True)
    file = models.FileField(_("uploaded file"), upload_to="ingest/articles/%Y/", max_length=300, blank=True)
    file_type = models.CharField(_("file type"), max_length=10, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REVIEW)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("uploaded by"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self):
        return self.title


class Draft(models.Model):
    """What the extractor proposed for one article (ingest.extract.Draft.to_dict())."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="draft", verbose_name=_("article"))
    data = models.JSONField(_("extracted data"), default=dict)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")

    def __str__(self):
        return f"{self.article}"


class DraftItem(BaseModel):
    class Kind(models.TextChoices):
        ORGANISATION = "organisation", _("organisation")
        # a branded programme the article names (Luban Workshop, Panda Workshops...): activities.Initiative
        PROGRAMME = "programme", _("programme")
        PERSON = "person", _("person")
        DATE = "date", _("date")
        COUNT = "count", _("count")
        AMOUNT = "amount", _("amount")
        AREA = "area", _("area of cooperation")
        ACTIVITY = "activity", _("activity or agreement")

    class Decision(models.TextChoices):
        PENDING = "pending", _("pending")
        CONFIRMED = "confirmed", _("confirmed")
        EDITED = "edited", _("edited and confirmed")
        REJECTED = "rejected", _("rejected")

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="items", verbose_name=_("draft"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    order = models.PositiveIntegerField(_("order"), default=0)
    payload = models.JSONField(_("proposal"), default=dict)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices, default=Decision.PENDING)
    linked_model = models.CharField(_("linked record type"), max_length=100, blank=True)
    linked_id = models.CharField(_("linked record id"), max_length=64, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["draft", "order", "id"]
        verbose_name = _("draft item")
        verbose_name_plural = _("draft items")
        indexes = [models.Index(fields=["draft", "kind"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.label}"

    @property
    def label(self):
        p = self.payload or {}
        if self.kind == self.Kind.ORGANISATION:
            return p.get("canonical_name") or p.get("mention") or ""
        if self.kind == self.Kind.PROGRAMME:
            return p.get("canonical_name") or p.get("mention") or p.get("name") or ""
        if self.kind == self.Kind.PERSON:
            return p.get("name", "")
        if self.kind == self.Kind.DATE:
            return p.get("start") or p.get("text") or ""
        if self.kind in (self.Kind.COUNT, self.Kind.AMOUNT):
            return p.get("text") or str(p.get("value", ""))
        if self.kind == self.Kind.AREA:
            return p.get("code", "")
        return p.get("title", "")

    @property
    def is_open(self):
        return self.decision == self.Decision.PENDING
