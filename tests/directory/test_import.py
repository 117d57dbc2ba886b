"""Bulk import: dry run, per-row errors (row, column, reason), all-or-nothing, and a lossless round trip."""
import csv
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from skillsnet.core.importer import export_rows, run_import
from skillsnet.core.models import ChangeLogEntry
from skillsnet.core.tabular import write_csv, write_xlsx
from skillsnet.directory.models import Membership, Organisation, Programme

HEADER = ["name", "name_lo", "kind", "country", "acronyms", "aliases", "city", "fields"]


def org_rows(n, bad_row=None):
    rows = []
    for i in range(n):
        rows.append([f"Vocational School {i:04d}", f"ໂຮງຮຽນ {i}", "tvet_institute", "LA" if i % 2 else "KH",
                     f"VS{i}", f"School number {i}|Old name {i}", "Vientiane", "0714|0713"])
    if bad_row is not None:
        rows[bad_row][3] = "XX"  # unknown country
    return rows


def to_csv(header, rows):
    return write_csv(header, rows)


def test_1000_rows_with_one_bad_row_change_nothing_then_the_fixed_file_imports(users):
    actor = users["secretariat_admin"]
    before_orgs, before_log = Organisation.objects.count(), ChangeLogEntry.objects.count()
    bad = to_csv(HEADER, org_rows(1000, bad_row=636))
    result = run_import(actor, Organisation, bad, "orgs.csv", commit=True)
    assert not result.committed
    assert [(e.row, e.column) for e in result.errors] == [(638, "country")]  # header is row 1
    assert "Unknown country: XX" in result.errors[0].reason
    assert Organisation.objects.count() == before_orgs and ChangeLogEntry.objects.count() == before_log

    good = to_csv(HEADER, org_rows(1000))
    dry = run_import(actor, Organisation, good, "orgs.csv", commit=False)
    assert dry.ok and dry.summary["create"] == 1000 and Organisation.objects.count() == before_orgs
    done = run_import(actor, Organisation, good, "orgs.csv", commit=True)
    assert done.committed and done.summary["create"] == 1000
    assert Organisation.objects.count() == before_orgs + 1000
    school = Organisation.objects.get(name="Vocational School 0007")
    assert school.aliases == ["School number 7", "Old name 7"] and school.country_id == "LA"
    assert sorted(school.fields.values_list("code", flat=True)) == ["0713", "0714"]
    assert ChangeLogEntry.objects.filter(source="import", action="create").count() == 1000

    # its export re-imports with zero changes, as CSV and as XLSX
    header, rows = export_rows(Organisation, Organisation.objects.order_by("pk"))
    for data, name in [(write_csv(header, rows), "export.csv"), (write_xlsx(header, rows), "export.xlsx")]:
        again = run_import(actor, Organisation, data, name, commit=True)
        assert again.ok, again.errors[:3]
        assert again.summary["create"] == 0 and again.summary["update"] == 0
        assert again.summary["unchanged"] == Organisation.objects.count()


def test_exported_file_with_an_edit_updates_only_that_row(orgs, users):
    actor = users["secretariat_admin"]
    header, rows = export_rows(Organisation, Organisation.objects.order_by("pk"))
    city = header.index("city")
    rows[0][city] = "Vientiane Capital"
    result = run_import(actor, Organisation, write_csv(header, rows), "x.csv", commit=True)
    assert result.committed and result.summary["update"] == 1
    assert list(result.rows[0].changes) == ["city"]
    assert Organisation.objects.get(pk=rows[0][0]).city == "Vientiane Capital"


@pytest.mark.parametrize("header,rows,where", [
    (["kind", "country"], [["tvet_institute", "LA"]], (1, "name")),
    (["name", "kind"], [["A" * 301, "tvet_institute"]], (2, "name")),
    (["name", "kind"], [["A school", "castle"]], (2, "kind")),
    (["name", "founded"], [["A school", "20x1"]], (2, "founded")),
    (["id", "name"], [["999999", "Ghost"]], (2, "id")),
])
def test_bad_files_name_row_column_and_reason(users, header, rows, where):
    result = run_import(users["secretariat_admin"], Organisation, to_csv(header, rows), "bad.csv", commit=True)
    assert not result.committed
    assert (result.errors[0].row, result.errors[0].column) == where
    assert result.errors[0].reason
    assert not Organisation.objects.filter(name__in=["A school", "Ghost"]).exists()


def test_extra_columns_are_listed_and_ignored(users):
    data = to_csv(["name", "kind", "colour"], [["A school", "tvet_institute", "red"]])
    result = run_import(users["secretariat_admin"], Organisation, data, "extra.csv", commit=True)
    assert result.committed and result.ignored == ["colour"]
    assert Organisation.objects.get(name="A school").kind == "tvet_institute"


def test_not_a_spreadsheet(users):
    result = run_import(users["secretariat_admin"], Organisation, b"\x00\x01garbage", "x.xlsx", commit=True)
    assert not result.ok and "XLSX" in result.errors[0].reason
    result = run_import(users["secretariat_admin"], Organisation, b"name\n", "x.pdf", commit=True)
    assert not result.ok and ".csv" in result.errors[0].reason


