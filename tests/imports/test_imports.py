"""Imports that take the files people have: column mapping, values by name, a preview that explains, people and
participations by name or e-mail, all-or-nothing, optimistic locking, and scoped lookups."""
import datetime
import io

import pytest
from django.core.management import call_command

from skillsnet.core import importer, services
from skillsnet.core.models import ChangeLogEntry, ColumnMapping
from skillsnet.core.tabular import write_csv
from skillsnet.directory.models import Country, Organisation
from skillsnet.people.models import Participation, Person

from ..conftest import PASSWORD, make_org

MINISTRY_HEADER = ["No.", "Institution Name", "Type", "Country", "Province", "District", "Year established",
                   "Number of students", "Remarks"]
MINISTRY_ROWS = [
    ["1", "Battambang Provincial Training Centre", "TVET institute", "Cambodia", "Battambang", "Battambang",
     "1999", "1,250", "Public"],
    ["2", "Siem Reap Provincial Training Centre", "TVET institute", "Cambodia", "Siem Reap", "Siem Reap",
     "2001", "980", ""],
    ["3", "Phnom Penh Institute of Technology", "Ministry or government body", "Kingdom of Cambodia",
     "Phnom Penh", "", "", "", ""],
    ["4", "Champasak Technical and Vocational College", "tvet_institute", "Lao PDR", "Champasak", "Pakse",
     "", "", ""],
]


def csv_file(header, rows, name="ministry.csv"):
    f = io.BytesIO(write_csv(header, rows))
    f.name = name
    return f


def test_ministry_file_imports_after_confirming_the_proposed_mapping(client, orgs, users):
    client.login(username="admin1", password=PASSWORD)
    response = client.post("/directory/organisations/import/",
                           {"file": csv_file(MINISTRY_HEADER, MINISTRY_ROWS), "source": "MoLVT list"})
    mapping_url = response["Location"]
    page = client.get(mapping_url)
    proposed = {c["header"]: c["field"] for c in page.context["columns"]}
    assert proposed == {"No.": "", "Institution Name": "name", "Type": "kind", "Country": "country",
                        "Province": "province", "District": "city", "Year established": "founded",
                        "Number of students": "", "Remarks": "description"}
    # the user confirms the proposal as it is
    form = {f"map_{c['index']}": c["field"] for c in page.context["columns"]}
    preview = client.post(mapping_url, form)
    result = preview.context["result"]
    assert preview.status_code == 200, [str(e) for e in result.errors]
    assert result.summary["create"] == 4 and result.ignored == ["No.", "Number of students"]
    assert "No." in preview.content.decode() and "Number of students" in preview.content.decode()
    assert client.post(mapping_url + "commit/", {}).status_code == 302
    battambang = Organisation.objects.get(name="Battambang Provincial Training Centre")
    assert (battambang.country_id, battambang.province_id, battambang.kind) == ("KH", "KH-2", "tvet_institute")
    assert battambang.city == "Battambang" and battambang.founded == "1999" and battambang.description == "Public"
    pp = Organisation.objects.get(name="Phnom Penh Institute of Technology")
    assert (pp.country_id, pp.province_id, pp.kind) == ("KH", "KH-12", "ministry")
    champasak = Organisation.objects.get(name="Champasak Technical and Vocational College")
    assert (champasak.country_id, champasak.province_id) == ("LA", "LA-CH")
    assert ChangeLogEntry.objects.filter(source="import", action="create", actor__username="admin1").count() == 4
    # the mapping is saved for the source and proposed for its next file, whose headers are in Lao and Chinese
    assert ColumnMapping.objects.get(source="MoLVT list").mapping["institutionname"] == "name"
    header = ["ຊື່ສະຖາບັນ", "国家", "ແຂວງ", "类型"]
    assert importer.propose(users["secretariat_admin"], Organisation, header) == {
        0: "name", 1: "country", 2: "province", 3: "kind"}


