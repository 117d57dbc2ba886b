import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from skillsnet.agreements.models import Document
from skillsnet.agreements.services import create_document

API = "/api/agreements/documents/"
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media):
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def upload(api, agreement, name, content):
    return api.post(API, {"agreement": agreement.pk, "title": "Signed MoU", "file": SimpleUploadedFile(name, content)},
                    format="multipart")


@pytest.mark.parametrize("name,content,message", [
    ("setup.exe", b"MZ\x90\x00" + b"\x00" * 100, "Programs and scripts are not accepted"),
    ("mou.pdf", b"MZ\x90\x00" + b"\x00" * 100, "Programs and scripts are not accepted"),
    ("mou.pdf", b"<html>not a pdf</html>", "its content is not a PDF file"),
    ("mou.docx", PDF, "its content is not a DOCX file"),
    ("mou.svg", b"<svg/>", "This type of file is not accepted"),
])
def test_refused_uploads_leave_nothing_behind(agreements, api_as, media, name, content, message):
    response = upload(api_as("secretariat_admin"), agreements["own"], name, content)
    assert response.status_code == 400
    assert message in str(response.json()["file"])
    assert not Document.objects.exists()
    assert stored_files(media) == []


def test_upload_over_the_size_limit_is_refused(agreements, api_as, media, settings):
    settings.SKILLSNET_MAX_UPLOAD_BYTES = 1000
    response = upload(api_as("secretariat_admin"), agreements["own"], "big.pdf", PDF + b"0" * 2000)
    assert response.status_code == 400
    assert "too large" in str(response.json()["file"])
    assert not Document.objects.exists() and stored_files(media) == []


def test_upload_form_shows_the_reason(agreements, web_as, media):
    client = web_as("secretariat_admin")
    response = client.post("/agreements/documents/add/", {
        "agreement": agreements["own"].pk, "title": "Signed MoU",
        "file": SimpleUploadedFile("mou.pdf", b"GIF89a not a pdf")})
    assert response.status_code == 400
    assert "its content is not a PDF file" in response.content.decode()
    assert not Document.objects.exists() and stored_files(media) == []


def test_refused_after_save_leaves_no_file(agreements, users, media):
    # A focal point may not attach a document to another institution's agreement: the scope check runs
    # after the file was written, and the file must go with the rolled-back row.
    from django.core.exceptions import PermissionDenied

    with pytest.raises((PermissionDenied, ValidationError)):
        create_document(users["focal_point"], {"agreement": agreements["other"], "title": "x",
                                               "file": SimpleUploadedFile("mou.pdf", PDF)})
    assert not Document.objects.exists() and stored_files(media) == []


def test_good_uploads_are_stored_and_downloadable(agreements, api_as, web_as, media,
                                                  django_capture_on_commit_callbacks):
    api = api_as("secretariat_admin")
    for name, content in (("mou.pdf", PDF), ("mou.docx", docx_bytes()), ("photo.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20)):
        assert upload(api, agreements["own"], name, content).status_code == 201
    assert Document.objects.count() == 3 and len(stored_files(media)) == 3
    document = Document.objects.get(file__endswith=".pdf")
    response = web_as("viewer").get(f"/agreements/documents/{document.pk}/download/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    with django_capture_on_commit_callbacks(execute=True):
        deleted = api.delete(f"{API}{document.pk}/", HTTP_IF_MATCH=str(document.version))
    assert deleted.status_code == 204
    assert len(stored_files(media)) == 2
