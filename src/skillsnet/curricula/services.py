"""Writes about curricula. Every door (web, API, CLI, import) calls these.

A published version is frozen: its modules cannot be added, changed or deleted, and the version
itself cannot be edited. To change a published curriculum, start the next version
(`start_next_version` copies the modules) and publish it.
"""
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skillsnet.core import services as core
from skillsnet.core.changelog import record_change, snapshot
from skillsnet.core.errors import LockedRecord, StaleEdit

from .models import Curriculum, CurriculumVersion, Module
from skillsnet.core.retry import retry_conflicts

FROZEN = gettext_lazy("Version %(number)s of this curriculum is published and therefore frozen; start a new version "
           "to change it.")


def _refuse_if_published(version):
    if version is not None and version.published:
        raise LockedRecord(str(FROZEN) % {"number": version.number})


# ------------------------------------------------------------------ versions
def create_version(actor, data, reason=""):
    data = dict(data)
    data.pop("published", None)
    curriculum = data.get("curriculum")
    if curriculum is not None and not data.get("number"):
        pk = getattr(curriculum, "pk", curriculum)
        data["number"] = (CurriculumVersion.objects.filter(curriculum_id=pk).aggregate(n=Max("number"))["n"] or 0) + 1
    return core.create_object(actor, CurriculumVersion, data, reason=reason)


def update_version(actor, version_id, changes, expected_version, reason=""):
    version = core.get_for(actor, CurriculumVersion, version_id, "change")
    _refuse_if_published(version)
    return core.update_object(actor, CurriculumVersion, version_id, changes, expected_version=expected_version,
                              reason=reason)


def delete_version(actor, version_id, expected_version, reason=""):
    version = core.get_for(actor, CurriculumVersion, version_id, "delete")
    _refuse_if_published(version)
    return core.delete_object(actor, CurriculumVersion, version_id, expected_version=expected_version, reason=reason)


@retry_conflicts
def publish_version(actor, version_id, expected_version, reason=""):
    """Publish (and so freeze) a version."""
    with transaction.atomic():
        visible = core.get_for(actor, CurriculumVersion, version_id, "change")
        version = CurriculumVersion.objects.select_for_update().get(pk=visible.pk)
        if expected_version is None or str(version.version) != str(expected_version):
            raise StaleEdit(version, expected_version, core.last_change_for(actor, version))
        _refuse_if_published(version)
        if not version.modules.exists():
            raise LockedRecord(_("A version without modules cannot be published."))
        before = snapshot(version)
        version.published = True
        version.published_at = timezone.now()
        if version.date is None:
            version.date = timezone.localdate()
        version.version += 1
        version.save()
        record_change(actor, version, "transition", before, snapshot(version), reason=reason or _("published"))
    return version


@retry_conflicts
def start_next_version(actor, curriculum_id, *, notes="", reason=""):
    """A new draft version numbered after the last one, with copies of the last version's modules."""
    curriculum = core.get_for(actor, Curriculum, curriculum_id, "change")
    with transaction.atomic():
        last = curriculum.versions.order_by("-number").first()
        new = create_version(actor, {"curriculum": curriculum, "notes": notes}, reason=reason)
        if last is not None:
            for module in last.modules.order_by("order", "code").prefetch_related("units"):
                data = {f: getattr(module, f) for f in MODULE_COPY_FIELDS}
                core.create_object(actor, Module,
                                   {**data, "curriculum_version": new, "units": list(module.units.all())},
                                   reason=reason or _("copied from version %(n)s") % {"n": last.number})
    return new


# ------------------------------------------------------------------ modules
MODULE_COPY_FIELDS = ["code", "order", "hours", "learning_outcomes", "kind", "title", "title_zh_hans", "title_lo",
                      "title_km", "title_id"]


def create_module(actor, data, reason=""):
    version = data.get("curriculum_version")
    if version is not None and not isinstance(version, CurriculumVersion):
        version = CurriculumVersion.objects.filter(pk=version).first()
    _refuse_if_published(version)
    return core.create_object(actor, Module, data, reason=reason)


def update_module(actor, module_id, changes, expected_version, reason=""):
    module = core.get_for(actor, Module, module_id, "change")
    _refuse_if_published(module.curriculum_version)
    new_version = changes.get("curriculum_version")
    if new_version is not None and getattr(new_version, "pk", new_version) != module.curriculum_version_id:
        _refuse_if_published(new_version if isinstance(new_version, CurriculumVersion)
                             else CurriculumVersion.objects.filter(pk=new_version).first())
    return core.update_object(actor, Module, module_id, changes, expected_version=expected_version, reason=reason)


def delete_module(actor, module_id, expected_version, reason=""):
    module = core.get_for(actor, Module, module_id, "delete")
    _refuse_if_published(module.curriculum_version)
    return core.delete_object(actor, Module, module_id, expected_version=expected_version, reason=reason)
