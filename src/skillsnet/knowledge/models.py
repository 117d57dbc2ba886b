"""Knowledge exchange: resources (documents, photos) and news stories, plus the search index."""
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from skillsnet.core.fields import PartialDateField, multilingual
from skillsnet.core.i18n import localized
from skillsnet.core.models import BaseModel
from skillsnet.core.scoping import ScopedManager


def _clean_tags(value):
    if value in (None, ""):
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError({"tags": _("Give a list of tags.")})
    if any(len(v) > 100 for v in value):
        raise ValidationError({"tags": _("Each tag may have at most 100 characters.")})
    return list(dict.fromkeys(v.strip() for v in value if v.strip()))


class Resource(multilingual("title", 300), multilingual("summary", 2000, blank_en=True), BaseModel):
    class Kind(models.TextChoices):
        CURRICULUM = "curriculum_document", _("curriculum document")
        REPORT = "report", _("report")
        LECTURE = "lecture_material", _("lecture material")
        GOOD_PRACTICE = "good_practice_story", _("good-practice story")
        PHOTO = "photo", _("photo")

    class Access(models.TextChoices):
        PUBLIC = "public", _("public")
        MEMBERS = "members", _("members (anyone signed in)")
        ORGANISATION = "organisation", _("own organisations only")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.REPORT)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    fields = models.ManyToManyField("directory.IscedField", blank=True, related_name="resources",
                                    verbose_name=_("ISCED-F fields"))
    countries = models.ManyToManyField("directory.Country", blank=True, related_name="resources",
                                       verbose_name=_("countries"))
    organisations = models.ManyToManyField("directory.Organisation", blank=True, related_name="resources",
                                           verbose_name=_("organisations"))
    published = PartialDateField(_("date"))
    file = models.FileField(_("file"), upload_to="knowledge/resources/%Y/", max_length=300, blank=True,
                            help_text=_("PDF, DOCX, XLSX, ODT, TXT, JPEG or PNG."))
    file_type = models.CharField(_("file type"), max_length=10, blank=True, editable=False)
    file_size = models.PositiveBigIntegerField(_("file size"), null=True, blank=True, editable=False)
    extracted_text = models.TextField(_("text in the file"), blank=True, editable=False)
    access = models.CharField(_("access"), max_length=20, choices=Access.choices, default=Access.MEMBERS,
                              help_text=_("Who may see and download this resource."))

    scope_organisation_path = "organisations"
    scope_country_path = "countries"

    class Meta:
        ordering = ["-published", "title"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        indexes = [models.Index(fields=["kind", "access"])]

    def __str__(self):
        return localized(self, "title") or self.title

    def clean(self):
        self.tags = _clean_tags(self.tags)


class NewsStory(multilingual("title", 300), BaseModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    body = models.TextField(_("text (Markdown)"), blank=True)
    published_on = models.DateField(_("published"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    organisations = models.ManyToManyField("directory.Organisation", blank=True, related_name="news_stories",
                                           verbose_name=_("organisations"))
    activities = models.ManyToManyField("activities.Activity", blank=True, related_name="news_stories",
                                        verbose_name=_("activities"))

    scope_organisation_path = "organisations"
    scope_country_path = "organisations__country"

    class Meta:
        ordering = [models.F("published_on").desc(nulls_last=True), "-id"]
        verbose_name = _("news story")
        verbose_name_plural = _("news stories")

    def __str__(self):
        return localized(self, "title") or self.title

    def clean(self):
        if self.status == self.Status.PUBLISHED and not self.published_on:
            raise ValidationError({"published_on": _("A published story needs its publication date.")})

    @property
    def body_html(self):
        from .markdown import render_markdown

        return render_markdown(self.body)


class SearchEntry(models.Model):
    """One searchable object: its titles and text normalised (core.text.normalize), its facets and access.

    Kept up to date by post-write steps (knowledge.steps) and rebuilt by `skillsnet reindex`. On SQLite an FTS5
    trigram table mirrors `title_text` and `text` (migration 0002); on PostgreSQL pg_trgm indexes them.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("object type"))
    object_id = models.PositiveBigIntegerField(_("object id"))
    title = models.CharField(_("title"), max_length=500)
    title_text = models.TextField(_("titles, normalised"), blank=True)
    text = models.TextField(_("text, normalised"), blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    kind = models.CharField(_("type"), max_length=30, db_index=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True, db_index=True)
    countries = models.CharField(_("countries"), max_length=500, blank=True,
                                 help_text=_("Country codes between commas, e.g. ,LA,CN,"))
    facets = models.JSONField(_("facets"), default=dict, blank=True)
    access = models.CharField(_("access"), max_length=20, default="public")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id"], name="unique_search_entry")]

    def __str__(self):
        return f"{self.kind}: {self.title}"
