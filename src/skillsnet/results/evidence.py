"""Checks on uploaded evidence and source files: size, extension and the file's own first bytes."""
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ALLOWED = {"pdf": "PDF", "docx": "DOCX", "xlsx": "XLSX", "odt": "ODT", "jpg": "JPEG", "jpeg": "JPEG",
           "png": "PNG", "txt": "TXT", "csv": "TXT"}
EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe")
ZIP_MEMBERS = {"DOCX": "word/document.xml", "XLSX": "xl/workbook.xml", "ODT": "mimetype"}


def _extension(name):
    base = (name or "").rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def _looks_like(kind, head, fileobj):
    if kind == "PDF":
        return head.startswith(b"%PDF-")
    if kind == "PNG":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if kind == "JPEG":
        return head.startswith(b"\xff\xd8\xff")
    if kind == "TXT":
        fileobj.seek(0)
        sample = fileobj.read(65536)
        if b"\x00" in sample:
            return False
        try:
            sample.decode("utf-8")
        except UnicodeDecodeError as exc:
            return exc.start > len(sample) - 4  # a character cut at the end of the sample
        return True
    if not head.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(fileobj) as archive:
            return ZIP_MEMBERS[kind] in set(archive.namelist())
    except (zipfile.BadZipFile, OSError, KeyError):
        return False


def validate_evidence_file(value):
    """Accept PDF, DOCX, XLSX, ODT, JPEG, PNG and plain text, judged by extension AND content."""
    if not value or getattr(value, "_committed", False):
        return
    limit = settings.SKILLSNET_MAX_UPLOAD_BYTES
    if value.size is not None and value.size > limit:
        raise ValidationError(_("The file is too large (%(size)s bytes; at most %(limit)s bytes).")
                              % {"size": value.size, "limit": limit}, code="file_too_large")
    if value.size == 0:
        raise ValidationError(_("The file is empty."), code="file_empty")
    fileobj = getattr(value, "file", value)
    fileobj.seek(0)
    head = fileobj.read(16)
    fileobj.seek(0)
    kind = ALLOWED.get(_extension(value.name))
    if head.startswith(EXECUTABLE_MAGIC) or kind is None:
        raise ValidationError(_("This type of file is not accepted. Upload a PDF, DOCX, XLSX, ODT, JPEG, PNG or "
                                "text file."), code="file_type")
    try:
        ok = _looks_like(kind, head, fileobj)
    finally:
        fileobj.seek(0)
    if ok and kind in ("DOCX", "XLSX", "ODT"):
        from skillsnet.core.uploads import check_archive

        check_archive(fileobj, kind)  # zip bombs, huge declared sheets: before any parser
    if not ok:
        raise ValidationError(_("The file is named .%(ext)s but its content is not a %(kind)s file.")
                              % {"ext": _extension(value.name), "kind": kind}, code="file_content")
