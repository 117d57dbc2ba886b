"""core.uploads: one door for every upload. Size enforced while streaming; office archives checked
(entries, unpacked size, ratio, declared sheet cells) before any parser opens them."""
import io
import time
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from skillsnet.core import tabular, uploads


def _xlsx(rows, dimension=None):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    if dimension is None:
        return out.getvalue()
    src = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    patched = io.BytesIO()
    with zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                import re

                data = re.sub(rb'<dimension ref="[^"]*"/>', f'<dimension ref="{dimension}"/>'.encode(), data)
                assert dimension.encode() in data
            dst.writestr(info, data)
    return patched.getvalue()


def _docx_bomb(megabytes=8):
    import docx

    document = docx.Document()
    document.add_paragraph("A memorandum of understanding")
    out = io.BytesIO()
    document.save(out)
    src = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info.filename))
        dst.writestr("word/media/padding.bin", b"\0" * (megabytes * 1024 * 1024))
    return bomb.getvalue()


def test_declared_sheet_dimensions_are_checked_before_parsing(settings):
    settings.SKILLSNET_MAX_SHEET_CELLS = 10_000
    data = _xlsx([["name", "kind"], ["A", "other"]], dimension="A1:Z1000")  # 26,000 declared cells
    with pytest.raises(ValidationError, match="declares"):
        tabular.read_table(data, "orgs.xlsx")
    settings.SKILLSNET_MAX_SHEET_CELLS = 2_000_000
    huge = _xlsx([["name"], ["A"]], dimension="A1:XFD20000")
    assert len(huge) < 10_000
    started = time.monotonic()
    with pytest.raises(ValidationError, match="declares"):
        tabular.read_table(huge, "orgs.xlsx")
    assert time.monotonic() - started < 2
    header, rows = tabular.read_table(_xlsx([["name", "kind"], ["A", "other"]]), "orgs.xlsx")
    assert header == ["name", "kind"] and rows == [["A", "other"]]


def test_huge_declared_sheet_through_the_importer_is_a_clear_400(client, users):
    client.force_login(users["secretariat_admin"])
    upload = SimpleUploadedFile("orgs.xlsx", _xlsx([["name"], ["A"]], dimension="A1:XFD20000"))
    response = client.post("/directory/organisations/import/", {"file": upload})
    assert response.status_code == 400
    assert "declares" in response.content.decode()


def test_zip_bomb_docx_is_refused_everywhere(settings):
    from skillsnet.agreements.documents import validate_document_file
    from skillsnet.knowledge.uploads import check_upload
    from skillsnet.results.evidence import validate_evidence_file

    bomb = _docx_bomb()
    assert len(bomb) < 1024 * 1024
    for check in (validate_document_file, validate_evidence_file, check_upload):
        with pytest.raises(ValidationError, match="zip bomb"):
            check(SimpleUploadedFile("mou.docx", bomb))
    settings.SKILLSNET_ARCHIVE_MAX_ENTRIES = 5
    with pytest.raises(ValidationError, match="too many parts"):
        uploads.check_archive(_docx_bomb(0), "DOCX")


def test_unpacked_size_limit(settings):
    settings.SKILLSNET_ARCHIVE_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    settings.SKILLSNET_ARCHIVE_MAX_RATIO = 10 ** 6
    with pytest.raises(ValidationError, match="unpacks to too much"):
        uploads.check_archive(_docx_bomb(2), "DOCX")


def _multipart(size):
    boundary = "BoUnDaRy"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.csv\"\r\n"
            f"Content-Type: text/csv\r\n\r\n").encode() + b"x" * size + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def test_an_oversized_file_is_not_kept_while_it_streams(settings):
    settings.SKILLSNET_MAX_UPLOAD_BYTES = 100_000
    body, content_type = _multipart(300_000)
    request = RequestFactory().generic("POST", "/directory/organisations/import/", body, content_type=content_type)
    upload = request.FILES["file"]
    assert upload.size == 300_000  # validators see the real size ...
    assert len(upload.read()) == 0  # ... but the bytes past the limit were never kept
    with pytest.raises(ValidationError, match="too large"):
        uploads.read_bytes(upload)


def test_a_body_declared_over_the_limit_is_refused_before_it_is_read(client, users, settings):
    settings.SKILLSNET_MAX_UPLOAD_BYTES = 100_000
    client.force_login(users["secretariat_admin"])
    body, content_type = _multipart(1_300_000)
    response = client.generic("POST", "/directory/organisations/import/", body, content_type=content_type)
    assert response.status_code == 413
    assert "too large" in response.content.decode()
    api = client.generic("POST", "/api/knowledge/resources/", body, content_type=content_type)
    assert api.status_code == 413 and "too large" in api.json()["detail"]