def test_every_error_of_every_row_with_value_reason_and_suggestion(orgs, users):
    rows = [["Tay Ninh College", "castle", "Cambodja", "Nowhere"],
            ["Vientiane School", "TVET institute", "Laos", "Viangchan"],
            ["Good School", "company", "ລາວ", "Vientiane Capital"]]
    result = importer.run_import(users["secretariat_admin"], Organisation,
                                 write_csv(["name", "type", "country", "province"], rows), "x.csv", commit=True)
    assert not result.committed
    where = [(e.row, e.column, e.value) for e in result.errors]
    assert where == [(2, "type", "castle"), (2, "country", "Cambodja"), (2, "province", "Nowhere"),
                     (3, "province", "Viangchan")]
    kind_error, country_error, _unknown, province_error = result.errors
    assert "TVET institute" in kind_error.suggestion
    assert "Unknown country" in country_error.reason and country_error.suggestion
    # two Lao provinces share the ISO name "Viangchan": the error lists both
    assert "ambiguous" in province_error.reason
    assert "LA-VI" in province_error.reason and "LA-VT" in province_error.reason
    assert not Organisation.objects.filter(name__in=["Good School", "Vientiane School"]).exists()


def test_a_near_duplicate_is_flagged_not_merged(orgs, users):
    admin = users["secretariat_admin"]
    data = write_csv(["name", "country", "city"], [["Polytechnic College", "Laos", "Vientiane"]])
    dry = importer.run_import(admin, Organisation, data, "x.csv")
    [plan] = dry.rows
    assert plan.action == "duplicate" and plan.candidate_pk == orgs["other_la"].pk and plan.score >= 86
    assert "Lao Polytechnic College" in plan.reason
    refused = importer.run_import(admin, Organisation, data, "x.csv", commit=True)
    assert not refused.committed and "Lao Polytechnic College" in refused.errors[0].reason
    assert not Organisation.objects.filter(name="Polytechnic College").exists()
    # the user decides: update that record ...
    done = importer.run_import(admin, Organisation, data, "x.csv", commit=True, decisions={2: "update"})
    assert done.committed and done.summary["update"] == 1
    kept = Organisation.objects.get(pk=orgs["other_la"].pk)
    assert (kept.name, kept.city, kept.aliases) == ("Lao Polytechnic College", "Vientiane", ["Polytechnic College"])
    assert not Organisation.objects.filter(name="Polytechnic College").exists()
    # the name it was imported under now finds it
    assert importer.run_import(admin, Organisation, data, "x.csv").rows[0].action == "unchanged"
    # ... or the user adds it as a new record
    data = write_csv(["name", "country"], [["Tianjin Electronic Information College", "China"]])
    assert importer.run_import(admin, Organisation, data, "x.csv").rows[0].candidate_pk == orgs["cn"].pk
    done = importer.run_import(admin, Organisation, data, "x.csv", commit=True, decisions={2: "create"})
    assert done.committed and Organisation.objects.filter(name__startswith="Tianjin Electronic").count() == 2


def test_preview_explains_match_and_field_diff(orgs, users):
    data = write_csv(["Name", "Country", "Website", "Description"],
                     [["LGTC", "LA", "https://lgtc.edu.la", ""], ["Lao Polytechnic College", "Laos", "", ""]])
    result = importer.run_import(users["secretariat_admin"], Organisation, data, "x.csv")
    lgtc, lpc = result.rows
    assert (lgtc.action, lgtc.pk, lgtc.matched) == ("update", orgs["own"].pk, "name")
    assert lgtc.diff == [("website", "", "https://lgtc.edu.la")]
    assert (lpc.action, lpc.pk) == ("unchanged", orgs["other_la"].pk)  # an empty cell keeps the description


def test_the_change_log_of_an_import_update_holds_the_values_before_and_after(orgs, users, system_user):
    """The audit trail says what a row changed: before = the record as it was, after = as the import left it (the
    bulk writer once logged the new values on both sides)."""
    person = services.create_object(system_user, Person, {"name": "Bounmy Keo", "organisation": orgs["own"]})
    data = write_csv(["id", "name", "organisation", "email"],
                     [[person.pk, "Bounmy Keo", orgs["cn"].pk, "bounmy@example.org"]])
    result = importer.run_import(users["secretariat_admin"], Person, data, "people.csv", commit=True)
    assert result.committed, result.errors
    entry = ChangeLogEntry.objects.filter(action="update", content_type__model="person",
                                          object_id=str(person.pk)).latest("id")
    assert (entry.before["organisation_id"], entry.after["organisation_id"]) == (orgs["own"].pk, orgs["cn"].pk)
    assert (entry.before["email"], entry.after["email"]) == ("", "bounmy@example.org")
    assert (entry.before["version"], entry.after["version"]) == (person.version, person.version + 1)
    data = write_csv(["Name", "Country", "Website"], [["LGTC", "LA", "https://lgtc.edu.la"]])
    result = importer.run_import(users["secretariat_admin"], Organisation, data, "orgs.csv", commit=True)
    assert result.committed, result.errors
    entry = ChangeLogEntry.objects.filter(action="update", content_type__model="organisation",
                                          object_id=str(orgs["own"].pk)).latest("id")
    assert (entry.before["website"], entry.after["website"]) == ("", "https://lgtc.edu.la")


