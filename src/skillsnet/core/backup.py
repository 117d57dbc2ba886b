"""Backup and restore: every table (Django's serialisation, lossless) and every uploaded file, in one
zip, written readable by its owner only (0600). Sessions are not kept; API tokens are kept as digests
(accounts.ApiToken stores no token in clear). Keep the secret key (SKILLSNET_SECRET_KEY, or the
data directory's `secret_key`) with the backups: the issuers' signing keys are encrypted with it.

Restore is all or nothing: the backup is checked first (format, data, the path of every file: nothing
absolute, no `..`), then the tables are emptied and reloaded in ONE database transaction (SQLite and
PostgreSQL alike), so any failure rolls back to the data as it was; uploaded files are written only
after the database part succeeded."""
import io
import json
import os
import posixpath
import zipfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

FORMAT_VERSION = 1
SKIP = {"sessions.session",
        # imports on their way: working state whose uploaded files are not part of a backup
        "core.importdraft",
        # derived from the other tables and rebuilt after a restore
        "results.completionfact", "results.completioncell", "knowledge.searchentry",
        "people.activityfigures"}


class BadBackup(ValueError):
    """The backup cannot be restored; nothing was changed."""


def _models():
    return [m for m in apps.get_models(include_auto_created=False)
            if m._meta.label_lower not in SKIP and not m._meta.proxy and m._meta.managed]


def backup(path):
    media = Path(settings.MEDIA_ROOT)
    out = io.StringIO()
    # by primary key, content types included, so every reference (the change log's object types too)
    # comes back exactly as it was
    call_command("dumpdata", *[m._meta.label for m in _models()], stdout=out, format="json")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # also when the file existed with wider permissions
    with os.fdopen(fd, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("meta.json", json.dumps({"format": FORMAT_VERSION, "vendor": connection.vendor}))
        zf.writestr("data.json", out.getvalue())
        files = 0
        if media.exists():
            for file in sorted(media.rglob("*")):
                if file.is_file():
                    zf.write(file, f"media/{file.relative_to(media).as_posix()}")
                    files += 1
    return {"objects": len(json.loads(out.getvalue())), "files": files}


def _safe_media_target(media, name):
    """Where an archive member `media/...` goes, or BadBackup for a path leaving the media directory."""
    relative = name[len("media/"):]
    normal = posixpath.normpath(relative)
    if (not relative or "\\" in relative or relative.startswith("/") or normal.startswith("..")
            or "/../" in f"/{relative}/" or ":" in relative.split("/")[0] or "\x00" in relative):
        raise BadBackup(f"unsafe file path in the backup: {name!r}")
    target = (media / normal).resolve()
    root = media.resolve()
    if root != target and root not in target.parents:
        raise BadBackup(f"unsafe file path in the backup: {name!r}")
    return target


def _check(zf):
    try:
        meta = json.loads(zf.read("meta.json"))
    except (KeyError, ValueError) as exc:
        raise BadBackup(f"no readable meta.json ({exc})")
    if not isinstance(meta, dict) or meta.get("format") != FORMAT_VERSION:
        raise BadBackup(f"Unknown backup format {meta.get('format') if isinstance(meta, dict) else meta!r}")
    media = Path(settings.MEDIA_ROOT)
    targets = {}
    for info in zf.infolist():
        name = info.filename
        if name in ("meta.json", "data.json"):
            continue
        if not name.startswith("media/"):
            raise BadBackup(f"unexpected file in the backup: {name!r}")
        if name.endswith("/"):
            continue
        targets[name] = _safe_media_target(media, name)
    try:
        data = zf.read("data.json").decode()
        records = json.loads(data)
    except (KeyError, ValueError) as exc:
        raise BadBackup(f"no readable data.json ({exc})")
    if not isinstance(records, list) or not records:
        raise BadBackup("the backup holds no records")
    return data, targets


def _empty_every_table():
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    statements = connection.ops.sql_flush(no_style(), tables, reset_sequences=False, allow_cascade=True)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def restore(path):
    """Replace the database's contents and uploaded files with the backup's; BadBackup (nothing changed)
    when it cannot be restored."""
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise BadBackup(f"not a backup zip file ({exc})")
    with zf:
        data, targets = _check(zf)
        from django.contrib.contenttypes.models import ContentType

        try:
            with transaction.atomic():
                _empty_every_table()  # content types and permissions too: the backup's own come back
                ContentType.objects.clear_cache()
                objects = list(serializers.deserialize("json", data, handle_forward_references=True))
                for obj in objects:
                    obj.save()
                for obj in objects:
                    if obj.deferred_fields:
                        obj.save_deferred_fields()
                ContentType.objects.clear_cache()
                _rebuild_derived()  # a raw load runs no post-write step: the derived tables are recomputed whole
                _reset_sequences()
        except BadBackup:
            raise
        except Exception as exc:
            ContentType.objects.clear_cache()
            raise BadBackup(f"the backup's data could not be loaded, nothing was changed ({type(exc).__name__}: "
                            f"{str(exc)[:300]})") from exc
        for name, target in targets.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(zf.read(name))
    return {"objects": len(objects), "files": len(targets)}


def _rebuild_derived():
    from django.core.management import get_commands

    from . import derived

    derived.rebuild_all()  # copies kept on the rows themselves (a backup of an older version lacks them)
    known = get_commands()
    for command in (("results", "rebuild"), ("reindex",)):  # derived tables of apps that have them
        if command[0] in known:
            call_command(*command, verbosity=0, stdout=io.StringIO())


def _reset_sequences():
    sql = connection.ops.sequence_reset_sql(no_style(), _models())
    if sql:
        with connection.cursor() as cursor:
            for statement in sql:
                cursor.execute(statement)
