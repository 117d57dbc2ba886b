"""Every upload goes through here: importer files (CSV/XLSX), agreement documents, evidence, knowledge
resources, ingestion files.

* Size is enforced before and while the body streams in: `UploadLimitMiddleware` answers 413 to a
  multipart body declared larger than SKILLSNET_MAX_UPLOAD_BYTES without reading it; for the rest,
  `LimitedUploadHandler` (first in FILE_UPLOAD_HANDLERS) keeps at most the limit of any file and hands the
  view an empty file carrying its real size, so every validator says "too large".
* Office files are zip archives: `check_archive` refuses, before any parser sees them, archives with
  too many entries, too much decompressed data, a suspicious compression ratio (zip bombs), or (XLSX)
  a worksheet declaring more cells than SKILLSNET_MAX_SHEET_CELLS (`<dimension ref="A1:XFD20000"/>`
  makes openpyxl build hundreds of millions of empty cells).
* `read_bytes` reads an uploaded file in chunks up to the limit; `open_workbook` checks and opens XLSX.
"""
import io
import re
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler
from django.utils.translation import gettext as _

TOO_LARGE_FLAG = "_skillsnet_upload_too_large"


def max_bytes():
    return settings.SKILLSNET_MAX_UPLOAD_BYTES


def _too_large_message(limit=None):
    limit = max_bytes() if limit is None else limit
    return _("The file is too large (at most %(mb)s MB).") % {"mb": max(1, limit // (1024 * 1024))}


class LimitedUploadHandler(FileUploadHandler):
    """Counts the bytes of every uploaded file as they arrive. Past the limit nothing more is kept (the
    rest is discarded as it streams by) and the file comes out empty but with its real size, so that every
    form and validator answers "too large" with a clear message. Bodies declared (Content-Length) well over
    the limit never get here: `UploadLimitMiddleware` answers 413 without reading them."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        self.over = False

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > max_bytes():
            if not self.over:
                self.over = True
                setattr(self.request, TOO_LARGE_FLAG, True)
            return None  # the next handlers (memory, temporary file) never see the rest
        return raw_data

    def file_complete(self, file_size):
        if not self.over:
            return None  # the next handler builds the file
        from django.core.files.uploadedfile import InMemoryUploadedFile

        return InMemoryUploadedFile(io.BytesIO(b""), self.field_name, self.file_name, self.content_type,
                                    self.received, self.charset, self.content_type_extra)


class UploadLimitMiddleware:
    """Answers 413 to an upload whose declared size is over the limit, before its body is read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        content_type = request.META.get("CONTENT_TYPE", "")
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if content_type.startswith("multipart/") and length > max_bytes() + 1024 * 1024:
            setattr(request, TOO_LARGE_FLAG, True)
            message = _too_large_message()
            if request.path.startswith("/api/") or "json" in request.headers.get("Accept", ""):
                from django.http import JsonResponse

                response = JsonResponse({"detail": message}, status=413)
            else:
                from django.http import HttpResponse
                from django.utils.html import escape

                response = HttpResponse(f"<!doctype html><title>413</title><h1>{escape(message)}</h1>", status=413)
            response["Connection"] = "close"
            return response
        return self.get_response(request)


def upload_error(request):
    """The message for a request whose upload was cut off, or None."""
    if getattr(request, TOO_LARGE_FLAG, False):
        return _too_large_message()
    return None


def check_size(upload, limit=None):
    limit = max_bytes() if limit is None else limit
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise ValidationError(_too_large_message(limit), code="file_too_large")


def read_bytes(upload, limit=None):
    """The content of an uploaded file (or bytes), read in chunks and refused past `limit`."""
    limit = max_bytes() if limit is None else limit
    if isinstance(upload, (bytes, bytearray)):
        if len(upload) > limit:
            raise ValidationError(_too_large_message(limit), code="file_too_large")
        return bytes(upload)
    check_size(upload, limit)
    fileobj = getattr(upload, "file", upload)
    if hasattr(fileobj, "seek"):
        fileobj.seek(0)
    chunks, total = [], 0
    while True:
        chunk = fileobj.read(64 * 1024)
        if not chunk:
            break
        if isinstance(chunk, str):
            chunk = chunk.encode("utf-8")
        total += len(chunk)
        if total > limit:
            raise ValidationError(_too_large_message(limit), code="file_too_large")
        chunks.append(chunk)
    if hasattr(fileobj, "seek"):
        fileobj.seek(0)
    return b"".join(chunks)


# ------------------------------------------------------------------ archives (XLSX, DOCX, ODT)
def _limits():
    return {
        "entries": getattr(settings, "SKILLSNET_ARCHIVE_MAX_ENTRIES", 2000),
        "total": getattr(settings, "SKILLSNET_ARCHIVE_MAX_UNCOMPRESSED_BYTES", 200 * 1024 * 1024),
        "ratio": getattr(settings, "SKILLSNET_ARCHIVE_MAX_RATIO", 150),
        "cells": getattr(settings, "SKILLSNET_MAX_SHEET_CELLS", 2_000_000),
    }


_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Za-z]{1,3})?(\d+)?(?::([A-Za-z]{1,3})(\d+))?\"")


