"""Resources: uploads checked by extension and content and size, nothing left behind when refused; access
levels enforced in list, detail, download and API."""
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from skillsnet.core.models import ChangeLogEntry
from skillsnet.knowledge.models import Resource
from skillsnet.knowledge.services import create_resource, update_resource
from tests.conftest import PASSWORD

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media):
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


@pytest.mark.parametrize("name,data,message", [
    ("setup.exe", b"MZ\x90\x00\x03" + b"\x00" * 200, "Programs and scripts are not accepted"),
    ("report.pdf", b"MZ\x90\x00 an executable renamed", "Programs and scripts are not accepted"),
    ("report.pdf", b"<html>not a pdf</html>", "is not a PDF file"),
    ("photo.png", b"GIF89a....", "is not a PNG file"),
    ("notes.docx", b"PK\x03\x04 broken zip", "is not a DOCX file"),
    ("archive.zip", b"PK\x03\x04", "are not accepted"),
    ("empty.txt", b"", "empty"),
])
def test_refused_uploads_leave_nothing_behind(orgs, system_user, media, name, data, message):
    before = (Resource.objects.count(), ChangeLogEntry.objects.count())
    with pytest.raises(ValidationError) as info:
        create_resource(system_user, {"title": "Bad upload", "file": SimpleUploadedFile(name, data)})
    assert message in " ".join(info.value.messages)
    assert (Resource.objects.count(), ChangeLogEntry.objects.count()) == before
    assert stored_files(media) == []


def test_oversized_upload_refused(orgs, system_user, media, settings):
    settings.SKILLSNET_MAX_UPLOAD_BYTES = 1024
    with pytest.raises(ValidationError) as info:
        create_resource(system_user, {"title": "Big", "file": SimpleUploadedFile("big.txt", b"a" * 2048)})
    assert "too large" in " ".join(info.value.messages)
    assert Resource.objects.count() == 0 and stored_files(media) == []


def test_refused_upload_through_the_web_form(client, users, media):
    client.force_login(users["secretariat_admin"])
    response = client.post("/knowledge/resources/add/", {
        "title": "Tool", "kind": "report", "access": "public",
        "file": SimpleUploadedFile("tool.exe", b"MZ" + b"\x00" * 100)})
    assert response.status_code == 400
    assert "Programs and scripts are not accepted" in response.content.decode()
    assert Resource.objects.count() == 0 and stored_files(media) == []


def test_accepted_types_and_text_extraction(orgs, system_user, media):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["ສູນຝຶກອົບຮົມ", 12])
    xlsx = io.BytesIO()
    book.save(xlsx)
    cases = [("photo.png", PNG, "PNG", ""), ("doc.pdf", PDF, "PDF", ""), ("sheet.xlsx", xlsx.getvalue(), "XLSX",
                                                                        "ສູນຝຶກອົບຮົມ"),
             ("notes.txt", "សិក្ខាសាលា".encode(), "TXT", "សិក្ខាសាលា")]
    for name, data, kind, text in cases:
        r = create_resource(system_user, {"title": name, "file": SimpleUploadedFile(name, data)})
        assert r.file_type == kind and r.file_size == len(data) and text in r.extracted_text
    assert len(stored_files(media)) == 4


def test_replacing_a_file_with_a_refused_one_keeps_the_old(orgs, system_user, media):
    r = create_resource(system_user, {"title": "Photo", "kind": "photo", "file": SimpleUploadedFile("a.png", PNG)})
    with pytest.raises(ValidationError):
        update_resource(system_user, r.pk, {"file": SimpleUploadedFile("b.png", b"not png")},
                        expected_version=r.version)
    r.refresh_from_db()
    assert r.file.name.endswith("a.png") and len(stored_files(media)) == 1


@pytest.fixture
def levels(orgs, system_user, media):
    made = {}
    for access, extra in [("public", {}), ("members", {}), ("organisation", {"organisations": [orgs["own"]]})]:
        made[access] = create_resource(system_user, {"title": f"Doc {access}", "access": access, **extra,
                                                     "file": SimpleUploadedFile(f"{access}.txt", b"hello")})
    return made


def _titles(response):
    return {r["display"] for r in response.json()["results"]}


def test_access_in_list_detail_download(client, users, levels):
    def visible(user):
        if user is None:
            client.logout()
        else:
            client.force_login(user)
        page = client.get("/knowledge/resources/").content.decode()
        shown = {a for a in levels if f"Doc {a}" in page}
        for access, r in levels.items():
            detail = client.get(f"/knowledge/resources/{r.pk}/").status_code
            download = client.get(f"/knowledge/resources/{r.pk}/download/")
            if access in shown:
                assert detail == 200 and download.status_code == 200
                assert b"".join(download.streaming_content) == b"hello"
            else:
                assert detail == 404 and download.status_code in (302, 404)
        return shown

    assert visible(None) == {"public"}
    assert visible(users["viewer"]) == {"public", "members"}
    assert visible(users["focal_point"]) == {"public", "members", "organisation"}
    assert visible(users["secretariat_admin"]) == {"public", "members", "organisation"}


def test_access_in_api(api_as, levels):
    assert _titles(api_as("anonymous").get("/api/knowledge/resources/")) == {"Doc public"}
    assert _titles(api_as("viewer").get("/api/knowledge/resources/")) == {"Doc public", "Doc members"}
    assert _titles(api_as("focal_point").get("/api/knowledge/resources/")) == {"Doc public", "Doc members",
                                                                               "Doc organisation"}
    hidden = levels["organisation"].pk
    assert api_as("viewer").get(f"/api/knowledge/resources/{hidden}/").status_code == 404
    assert api_as("viewer").get("/api/knowledge/resources/", {"q": "members"}).json()["count"] == 1


def test_focal_point_adds_a_resource_for_their_institution(client, users, orgs, media):
    client.force_login(users["focal_point"])
    response = client.post("/knowledge/resources/add/", {
        "title": "Lesson plan", "kind": "lecture_material", "access": "organisation",
        "organisations": [orgs["own"].pk], "tags": "welding\nsafety",
        "file": SimpleUploadedFile("plan.txt", "焊接安全教案".encode())})
    assert response.status_code == 302, response.content.decode()[-2000:]
    r = Resource.objects.get(title="Lesson plan")
    assert r.tags == ["welding", "safety"] and r.extracted_text == "焊接安全教案"
    client.logout()
    assert client.login(username="viewer1", password=PASSWORD)
    assert client.get(f"/knowledge/resources/{r.pk}/").status_code == 404
