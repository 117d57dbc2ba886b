"""Shared base model and the one change log written for every model."""
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .scoping import ScopedManager


class BaseModel(models.Model):
    """Timestamps and a version counter for optimistic locking (see core.services)."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    # Scoping (accounts.rules): dotted paths from this model to the organisation and country
    # it belongs to. None means the model cannot be scoped that way.
    scope_organisation_path = None
    scope_country_path = None
    # Models holding personal data are only shown to roles whose rule allows personal data.
    personal_data = False

    objects = ScopedManager()

    class Meta:
        abstract = True


class ChangeLogEntry(models.Model):
    ACTIONS = [
        ("create", _("created")),
        ("update", _("updated")),
        ("delete", _("deleted")),
        ("merge", _("merged")),
        ("transition", _("status changed")),
    ]
    SOURCES = [
        ("web", _("web")),
        ("api", _("API")),
        ("cli", _("command line")),
        ("import", _("import")),
        ("demo", _("demo loader")),
        ("task", _("background task")),
        ("system", _("system")),
    ]

    time = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="changes", verbose_name=_("actor"))
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=ACTIONS)
    # indexes (Meta): every write of the network adds a row here, and each index costs every write (an import
    # writes one row per record): no index of its own for the object type (the pair's index begins with it), and
    # plain btrees for the ids (a CharField's db_index adds a second, LIKE-pattern index on PostgreSQL that no
    # query uses)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name=_("object type"),
                                     db_index=False)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=SOURCES, default="system")
    request_id = models.CharField(_("request or job id"), max_length=64, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    objects = ScopedManager()

    class Meta:
        ordering = ["-time", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"]),
                   models.Index(fields=["object_id"], name="core_changelog_object_id"),
                   models.Index(fields=["request_id"], name="core_changelog_request_id")]
        verbose_name = _("change log entry")
        verbose_name_plural = _("change log")

    def __str__(self):
        return f"{self.time:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    def changed_fields(self):
        """[(field, before, after)] for the fields that differ."""
        before, after = self.before or {}, self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys
                if before.get(k) != after.get(k) and k not in {"version", "updated_at"}]


# Before/after snapshots may hold personal data: only roles with personal-data rules and a
# network-wide scope (the secretariat) read the whole log; others see an object's history on its page.
ChangeLogEntry.personal_data = True


class ColumnMapping(models.Model):
    """How the columns of one source's files map to a model's fields, saved when a user confirms a mapping
    and proposed again for the next file of the same source (e.g. "Ministry list of public TVET institutes")."""

    model_label = models.CharField(_("record type"), max_length=100)
    source = models.CharField(_("source"), max_length=200, blank=True)
    mapping = models.JSONField(_("mapping"), default=dict)  # normalised header -> field name ("" = ignore)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("updated by"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ScopedManager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["model_label", "source"], name="unique_column_mapping")]
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")

    def __str__(self):
        return f"{self.model_label} — {self.source or '—'}"


class ImportDraft(models.Model):
    """An upload on its way to an import (its columns, the dry run's expectations, its preview job), kept for the
    user who uploaded it until it is imported or `jobs.UPLOAD_DAYS` old: it outlives the session, so the import
    can be taken up again after signing in anew or from another device. Nobody else can reach it by its token."""

    token = models.CharField(_("token"), max_length=32, unique=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                              verbose_name=_("uploaded by"))
    model_label = models.CharField(_("record type"), max_length=100)
    entry = models.JSONField(_("state"), default=dict)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ScopedManager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["owner", "model_label"], name="importdraft_owner_model")]
        verbose_name = _("import in progress")
        verbose_name_plural = _("imports in progress")

    def __str__(self):
        return self.entry.get("filename") or self.token


class Job(models.Model):
    """A piece of background work (an import, a report, bulk issuance, re-indexing) run by `skillsnet worker`,
    with its progress, result and errors for the job page."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="jobs", verbose_name=_("started by"))
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    stage = models.CharField(_("stage"), max_length=200, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")

    def __str__(self):
        return self.title or self.kind

    @property
    def percent(self):
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)