@pytest.fixture
def activity(orgs, system_user):
    from skillsnet.activities.models import Activity

    return services.create_object(system_user, Activity, {
        "title": "Peer-to-peer workshop", "kind": "peer_to_peer_workshop",
        "start": datetime.date(2022, 1, 19), "host": orgs["own"]})


def test_participations_by_person_name_with_organisation_and_by_email(orgs, users, system_user, activity):
    admin = users["secretariat_admin"]
    own = services.create_object(system_user, Person, {"name": "Somphone Keo", "organisation": orgs["own"]})
    other = services.create_object(system_user, Person, {"name": "Somphone Keo", "organisation": orgs["other_la"]})
    wei = services.create_object(system_user, Person, {"name": "Wei Fan", "organisation": orgs["cn"],
                                                       "email": "wei.fan@example.cn"})
    header = ["Participant", "Institution", "Event", "Attended", "Hours"]
    rows = [["Somphone Keo", "LGTC", "Peer-to-peer workshop", "yes", "12"],
            ["Wei Fan", "", "Peer-to-peer workshop", "ແມ່ນ", "6"]]
    result = importer.run_import(admin, Participation, write_csv(header, rows), "att.csv", commit=True)
    assert result.committed, [str(e) for e in result.errors]
    assert {(p.person_id, p.attended, int(p.hours)) for p in Participation.objects.all()} == {
        (own.pk, True, 12), (wei.pk, True, 6)}
    # a name two people share, without their organisation, is an error listing both
    again = importer.run_import(admin, Participation, write_csv(
        ["Participant", "Event", "Role"], [["Somphone Keo", "Peer-to-peer workshop", "speaker"]]), "a.csv")
    assert not again.ok and "ambiguous" in again.errors[0].reason
    assert f"id {own.pk}" in again.errors[0].reason and f"id {other.pk}" in again.errors[0].reason
    # by e-mail, in a file without names
    by_email = importer.run_import(admin, Participation, write_csv(
        ["E-mail", "Activity", "Role"], [["WEI.FAN@example.cn", activity.pk, "speaker"]]), "b.csv", commit=True)
    assert by_email.committed
    assert Participation.objects.filter(person=wei, role="speaker").exists()


def test_ten_thousand_rows_with_one_bad_row_write_nothing(users):
    admin = users["secretariat_admin"]
    rows = [[f"Bulk School {i:05d}", "Laos" if i % 2 else "KH", "TVET institute"] for i in range(10_000)]
    rows[7_321][1] = "Atlantis"
    before = (Organisation.objects.count(), ChangeLogEntry.objects.count())
    result = importer.run_import(admin, Organisation, write_csv(["name", "country", "kind"], rows), "big.csv",
                                 commit=True)
    assert not result.committed and [(e.row, e.column) for e in result.errors] == [(7_323, "country")]
    assert (Organisation.objects.count(), ChangeLogEntry.objects.count()) == before
    assert result.summary["create"] == 9_999  # every other row was ready (tests/directory covers the commit)


def test_a_record_changed_since_the_export_is_a_conflict_naming_who_changed_it(orgs, users):
    admin, coordinator = users["secretariat_admin"], users["country_coordinator"]
    header, rows = importer.export_rows(Organisation, Organisation.objects.filter(pk=orgs["other_la"].pk))
    assert "version" in header
    org = orgs["other_la"]
    services.update_object(coordinator, Organisation, org.pk, {"city": "Pakse"}, expected_version=org.version)
    rows[0][header.index("website")] = "https://lpc.edu.la"
    result = importer.run_import(admin, Organisation, write_csv(header, rows), "export.csv", commit=True)
    assert not result.committed
    assert result.rows[0].action == "conflict" and "coord_la" in result.rows[0].reason
    assert "coord_la" in result.errors[0].reason
    assert Organisation.objects.get(pk=org.pk).website == ""


