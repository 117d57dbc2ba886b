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
