import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from skillsnet.core import services as core
from skillsnet.core.changelog import history
from skillsnet.core.models import ChangeLogEntry
from skillsnet.people.models import Affiliation, Participation, Person
from skillsnet.people.services import merge_people, record_participation

from .conftest import make_person, participate


def test_record_participation_creates_then_updates(system_user, activity):
    person = make_person(system_user, "Wei Fan")
    first = record_participation(system_user, person.pk, activity.pk, role="speaker", registered=True)
    again = record_participation(system_user, person.pk, activity.pk, role="speaker", attended=True, hours=2)
    assert first.pk == again.pk and again.attended and again.registered and again.version == 2
    assert Participation.objects.count() == 1


def test_merge_keeps_every_participation_and_affiliation(system_user, users, orgs, activity, other_activity):
    actor = users["secretariat_admin"]
    keep = make_person(system_user, "Zhang Lifang", orgs["cn"], sex="female")
    dup = make_person(system_user, "Lifang Zhang", None, name_zh_hans="张丽芳", birth_year=1980)
    core.create_object(system_user, Affiliation, {"person": keep, "title": "Dean", "as_of": "2023-12"})
    core.create_object(system_user, Affiliation, {"person": dup, "title": "Lecturer", "as_of": "2022"})
    participate(system_user, keep, activity, role="lecturer", attended=True, hours="3")
    participate(system_user, dup, activity, role="lecturer", attended=True, completed=True, hours="5")  # same
    participate(system_user, dup, activity, role="participant", registered=True)
    participate(system_user, dup, other_activity, role="speaker", attended=True)

    result = merge_people(actor, keep.pk, dup.pk, reason="same person, two spellings")

    assert not Person.objects.filter(pk=dup.pk).exists()
    assert set(result.affiliations.values_list("title", flat=True)) == {"Dean", "Lecturer"}
    rows = {(p.activity_id, p.role): p for p in result.participations.all()}
    assert set(rows) == {(activity.pk, "lecturer"), (activity.pk, "participant"), (other_activity.pk, "speaker")}
    combined = rows[(activity.pk, "lecturer")]
    assert combined.attended and combined.completed and combined.hours == 5
    assert result.name_zh_hans == "张丽芳" and "Lifang Zhang" in result.aliases
    assert result.birth_year == 1980 and result.sex == "female" and result.organisation == orgs["cn"]

    entries = ChangeLogEntry.objects.filter(action="merge")
    assert entries.count() == 1
    entry = entries.get()
    assert entry.actor == actor and entry.object_id == str(keep.pk) and entry.reason == "same person, two spellings"
    assert entry.before["kept"]["name"] == "Zhang Lifang" and entry.before["merged"]["name"] == "Lifang Zhang"
    assert entry.after["name_zh_hans"] == "张丽芳"
    assert history(result).filter(action="merge").exists()
    deleted = ChangeLogEntry.objects.get(action="delete", object_id=str(dup.pk), content_type=entry.content_type)
    assert deleted.actor == actor


def test_merge_refuses_same_person_and_needs_a_reason(system_user, users):
    person = make_person(system_user, "Wei Fan")
    other = make_person(system_user, "Fan Wei")
    with pytest.raises(ValidationError):
        merge_people(users["secretariat_admin"], person.pk, person.pk, reason="x")
    with pytest.raises(ValidationError):
        merge_people(users["secretariat_admin"], person.pk, other.pk, reason=" ")
    assert Person.objects.count() == 2


def test_merge_outside_scope_is_refused(system_user, users, orgs):
    own = make_person(system_user, "Khamsavay Gnommilavong", orgs["own"])
    elsewhere = make_person(system_user, "Khamsavay Gnomilavong", orgs["cn"])
    with pytest.raises((PermissionDenied, core.NotFound)):
        merge_people(users["focal_point"], own.pk, elsewhere.pk, reason="same")
    assert Person.objects.count() == 2
    assert not ChangeLogEntry.objects.filter(action="merge").exists()


def test_merge_screen(client, system_user, users, orgs, activity):
    keep = make_person(system_user, "Zhang Lifang", orgs["cn"])
    dup = make_person(system_user, "Lifang Zhang", orgs["cn"])
    participate(system_user, dup, activity)
    client.force_login(users["secretariat_admin"])
    page = client.get(f"/people/people/{keep.pk}/merge/")
    assert page.status_code == 200 and "Lifang Zhang" in page.content.decode()
    assert "Lifang Zhang" in client.get("/people/duplicates/").content.decode()
    refused = client.post(f"/people/people/{keep.pk}/merge/", {"merge_id": dup.pk, "reason": "same"})
    assert refused.status_code == 400  # not confirmed
    done = client.post(f"/people/people/{keep.pk}/merge/", {"merge_id": dup.pk, "confirm": "on", "reason": "same"})
    assert done.status_code == 302
    assert keep.participations.count() == 1 and not Person.objects.filter(pk=dup.pk).exists()
    client.force_login(users["viewer"])
    assert client.get(f"/people/people/{keep.pk}/merge/").status_code == 403
    assert client.get("/people/duplicates/").status_code == 403


def test_merge_moves_links_from_other_apps(system_user, users, orgs):
    """Links to Person are found generically (Person._meta.related_objects): an agreement's signatory moves."""
    from django.apps import apps

    if not apps.is_installed("skillsnet.agreements"):
        pytest.skip("agreements app not installed")
    from skillsnet.agreements.models import Agreement, Signatory

    keep = make_person(system_user, "Liqun Wang", orgs["cn"])
    dup = make_person(system_user, "Wang Liqun", orgs["cn"])
    agreement = Agreement.objects.create(title="MoU TEITC – Lao Polytechnic College", kind="mou")
    signatory = Signatory.objects.create(agreement=agreement, person=dup, title_at_signing="Head")
    merge_people(users["secretariat_admin"], keep.pk, dup.pk, reason="same person")
    signatory.refresh_from_db()
    assert signatory.person_id == keep.pk and signatory.version == 2
    entry = ChangeLogEntry.objects.get(action="merge")
    assert entry.after["moved"]["agreements.signatory"]["moved"] == [signatory.pk]
