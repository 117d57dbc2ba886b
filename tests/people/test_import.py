from skillsnet.core import importer
from skillsnet.core.models import ChangeLogEntry
from skillsnet.people.models import Participation

from .conftest import make_person


def _csv(rows):
    return ("\n".join(",".join(str(c) for c in row) for row in rows) + "\n").encode()


def test_import_with_one_bad_row_changes_nothing(system_user, activity):
    a = make_person(system_user, "Wei Fan")
    b = make_person(system_user, "Jin Zhang")
    header = ["person", "activity", "role", "attended", "completed", "hours"]
    data = _csv([header,
                 [a.pk, activity.pk, "speaker", "true", "true", "2"],
                 [b.pk, activity.pk, "participant", "false", "true", "3"]])  # completed, not attended
    before = ChangeLogEntry.objects.count()
    result = importer.run_import(system_user, Participation, data, "p.csv", commit=True)
    assert not result.committed
    assert [(e.row, e.column) for e in result.errors] == [(3, "completed")]
    assert "did not attend" in result.errors[0].reason
    assert Participation.objects.count() == 0 and ChangeLogEntry.objects.count() == before

    bad_hours = _csv([header, [a.pk, activity.pk, "speaker", "true", "true", "many"]])
    result = importer.run_import(system_user, Participation, bad_hours, "p.csv", commit=True)
    assert [(e.row, e.column) for e in result.errors] == [(2, "hours")]


def test_import_dry_run_then_commit(system_user, activity):
    a = make_person(system_user, "Wei Fan")
    data = _csv([["person", "activity", "role", "attended", "completed", "hours", "assessment"],
                 [a.pk, activity.pk, "trainer", "true", "true", "12.5", "passed"]])
    dry = importer.run_import(system_user, Participation, data, "p.csv", commit=False)
    assert dry.ok and dry.summary["create"] == 1 and Participation.objects.count() == 0
    done = importer.run_import(system_user, Participation, data, "p.csv", commit=True)
    assert done.committed and Participation.objects.get().hours == 12.5
    again = importer.run_import(system_user, Participation, data, "p.csv", commit=True)
    assert again.summary["unchanged"] == 1


def test_import_through_the_page_names_row_and_column(client, users, system_user, activity):
    a = make_person(system_user, "Wei Fan")
    data = _csv([["person", "activity", "role", "attended", "completed"],
                 [a.pk, activity.pk, "participant", "no", "yes"]])
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(users["secretariat_admin"])
    response = client.post("/people/participations/import/", {"file": SimpleUploadedFile("p.csv", data)})
    mapping_url = response["Location"]
    form = {f"map_{i}": name for i, name in enumerate(["person", "activity", "role", "attended", "completed"])}
    response = client.post(mapping_url, form)
    assert response.status_code == 400
    text = response.content.decode()
    assert "completed" in text and "did not attend" in text
    assert Participation.objects.count() == 0