def test_commit_holds_to_the_preview(orgs, users):
    admin, coordinator = users["secretariat_admin"], users["country_coordinator"]
    data = write_csv(["name", "country", "city"], [["Lao Polytechnic College", "LA", "Luang Prabang"]])
    preview = importer.run_import(admin, Organisation, data, "x.csv")
    assert preview.rows[0].action == "update"
    org = Organisation.objects.get(pk=orgs["other_la"].pk)
    services.update_object(coordinator, Organisation, org.pk, {"website": "https://lpc.la"},
                           expected_version=org.version)
    result = importer.run_import(admin, Organisation, data, "x.csv", commit=True, expected=preview.expected())
    assert not result.committed and "coord_la" in result.errors[0].reason
    assert Organisation.objects.get(pk=org.pk).city == ""


def test_lookups_are_scoped_names_outside_scope_never_printed(orgs, users, system_user, activity):
    """A focal point of LGTC cannot find (nor learn the name of) a person of another institution."""
    services.create_object(system_user, Person, {"name": "Hidden Person", "organisation": orgs["cn"],
                                                 "email": "hidden@example.cn"})
    data = write_csv(["email", "activity"], [["hidden@example.cn", activity.pk]])
    result = importer.run_import(users["focal_point"], Participation, data, "x.csv")
    assert not result.ok and "Unknown person" in result.errors[0].reason
    assert "Hidden Person" not in " ".join(str(e) for e in result.errors)