def _column_number(letters):
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ord(ch) - 64)
    return n


def declared_cells(ref_match):
    """Cells of a worksheet's declared dimension (A1:XFD20000 → 16384 × 20000)."""
    c1, r1, c2, r2 = ref_match.groups()
    if not c2:
        return 1
    cols = abs(_column_number(c2.decode()) - _column_number((c1 or b"A").decode())) + 1
    rows = abs(int(r2) - int(r1 or b"1")) + 1
    return cols * rows


def check_archive(data, kind=""):
    """Refuse a zip-based office file that would exhaust the server when parsed. `data`: bytes or a file."""
    limits = _limits()
    fileobj = io.BytesIO(data) if isinstance(data, (bytes, bytearray)) else getattr(data, "file", data)
    if hasattr(fileobj, "seek"):
        fileobj.seek(0)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            infos = archive.infolist()
            if len(infos) > limits["entries"]:
                raise ValidationError(_("The file holds too many parts (%(n)s; at most %(max)s).")
                                      % {"n": len(infos), "max": limits["entries"]}, code="archive_entries")
            total = sum(i.file_size for i in infos)
            if total > limits["total"]:
                raise ValidationError(_("The file unpacks to too much data (%(mb)s MB; at most %(max)s MB).")
                                      % {"mb": total // (1024 * 1024), "max": limits["total"] // (1024 * 1024)},
                                      code="archive_size")
            for info in infos:
                if info.file_size > 1024 * 1024 and info.file_size > limits["ratio"] * max(info.compress_size, 1):
                    raise ValidationError(_("The file is compressed suspiciously well (a “zip bomb”?): refused."),
                                          code="archive_ratio")
            if kind.upper() == "XLSX":
                for info in infos:
                    if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                        with archive.open(info) as member:
                            head = member.read(4096)
                        match = _DIMENSION.search(head)
                        if match and declared_cells(match) > limits["cells"]:
                            raise ValidationError(
                                _("A sheet of the workbook declares %(n)s cells (at most %(max)s): save it again "
                                  "without empty rows and columns.") % {"n": f"{declared_cells(match):,}",
                                                                       "max": f"{limits['cells']:,}"},
                                code="sheet_dimensions")
    except zipfile.BadZipFile:
        raise ValidationError(_("The file is damaged or not an office document (%(kind)s).") % {"kind": kind or "zip"},
                              code="archive_damaged")
    except (OSError, RuntimeError, NotImplementedError, ValueError) as exc:
        if isinstance(exc, ValidationError):
            raise
        raise ValidationError(_("The file is damaged or not an office document (%(kind)s).") % {"kind": kind or "zip"},
                              code="archive_damaged")
    finally:
        if hasattr(fileobj, "seek"):
            fileobj.seek(0)


def open_workbook(data):
    """openpyxl's read-only workbook, after `check_archive` (ValidationError when refused or unreadable)."""
    import openpyxl

    check_archive(data, "XLSX")
    try:
        book = openpyxl.load_workbook(io.BytesIO(data) if isinstance(data, (bytes, bytearray)) else data,
                                      read_only=True, data_only=True)
    except Exception:
        raise ValidationError(_("The file is not a readable XLSX workbook."), code="xlsx_unreadable")
    for sheet in book.worksheets:
        # read the cells that exist, not the (already checked) declared area
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()
    return book
