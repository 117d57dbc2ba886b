"""Backup and restore: every table (Django's serialisation, lossless) and every uploaded file, in one
zip. Restore goes into an empty database (after `skillsnet migrate`) or replaces what is there."""
import io
import json
import zipfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.db import connection, transaction

FORMAT_VERSION = 1
SKIP = {"sessions.session",
        # derived from the other tables and rebuilt after a restore
        "results.completionfact", "results.completioncell", "knowledge.searchentry"}


def _models():
    return [m for m in apps.get_models(include_auto_created=False)
            if m._meta.label_lower not in SKIP and not m._meta.proxy and m._meta.managed]


def backup(path):
    media = Path(settings.MEDIA_ROOT)
    out = io.StringIO()
    # by primary key, content types included, so every reference (the change log's object types too)
    # comes back exactly as it was
    call_command("dumpdata", *[m._meta.label for m in _models()], stdout=out, format="json")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("meta.json", json.dumps({"format": FORMAT_VERSION, "vendor": connection.vendor}))
        zf.writestr("data.json", out.getvalue())
        files = 0
        if media.exists():
            for file in sorted(media.rglob("*")):
                if file.is_file():
                    zf.write(file, f"media/{file.relative_to(media)}")
                    files += 1
    return {"objects": len(json.loads(out.getvalue())), "files": files}


def restore(path):
    with zipfile.ZipFile(path) as zf:
        meta = json.loads(zf.read("meta.json"))
        if meta.get("format") != FORMAT_VERSION:
            raise ValueError(f"Unknown backup format {meta.get('format')}")
        data = zf.read("data.json").decode()
        media_names = [n for n in zf.namelist() if n.startswith("media/") and not n.endswith("/")]
        call_command("flush", interactive=False, verbosity=0)
        with transaction.atomic():
            from django.contrib.auth.models import Permission
            from django.contrib.contenttypes.models import ContentType

            Permission.objects.all().delete()  # recreated by flush; the backup's own come back below
            ContentType.objects.all().delete()
            ContentType.objects.clear_cache()
            objects = list(serializers.deserialize("json", data, handle_forward_references=True))
            for obj in objects:
                obj.save()
            for obj in objects:
                if obj.deferred_fields:
                    obj.save_deferred_fields()
            ContentType.objects.clear_cache()
            _rebuild_derived()  # a raw load runs no post-write step: the derived tables are recomputed whole
        media = Path(settings.MEDIA_ROOT)
        for name in media_names:
            target = media / name[len("media/"):]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(zf.read(name))
    _reset_sequences()
    return {"objects": len(objects), "files": len(media_names)}


def _rebuild_derived():
    from django.core.management import get_commands

    known = get_commands()
    for command in (("results", "rebuild"), ("reindex",)):  # derived tables of apps that have them
        if command[0] in known:
            call_command(*command, verbosity=0, stdout=io.StringIO())


def _reset_sequences():
    from django.core.management.color import no_style

    sql = connection.ops.sequence_reset_sql(no_style(), _models())
    if sql:
        with connection.cursor() as cursor:
            for statement in sql:
                cursor.execute(statement)
