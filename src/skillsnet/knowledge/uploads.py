"""Uploaded files: type checks (by extension AND by the file's own bytes), size checks, and the text
inside them (for search and for ingestion).

`check_upload(file, allowed)` raises ValidationError with a clear message; nothing is stored before it
passes. `file_text(file)` returns the plain text of a TXT, HTML, DOCX, ODT, XLSX or PDF file ('' for images).
"""
import html
import io
import re
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# extension -> kind
EXTENSIONS = {
    "pdf": "PDF", "docx": "DOCX", "xlsx": "XLSX", "odt": "ODT", "txt": "TXT",
    "jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "html": "HTML", "htm": "HTML",
}
RESOURCE_KINDS = ("PDF", "DOCX", "XLSX", "ODT", "TXT", "JPEG", "PNG")
ARTICLE_KINDS = ("TXT", "HTML", "DOCX", "PDF")
EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe",
                    b"\xfe\xed\xfa")
EXECUTABLE_EXTENSIONS = {"exe", "dll", "msi", "bat", "cmd", "sh", "com", "scr", "ps1", "vbs", "js", "jar", "apk",
                         "bin", "app", "run", "elf", "so", "dylib"}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def extension(name):
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def _read_all(fileobj):
    fileobj.seek(0)
    data = fileobj.read()
    fileobj.seek(0)
    return data if isinstance(data, bytes) else data.encode("utf-8")


def _is_text(data):
    if b"\x00" in data[:8192]:
        return False
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        pass
    try:
        data[:65536].decode("utf-16")
        return data[:2] in (b"\xff\xfe", b"\xfe\xff")
    except UnicodeDecodeError:
        return False


def _zip_names(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype").strip() if "mimetype" in names else b""
            return names, mimetype
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return None, b""


def looks_like(kind, data):
    """Whether the bytes are really a file of `kind`."""
    if kind == "PDF":
        return data.startswith(b"%PDF-")
    if kind == "PNG":
        return data.startswith(b"\x89PNG\r\n\x1a\n")
    if kind == "JPEG":
        return data.startswith(b"\xff\xd8\xff")
    if kind in ("TXT", "HTML"):
        return _is_text(data)
    if not data.startswith(b"PK\x03\x04"):
        return False
    names, mimetype = _zip_names(data)
    if names is None:
        return False
    if kind == "DOCX":
        return "word/document.xml" in names and "[Content_Types].xml" in names
    if kind == "XLSX":
        return "xl/workbook.xml" in names and "[Content_Types].xml" in names
    if kind == "ODT":
        return mimetype == ODT_MIMETYPE
    return False


def _names_for(allowed):
    return ", ".join(dict.fromkeys(allowed))


def check_upload(value, allowed=RESOURCE_KINDS):
    """The kind of an uploaded file ('PDF', 'DOCX', ...); ValidationError when it is refused.

    Refused: anything over settings.SKILLSNET_MAX_UPLOAD_BYTES, programs and scripts, empty files, types
    not in `allowed`, and files whose content does not match their extension (a .pdf that is not a PDF).
    """
    limit = settings.SKILLSNET_MAX_UPLOAD_BYTES
    size = getattr(value, "size", None)
    if size is not None and size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s MB; at most %(limit)s MB).")
            % {"size": round(size / 1024 / 1024, 1), "limit": round(limit / 1024 / 1024, 1)}, code="file_too_large")
    from skillsnet.core import uploads as core_uploads

    data = core_uploads.read_bytes(value, limit)
    if len(data) > limit:
        raise ValidationError(_("The file is too large (at most %(limit)s MB).")
                              % {"limit": round(limit / 1024 / 1024, 1)}, code="file_too_large")
    ext = extension(getattr(value, "name", ""))
    if data.startswith(EXECUTABLE_MAGIC) or ext in EXECUTABLE_EXTENSIONS:
        raise ValidationError(_("Programs and scripts are not accepted. Upload one of: %(types)s.")
                              % {"types": _names_for(allowed)}, code="file_type")
    kind = EXTENSIONS.get(ext)
    if kind is None or kind not in allowed:
        raise ValidationError(_("Files of this type (.%(ext)s) are not accepted. Upload one of: %(types)s.")
                              % {"ext": ext or "?", "types": _names_for(allowed)}, code="file_type")
    if not data:
        raise ValidationError(_("The file is empty."), code="file_empty")
    if not looks_like(kind, data):
        raise ValidationError(_("The file is named .%(ext)s but its content is not a %(kind)s file.")
                              % {"ext": ext, "kind": kind}, code="file_content")
    if kind in ("DOCX", "XLSX", "ODT"):
        core_uploads.check_archive(data, kind)  # zip bombs, huge declared sheets: before any parser
    return kind


# ------------------------------------------------------------------ text inside files
_TAG = re.compile(r"<[^>]+>")
_DROP = re.compile(r"<(script|style|noscript|template)\b.*?</\1\s*>", re.S | re.I)
_BLOCK = re.compile(r"</?(p|div|br|li|h[1-6]|tr|section|article|header|footer|blockquote|pre|table|ul|ol)\b[^>]*>",
                    re.I)
MAX_TEXT = 200_000  # characters kept for search


def html_to_text(markup):
    """Plain text of an HTML page: scripts and styles dropped, tags stripped, entities decoded."""
    markup = _DROP.sub(" ", markup or "")
    markup = re.sub(r"<!--.*?-->", " ", markup, flags=re.S)
    markup = _BLOCK.sub("\n", markup)
    text = html.unescape(_TAG.sub(" ", markup))
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _decode(data):
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _docx_text(data):
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def _pdf_text(data):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join((page.extract_text() or "") for page in reader.pages)


def _xlsx_text(data):
    from skillsnet.core.uploads import open_workbook

    book = open_workbook(data)  # archive and declared sheet size checked first
    parts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            cells = [str(c) for c in row if c not in (None, "")]
            if cells:
                parts.append(" ".join(cells))
    return "\n".join(parts)


def _odt_text(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        content = archive.read("content.xml").decode("utf-8", "replace")
    return html_to_text(re.sub(r"</text:(p|h)>", "\n", content))


def file_text(value, kind=None):
    """The text inside an (already checked) file; '' for images or when it cannot be read."""
    fileobj = getattr(value, "file", value)
    data = _read_all(fileobj)
    kind = kind or EXTENSIONS.get(extension(getattr(value, "name", "")))
    try:
        if kind == "TXT":
            text = _decode(data)
        elif kind == "HTML":
            text = html_to_text(_decode(data))
        elif kind == "DOCX":
            text = _docx_text(data)
        elif kind == "PDF":
            text = _pdf_text(data)
        elif kind == "XLSX":
            text = _xlsx_text(data)
        elif kind == "ODT":
            text = _odt_text(data)
        else:
            text = ""
    except Exception:  # a damaged document still uploads; it just has no searchable text
        text = ""
    return text[:MAX_TEXT]
