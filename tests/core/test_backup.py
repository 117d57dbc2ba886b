"""`skillsnet backup` and `skillsnet restore` round-trip losslessly (records, change log, files)."""
import io

from django.core.management import call_command

from skillsnet.core.demo import load_demo
from skillsnet.core.models import ChangeLogEntry
from skillsnet.directory.models import Organisation
from skillsnet.people.models import Participation


def test_backup_restore_round_trip(transactional_db, reference, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "docs").mkdir(parents=True)
    (tmp_path / "media" / "docs" / "mou.pdf").write_bytes(b"%PDF-1.4 test")
    load_demo()
    before = {
        "orgs": sorted(Organisation.objects.values_list("pk", "name", "version", "aliases")),
        "log": ChangeLogEntry.objects.count(),
        "participations": sorted(Participation.objects.values_list("pk", "person_id", "activity_id", "role")),
    }
    path = tmp_path / "backup.zip"
    call_command("backup", str(path), stdout=io.StringIO())
    Organisation.objects.filter(name__startswith="Lao").update(city="changed after the backup")
    (tmp_path / "media" / "docs" / "mou.pdf").unlink()
    call_command("restore", str(path), "--yes", stdout=io.StringIO())
    after = {
        "orgs": sorted(Organisation.objects.values_list("pk", "name", "version", "aliases")),
        "log": ChangeLogEntry.objects.count(),
        "participations": sorted(Participation.objects.values_list("pk", "person_id", "activity_id", "role")),
    }
    assert after == before
    assert not Organisation.objects.filter(city="changed after the backup").exists()
    assert (tmp_path / "media" / "docs" / "mou.pdf").read_bytes() == b"%PDF-1.4 test"
    # new records after a restore get fresh ids
    from skillsnet.core import services
    from skillsnet.core.demo import demo_actor

    new = services.create_object(demo_actor(), Organisation, {"name": "After restore", "kind": "other"})
    assert new.pk > max(pk for pk, *_ in before["orgs"])


# ------------------------------------------------------------------ restore is all or nothing
import json  # noqa: E402
import os  # noqa: E402
import stat  # noqa: E402
import zipfile  # noqa: E402

import pytest  # noqa: E402
from django.core.management.base import CommandError  # noqa: E402

from skillsnet.accounts.models import ApiToken, User  # noqa: E402
from skillsnet.accounts.services import token_for  # noqa: E402
from skillsnet.core import services  # noqa: E402

from ..conftest import PASSWORD  # noqa: E402


def _rewrite(src, dst, data_edit=None, extra=()):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            content = zin.read(info.filename)
            if info.filename == "data.json" and data_edit:
                content = json.dumps(data_edit(json.loads(content))).encode()
            zout.writestr(info, content)
        for name, content in extra:
            zout.writestr(name, content)


def _state():
    return {"users": sorted(User.objects.values_list("username", flat=True)),
            "orgs": sorted(Organisation.objects.values_list("pk", "name", "version"))}


def test_backup_is_private_and_holds_no_token_in_clear(users, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    key = token_for(users["viewer"]).key
    path = tmp_path / "backup.zip"
    path.write_bytes(b"")
    os.chmod(path, 0o644)
    call_command("backup", str(path), stdout=io.StringIO())
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    with zipfile.ZipFile(path) as zf:
        data = zf.read("data.json").decode()
    assert key not in data and key[8:] not in data
    assert ApiToken.objects.get(user=users["viewer"]).digest in data


def test_failed_restore_leaves_the_old_data_untouched(transactional_db, users, tmp_path, settings, client):
    settings.MEDIA_ROOT = tmp_path / "media"
    good = tmp_path / "backup.zip"
    call_command("backup", str(good), stdout=io.StringIO())
    services.create_object(users["secretariat_admin"], Organisation, {"name": "Made after the backup", "kind": "other"})
    before = _state()

    def corrupt(records):  # a valid start, then a record the database refuses
        bad = next(r for r in records if r["model"] == "directory.organisation")
        return records + [{**bad, "pk": 10 ** 6, "fields": {**bad["fields"], "kind": None}}]

    broken = tmp_path / "broken.zip"
    _rewrite(good, broken, corrupt)
    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("restore", str(broken), "--yes", stdout=io.StringIO())
    assert _state() == before
    assert client.post("/accounts/login/", {"username": "viewer1", "password": PASSWORD}).status_code == 302


@pytest.mark.parametrize("member", ["media/../../escaped.txt", "media//etc/escaped.txt", "../escaped.txt",
                                    "media/docs/../../../escaped.txt"])
def test_restore_refuses_paths_outside_the_media_directory(users, tmp_path, settings, member):
    settings.MEDIA_ROOT = tmp_path / "data" / "media"
    good = tmp_path / "backup.zip"
    call_command("backup", str(good), stdout=io.StringIO())
    services.create_object(users["secretariat_admin"], Organisation, {"name": "Made after the backup", "kind": "other"})
    before = _state()
    crafted = tmp_path / "crafted.zip"
    _rewrite(good, crafted, extra=[(member, b"owned")])
    with pytest.raises(CommandError, match="unsafe|unexpected"):
        call_command("restore", str(crafted), "--yes", stdout=io.StringIO())
    assert not list(tmp_path.rglob("escaped.txt"))
    assert not (tmp_path.parent / "escaped.txt").exists()
    assert _state() == before