def test_programmes_and_memberships_import(orgs, users):
    actor = users["secretariat_admin"]
    own, net = orgs["own"], orgs["network"]
    prog = to_csv(["organisation", "title", "isced_field", "isco_occupation", "languages", "annual_intake"],
                  [[own.pk, "Electronics technician", "0714", "7421", "lo|en", "120"],
                   [own.pk, "Automation", "0714", "", "lo", "abc"]])
    result = run_import(actor, Programme, prog, "p.csv", commit=True)
    assert [(e.row, e.column) for e in result.errors] == [(3, "annual_intake")]
    assert not Programme.objects.exists()
    mem = to_csv(["network", "member", "role", "joined_on"], [[net.pk, own.pk, "member", "2021"]])
    assert run_import(actor, Membership, mem, "m.csv", commit=True).committed
    assert Membership.objects.get().joined_on == "2021"
    # a membership of a non-network is refused with the model's own rule
    bad = to_csv(["network", "member", "role"], [[own.pk, net.pk, "member"]])
    result = run_import(actor, Membership, bad, "m.csv", commit=True)
    assert result.errors[0].column == "network" and "alliance or network" in result.errors[0].reason


def test_focal_point_cannot_import_into_another_institution(orgs, users):
    data = to_csv(["organisation", "title"], [[orgs["cn"].pk, "Robotics"]])
    result = run_import(users["focal_point"], Programme, data, "p.csv", commit=True)
    assert not result.committed and "scope" in result.errors[0].reason
    assert not Programme.objects.exists()
    own = to_csv(["organisation", "title"], [[orgs["own"].pk, "Robotics"]])
    assert run_import(users["focal_point"], Programme, own, "p.csv", commit=True).committed


def test_cli_import_and_export(tmp_path, orgs, users):
    path = tmp_path / "orgs.csv"
    path.write_bytes(to_csv(HEADER, org_rows(3)))
    out = io.StringIO()
    call_command("import", "directory.organisation", str(path), "--as", "admin1", stdout=out)
    assert "3 to create" in out.getvalue() and not Organisation.objects.filter(name__startswith="Vocational").exists()
    call_command("import", "directory.organisation", str(path), "--as", "admin1", "--commit", stdout=out)
    assert Organisation.objects.filter(name__startswith="Vocational").count() == 3
    assert ChangeLogEntry.objects.filter(source="import", actor__username="admin1").count() == 3
    xlsx = tmp_path / "orgs.xlsx"
    call_command("export", "directory.organisation", "-o", str(xlsx), "--as", "admin1", stderr=io.StringIO())
    sheet = openpyxl.load_workbook(xlsx).active
    assert sheet.cell(1, 1).value == "id" and sheet.max_row == Organisation.objects.count() + 1
    bad = tmp_path / "bad.csv"
    bad.write_bytes(to_csv(HEADER, org_rows(3, bad_row=1)))
    with pytest.raises(CommandError):
        call_command("import", "directory.organisation", str(bad), "--as", "admin1", "--commit", stdout=io.StringIO())


def test_web_import_upload_mapping_preview_then_commit(client, orgs, users):
    from ..conftest import PASSWORD

    client.login(username="admin1", password=PASSWORD)
    upload = io.BytesIO(to_csv(HEADER, org_rows(2)))
    upload.name = "orgs.csv"
    response = client.post("/directory/organisations/import/", {"file": upload})
    assert response.status_code == 302
    mapping_url = response["Location"]
    page = client.get(mapping_url)
    assert page.status_code == 200 and 'name="map_3"' in page.content.decode()
    form = {f"map_{i}": field for i, field in enumerate(HEADER)}
    response = client.post(mapping_url, form)
    assert response.status_code == 200 and "2 to create" in response.content.decode()
    assert not Organisation.objects.filter(name__startswith="Vocational").exists()
    response = client.post(mapping_url + "commit/", {})
    assert response.status_code == 302
    assert Organisation.objects.filter(name__startswith="Vocational").count() == 2
    # a header no field matches is listed as ignored; a missing required field is an error naming it
    bad = io.BytesIO(b"nom,kind\nA,tvet_institute\n")
    bad.name = "bad.csv"
    mapping_url = client.post("/directory/organisations/import/", {"file": bad})["Location"]
    response = client.post(mapping_url, {"map_0": "", "map_1": "kind"})
    text = response.content.decode()
    assert response.status_code == 400 and "Required column is missing" in text and "nom" in text
    assert client.post(mapping_url + "commit/", {}).status_code == 400


def test_list_export_csv_follows_filters(client, orgs):
    response = client.get("/directory/organisations/?country=CN&export=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "id" and [r[1] for r in rows[1:]] == ["Tianjin Electronic Information Technician College"]


def test_the_same_bad_value_in_several_rows_is_an_error_on_each_of_them(users):
    # field checks are done once per distinct value of a column: the outcome must still reach every row
    rows = [["School A", "tvet_institute", "not-an-email"], ["School B", "tvet_institute", "b@example.org"],
            ["School C", "tvet_institute", "not-an-email"], ["School D", "tvet_institute", "b@example.org"]]
    result = run_import(users["secretariat_admin"], Organisation, to_csv(["name", "kind", "email"], rows), "e.csv",
                        commit=True)
    assert not result.committed
    assert [(e.row, e.column) for e in result.errors] == [(2, "email"), (4, "email")]
    assert not Organisation.objects.filter(name__startswith="School ").exists()
    rows[0][2] = rows[2][2] = "a@example.org"
    done = run_import(users["secretariat_admin"], Organisation, to_csv(["name", "kind", "email"], rows), "e.csv",
                      commit=True)
    assert done.committed, done.errors[:3]
    assert sorted(Organisation.objects.filter(name__startswith="School ").values_list("email", flat=True)) == [
        "a@example.org", "a@example.org", "b@example.org", "b@example.org"]
