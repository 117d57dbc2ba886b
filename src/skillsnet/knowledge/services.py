"""Writes to resources and news stories. Every door (web, API, CLI, demo loader) calls these.

An uploaded file is checked (type by extension and content, size) before anything is stored; when the
write is refused afterwards (validation, permission), the stored file is removed: nothing is left behind.
"""
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from skillsnet.core import services as core

from .models import NewsStory, Resource
from .uploads import RESOURCE_KINDS, check_upload, file_text
from skillsnet.core.retry import retry_conflicts


def _prepare_file(data):
    """Check a new upload in `data["file"]` and fill file_type, file_size and extracted_text."""
    upload = data.get("file")
    if not upload or getattr(upload, "_committed", False):
        return {}
    try:
        kind = check_upload(upload, RESOURCE_KINDS)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages})
    return {"file_type": kind, "file_size": upload.size, "extracted_text": file_text(upload, kind)}


def _remove_stored(holder):
    resource = holder.get("resource")
    name = resource.file.name if resource is not None and resource.file else ""
    if name and getattr(resource.file, "_committed", False) and default_storage.exists(name):
        default_storage.delete(name)


def create_resource(actor, data, reason=""):
    data = dict(data)
    derived = _prepare_file(data)  # before the transaction: reading a large PDF holds no lock
    return _create_resource(actor, data, derived, reason)


@retry_conflicts  # each attempt removes the file it stored when it fails (else a retry leaves one behind)
def _create_resource(actor, data, derived, reason):
    holder = {}

    def before_save(resource):
        for name, value in derived.items():
            setattr(resource, name, value)
        holder["resource"] = resource

    try:
        return core.create_object(actor, Resource, data, reason=reason, before_save=before_save)
    except Exception:
        _remove_stored(holder)
        raise


def update_resource(actor, resource_id, changes, expected_version, reason=""):
    changes = dict(changes)
    old_name = Resource.objects.filter(pk=resource_id).values_list("file", flat=True).first() or ""
    if "file" in changes and not changes["file"]:
        if changes["file"] is False or changes["file"] == "":  # cleared
            changes["file"] = ""
            derived = {"file_type": "", "file_size": None, "extracted_text": ""}
        else:
            changes.pop("file")
            derived = {}
    else:
        derived = _prepare_file(changes)  # before the transaction: reading a large PDF holds no lock
    return _update_resource(actor, resource_id, changes, expected_version, reason, derived, old_name)


@retry_conflicts  # each attempt removes the file it stored when it fails (else a retry leaves one behind)
def _update_resource(actor, resource_id, changes, expected_version, reason, derived, old_name):
    holder = {}

    def before_save(resource):
        for name, value in derived.items():
            setattr(resource, name, value)
        holder["resource"] = resource

    try:
        resource = core.update_object(actor, Resource, resource_id, changes, expected_version=expected_version,
                                      reason=reason, before_save=before_save)
    except Exception:
        if holder.get("resource") is not None and holder["resource"].file.name != old_name:
            _remove_stored(holder)
        raise
    if old_name and resource.file.name != old_name:
        transaction.on_commit(lambda: default_storage.delete(old_name))
    return resource


def delete_resource(actor, resource_id, expected_version=None, reason=""):
    name = Resource.objects.filter(pk=resource_id).values_list("file", flat=True).first()
    before = core.delete_object(actor, Resource, resource_id, expected_version=expected_version, reason=reason)
    if name:
        transaction.on_commit(lambda: default_storage.delete(name))
    return before


# ------------------------------------------------------------------ news
def create_news_story(actor, data, reason=""):
    return core.create_object(actor, NewsStory, data, reason=reason)


def update_news_story(actor, story_id, changes, expected_version, reason=""):
    return core.update_object(actor, NewsStory, story_id, changes, expected_version=expected_version, reason=reason)


def publish_news_story(actor, story_id, expected_version, published_on=None, reason=""):
    """Publish a draft (today unless a date is given)."""
    import datetime

    story = NewsStory.objects.filter(pk=story_id).first()
    changes = {"status": NewsStory.Status.PUBLISHED}
    if published_on or (story is not None and not story.published_on):
        changes["published_on"] = published_on or datetime.date.today()
    return core.update_object(actor, NewsStory, story_id, changes, expected_version=expected_version,
                              reason=reason or _("published"), action="transition")