def test_cli_map_options_and_dry_run(tmp_path, orgs, users):
    path = tmp_path / "list.csv"
    path.write_bytes(write_csv(["Nom", "Pays", "Extra"], [["École technique", "Cambodia", "x"]]))
    out = io.StringIO()
    call_command("import", "directory.organisation", str(path), "--as", "admin1", "--map", "Nom=name",
                 "--map", "Pays=country", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "1 to create" in text and "Extra" in text and not Organisation.objects.filter(name="École technique")
    mapfile = tmp_path / "map.txt"
    mapfile.write_text("Nom=name\nPays=country\n", encoding="utf-8")
    call_command("import", "directory.organisation", str(path), "--as", "admin1", "--map", str(mapfile),
                 "--commit", stdout=io.StringIO())
    assert Organisation.objects.get(name="École technique").country == Country.objects.get(pk="KH")


def test_people_match_by_external_id_email_or_name_and_near_duplicates_are_flagged(orgs, users, system_user):
    admin = users["secretariat_admin"]
    keo = services.create_object(system_user, Person, {"name": "Somphone Keo", "organisation": orgs["own"],
                                                       "external_id": "LGTC-0042"})
    header = ["Full name", "Organisation", "Student number", "Sex"]
    rows = [["Somphone KEO", "LGTC", "", "male"],             # same name and organisation
            ["S. Keo", "LGTC", "LGTC-0042", "Male"],           # same external id
            ["Somphone Keoh", "LGTC", "", "female"],          # a near-duplicate: flagged, not merged
            ["Somphone Keo", "Lao Polytechnic College", "", ""]]  # same name, another institution: a new person
    result = importer.run_import(admin, Person, write_csv(header, rows), "people.csv")
    assert not result.errors, [str(e) for e in result.errors]
    assert [(r.row, r.action, r.pk or r.candidate_pk, r.matched) for r in result.rows] == [
        (2, "update", keo.pk, "name"), (3, "update", keo.pk, "external_id"), (4, "duplicate", keo.pk, "fuzzy"),
        (5, "create", keo.pk and None, "")]
    assert result.rows[0].diff == [("sex", "unknown", "male")]


@pytest.mark.skipif("sqlite" not in importer.SPLIT_DERIVED or not importer.SPLIT_DERIVED["sqlite"],
                    reason="derived tables follow in their own transactions on SQLite only")
def test_a_failing_post_write_step_on_sqlite_keeps_the_records_and_says_how_to_catch_up(users, monkeypatch):
    from django.db import connection

    from skillsnet.core import derived

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")

    def broken(model, pks, action, before, prepared=None):
        raise RuntimeError("index down")

    monkeypatch.setattr(derived, "steps_for", lambda model: [broken])
    result = importer.run_import(users["secretariat_admin"], Organisation,
                                 write_csv(["name", "country"], [["Resilient School", "KH"]]), "x.csv", commit=True)
    assert result.committed and Organisation.objects.filter(name="Resilient School").exists()
    assert "skillsnet reindex" in result.notes[0]


def test_postgresql_copies_in_the_background_and_a_failed_copy_writes_nothing(users, monkeypatch):
    """PostgreSQL: the records and their change log are copied from a second thread while the search entries are
    computed (core.imports_bulk.BackgroundCopy). The commit writes the records, one change-log entry each and
    their search entries; a COPY that fails in that thread fails the import with Django's error, and nothing
    of it stays."""
    from django.db import DataError, connection

    from skillsnet.core import imports_bulk
    from skillsnet.knowledge.models import SearchEntry

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    admin = users["secretariat_admin"]
    rows = [[f"Threaded School {i:03d}", "KH", "TVET institute"] for i in range(300)]
    result = importer.run_import(admin, Organisation, write_csv(["name", "country", "kind"], rows), "t.csv",
                                 commit=True)
    assert result.committed, [str(e) for e in result.errors]
    made = Organisation.objects.filter(name__startswith="Threaded School")
    assert made.count() == 300
    ids = [str(pk) for pk in made.values_list("pk", flat=True)]
    assert ChangeLogEntry.objects.filter(object_id__in=ids, action="create", actor=admin).count() == 300
    assert SearchEntry.objects.filter(kind="organisation", title__startswith="Threaded School").count() == 300

    put = imports_bulk.BackgroundCopy.put

    def spoil_the_log(self, prepared):  # a value PostgreSQL refuses, in the change log's COPY
        if prepared.model is ChangeLogEntry:
            column = [f.attname for f in prepared.fields].index("time")
            prepared.rows[-1][column] = "not a time"
        return put(self, prepared)

    monkeypatch.setattr(imports_bulk.BackgroundCopy, "put", spoil_the_log)
    before = (Organisation.objects.count(), ChangeLogEntry.objects.count(), SearchEntry.objects.count())
    with pytest.raises(DataError, match="time"):  # the COPY's own error, not a later aborted transaction
        importer.run_import(admin, Organisation, write_csv(["name", "country"], [["Doomed School A", "KH"],
                                                                              ["Doomed School B", "LA"]]),
                            "d.csv", commit=True)
    assert (Organisation.objects.count(), ChangeLogEntry.objects.count(), SearchEntry.objects.count()) == before


def test_postgresql_an_error_of_the_import_itself_is_not_replaced_by_a_failed_background_copy(users, monkeypatch):
    """When the import's own code fails while the background COPY fails too, the import's error is reported (the
    COPY's would hide the cause); nothing of either stays."""
    import contextlib

    from django.db import connection

    from skillsnet.core import importer as importer_module
    from skillsnet.core import imports_bulk

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    put = imports_bulk.BackgroundCopy.put

    def spoil_the_records(self, prepared):  # a value PostgreSQL refuses, in the records' COPY
        if prepared.model is Organisation:
            column = [f.attname for f in prepared.fields].index("created_at")
            prepared.rows[0][column] = "not a time"
        return put(self, prepared)

    @contextlib.contextmanager
    def broken_language():
        raise RuntimeError("the import's own failure")
        yield

    monkeypatch.setattr(imports_bulk.BackgroundCopy, "put", spoil_the_records)
    monkeypatch.setattr(importer_module, "pinned_language", broken_language)
    before = (Organisation.objects.count(), ChangeLogEntry.objects.count())
    with pytest.raises(RuntimeError, match="own failure"):
        importer.run_import(users["secretariat_admin"], Organisation,
                            write_csv(["name", "country"], [[f"Doomed School {i}", "KH"] for i in range(300)]),
                            "d.csv", commit=True)
    assert (Organisation.objects.count(), ChangeLogEntry.objects.count()) == before
