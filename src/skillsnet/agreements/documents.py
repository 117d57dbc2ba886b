"""Checks on uploaded agreement documents: size, extension and the file's own first bytes."""
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ALLOWED = {"pdf": "PDF", "docx": "DOCX", "odt": "ODT", "jpg": "JPEG", "jpeg": "JPEG", "png": "PNG"}
EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe")
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


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
    if not head.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
            if kind == "DOCX":
                return "word/document.xml" in names and "[Content_Types].xml" in names
            return "mimetype" in names and archive.read("mimetype").strip() == ODT_MIMETYPE
    except (zipfile.BadZipFile, OSError, KeyError):
        return False


def validate_document_file(value):
    """Refuse anything but PDF, DOCX, ODT, JPEG and PNG, judged by extension AND content."""
    if getattr(value, "_committed", False):
        return  # already stored and checked when it was uploaded
    limit = settings.SKILLSNET_MAX_UPLOAD_BYTES
    if value.size is not None and value.size > limit:
        raise ValidationError(_("The file is too large (%(size)s bytes; at most %(limit)s bytes).")
                              % {"size": value.size, "limit": limit}, code="file_too_large")
    fileobj = getattr(value, "file", value)
    fileobj.seek(0)
    head = fileobj.read(16)
    fileobj.seek(0)
    if head.startswith(EXECUTABLE_MAGIC) or _extension(value.name) in {"exe", "dll", "msi", "bat", "cmd", "sh", "com"}:
        raise ValidationError(_("Programs and scripts are not accepted. Upload a PDF, DOCX, ODT, JPEG or PNG."),
                              code="file_type")
    kind = ALLOWED.get(_extension(value.name))
    if kind is None:
        raise ValidationError(_("This type of file is not accepted. Upload a PDF, DOCX, ODT, JPEG or PNG."),
                              code="file_type")
    try:
        ok = _looks_like(kind, head, fileobj)
    finally:
        fileobj.seek(0)
    if ok and kind in ("DOCX", "ODT"):
        from skillsnet.core.uploads import check_archive

        check_archive(fileobj, kind)  # zip bombs, huge declared sheets: before any parser
    if not ok:
        raise ValidationError(_("The file is named .%(ext)s but its content is not a %(kind)s file.")
                              % {"ext": _extension(value.name), "kind": kind}, code="file_content")
    if value.size == 0:
        raise ValidationError(_("The file is empty."), code="file_empty")
