"""A small document model for the donor report, with XLSX (openpyxl) and PDF (reportlab) writers.

Pure Python (no Django)::

    report = Report("Results report 2024", "ILO–China South-South Cooperation", generated_at=now,
                    sections=[Section("Indicators", [Paragraph("..."),
                                                     Table(["Indicator", "Target", "Actual"], rows,
                                                           number_formats={"Actual": "#,##0"}),
                                                     Chart("bar", "Trained", ["LA", "KH"],
                                                           [("female", [120, 90]), ("male", [80, 70])],
                                                           unit="people")])])
    write_xlsx(report, "report.xlsx")
    write_pdf(report, "report.pdf")

XLSX layout (one sheet per section, sheet name = section title made Excel-safe):
    row 1 section title (bold), row 2 "report title · subtitle · Generated <date>", row 3 blank,
    blocks from row 4, each followed by one blank row. A table takes an optional caption row, a
    bold header row, then its data rows; numbers stay numbers (``number_formats`` become Excel
    number formats); panes are frozen below the first table's header, which also gets an
    autofilter. A chart writes its data as a small table (categories × series) and anchors a native
    Excel chart to the right of it.

PDF: A4 portrait by default; a header block (title, subtitle, generated date) on the first page,
page numbers in the footer; tables repeat their header row on every page; charts are drawn with
reportlab.graphics. Text in Chinese, Lao, Khmer, Thai or Myanmar script is set, run by run, in a
font that has the glyphs (Noto TTFs when found on the system; reportlab's built-in CID font
``STSong-Light`` for Chinese). Missing fonts fall back to Helvetica, without error (the glyphs
then show as boxes). Complex-script shaping (Khmer subscripts, Lao/Thai marks) is applied when
``uharfbuzz`` is installed; without it reportlab places glyphs in character order.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import math
import os
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO, Literal, Mapping, Sequence, Union
from xml.sax.saxutils import escape as _xml_escape

__all__ = [
    "Report",
    "Section",
    "Paragraph",
    "Table",
    "Chart",
    "Block",
    "write_xlsx",
    "write_pdf",
    "pdf_text",
    "pdf_page_texts",
    "FontSet",
    "load_fonts",
    "FONT_CANDIDATES",
    "script_of",
    "format_number",
]

PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
"""Okabe–Ito colours (distinguishable with common colour-vision deficiencies)."""


# --------------------------------------------------------------------------- document model


@dataclass
class Paragraph:
    text: str


@dataclass
class Table:
    """``rows`` hold str / int / float / Decimal / date / datetime / bool / None.

    ``number_formats`` maps a column (index or header name) to an Excel number format, e.g.
    ``{"Actual": "#,##0", 3: "0.0%"}``; the PDF writer renders the same formats
    (``#,##0``, ``#,##0.00``, ``0``, ``0.0``, ``0%``, ``0.0%`` …). Without a format, the
    PDF shows integers with thousands separators and other numbers with two decimals; the
    XLSX leaves them in Excel's General format.
    """

    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    number_formats: Mapping[int | str, str] | None = None
    title: str | None = None

    def __post_init__(self):
        self.columns = [str(c) for c in self.columns]
        self.rows = [list(r) for r in self.rows]
        for i, r in enumerate(self.rows):
            if len(r) != len(self.columns):
                raise ValueError(
                    f"table {self.title or self.columns!r}: row {i} has {len(r)} cells, "
                    f"expected {len(self.columns)}"
                )
        fmts: dict[int, str] = {}
        for key, fmt in (self.number_formats or {}).items():
            if isinstance(key, int):
                idx = key
            elif key in self.columns:
                idx = self.columns.index(key)
            else:
                raise ValueError(f"number_formats: no column {key!r}")
            if not 0 <= idx < len(self.columns):
                raise ValueError(f"number_formats: column index {idx} out of range")
            fmts[idx] = fmt
        self._formats = fmts

    def format_for(self, col: int) -> str | None:
        return self._formats.get(col)


@dataclass
class Chart:
    """``series`` is a list of ``(name, values)``, one value per category (None = no data)."""

    kind: Literal["bar", "line", "stacked_bar"]
    title: str
    categories: list[str]
    series: list[tuple[str, list[float | int | Decimal | None]]]
    unit: str = ""
    show_data: bool = False  # PDF: also print the numbers as a table under the chart

    def __post_init__(self):
        if self.kind not in ("bar", "line", "stacked_bar"):
            raise ValueError(f"chart kind must be bar, line or stacked_bar, not {self.kind!r}")
        self.categories = [str(c) for c in self.categories]
        self.series = [(str(n), list(v)) for n, v in self.series]
        for name, values in self.series:
            if len(values) != len(self.categories):
                raise ValueError(
                    f"chart {self.title!r}: series {name!r} has {len(values)} values for "
                    f"{len(self.categories)} categories"
                )

    def as_table(self) -> Table:
        return Table(
            ["Category"] + [n for n, _ in self.series],
            [[c] + [v[i] for _, v in self.series] for i, c in enumerate(self.categories)],
            title=self.title,
        )


Block = Union[Paragraph, Table, Chart]


@dataclass
class Section:
    title: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Report:
    title: str
    subtitle: str | None = None
    generated_at: dt.datetime | None = None
    sections: list[Section] = field(default_factory=list)
    author: str | None = None
    generated_label: str = "Generated"  # words the writers print, in the report's language
    page_label: str = "Page"
    lang: str = "en"


# --------------------------------------------------------------------------- shared helpers

_NUMBER_TYPES = (int, float, Decimal)


def _is_number(v) -> bool:
    return isinstance(v, _NUMBER_TYPES) and not isinstance(v, bool)


def _fmt_generated(value: dt.datetime | dt.date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        s = value.strftime("%Y-%m-%d %H:%M")
        if value.tzinfo is not None:
            off = value.utcoffset()
            s += " UTC" if off == dt.timedelta(0) else value.strftime(" %z")
        return s
    return value.isoformat()


_FMT_RE = re.compile(r"^(?P<pre>[^0#]*?)(?P<int>[#0,]*0)(?:\.(?P<dec>0+|#+))?(?P<pct>%)?(?P<post>[^0#%]*)$")


def format_number(value, fmt: str | None = None) -> str:
    """Render a number for the PDF, following a (simple) Excel number format.

    Supported: ``0``, ``0.0…``, ``#,##0``, ``#,##0.0…``, ``#,##0.##``, with an optional
    ``%`` (value is a fraction, as in Excel). Other formats fall back to the default:
    integers with thousands separators, other numbers with two decimals.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    m = _FMT_RE.match(fmt) if fmt else None
    if m:
        thousands = "," in m.group("int")
        dec = m.group("dec") or ""
        pct = bool(m.group("pct"))
        x = value * (100 if pct else 1)
        places = len(dec)
        s = f"{x:{',' if thousands else ''}.{places}f}"
        if dec.startswith("#") and "." in s:
            s = s.rstrip("0").rstrip(".")
        def lit(x: str) -> str:  # Excel literals: "USD " or \$ -> USD / $
            return x.replace('"', "").replace("\\", "")
        return lit(m.group("pre")) + s + ("%" if pct else "") + lit(m.group("post"))
    if isinstance(value, int) or (isinstance(value, Decimal) and value == value.to_integral_value()):
        return f"{int(value):,}"
    return f"{value:,.2f}"


def _cell_text(value, fmt: str | None = None) -> str:
    if value is None:
        return ""
    if _is_number(value) or isinstance(value, bool):
        return format_number(value, fmt)
    if isinstance(value, dt.datetime):
        return _fmt_generated(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


# --------------------------------------------------------------------------- XLSX


def _excel_width(text: str) -> int:
    w = 0
    for ch in text:
        w += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return w


_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(title: str, used: set[str], index: int) -> str:
    name = _SHEET_BAD.sub("-", title or "").strip().strip("'") or f"Section {index}"
    name = name[:31]
    base, n = name, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(name.lower())
    return name


def _xlsx_value(value):
    """Map a Python value to something openpyxl stores natively (numbers stay numbers)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, Decimal):
        if not value.is_finite():
            return str(value)
        return int(value) if value == value.to_integral_value() and abs(value) < 2**53 else float(value)
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:  # Excel has no time zones: store UTC
            value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
        return value
    if isinstance(value, dt.date):
        return value
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def _put(ws, row: int, col: int, value, widths: dict[int, int] | None = None, fmt: str | None = None):
    v = _xlsx_value(value)
    cell = ws.cell(row=row, column=col, value=v)
    if isinstance(v, str) and v.startswith("="):
        cell.data_type = "s"  # text, never a formula (no formula injection)
    if isinstance(v, dt.datetime):
        cell.number_format = fmt or "yyyy-mm-dd hh:mm"
    elif isinstance(v, dt.date):
        cell.number_format = fmt or "yyyy-mm-dd"
    elif fmt and _is_number(v):
        cell.number_format = fmt
    if widths is not None and v is not None:
        shown = _cell_text(value, fmt) if (_is_number(value) or isinstance(value, (dt.date, bool))) else str(v)
        longest = max((_excel_width(line) for line in shown.splitlines() or [""]), default=0)
        widths[col] = max(widths.get(col, 0), longest)
    return cell


def write_xlsx(report: Report, path_or_buffer: str | os.PathLike | BinaryIO) -> None:
    """Write the report as an Excel workbook: one sheet per section (see module docstring)."""
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, LineChart, Reference
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.title = report.title
    wb.properties.subject = report.subtitle or None
    wb.properties.creator = report.author or "skillsnet"
    if isinstance(report.generated_at, dt.datetime):
        gen = report.generated_at
        if gen.tzinfo is not None:
            gen = gen.astimezone(dt.timezone.utc).replace(tzinfo=None)
        wb.properties.created = gen
        wb.properties.modified = gen

    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="D9D9D9")
    header_border = Border(bottom=Side(style="thin", color="808080"))
    header_align = Alignment(vertical="center", wrap_text=True)
    meta = " · ".join(
        x for x in (report.title, report.subtitle,
                    f"{report.generated_label} {_fmt_generated(report.generated_at)}" if report.generated_at else None) if x
    )

    sections = report.sections or [Section(report.title)]
    used: set[str] = set()
    for s_index, section in enumerate(sections, 1):
        ws = wb.create_sheet(_sheet_title(section.title, used, s_index))
        _put(ws, 1, 1, section.title).font = Font(bold=True, size=14)
        _put(ws, 2, 1, meta).font = Font(italic=True, color="595959")
        widths: dict[int, int] = {}
        row = 4
        frozen = False

        def write_table(table: Table, row: int) -> tuple[int, int]:
            """Write a table at ``row``; return (header_row, next_free_row)."""
            if table.title:
                _put(ws, row, 1, table.title).font = Font(bold=True, italic=True)
                row += 1
            header_row = row
            for c, name in enumerate(table.columns, 1):
                cell = _put(ws, row, c, name, widths)
                cell.font, cell.fill, cell.border, cell.alignment = bold, header_fill, header_border, header_align
            for r in table.rows:
                row += 1
                for c, value in enumerate(r, 1):
                    _put(ws, row, c, value, widths, table.format_for(c - 1))
            return header_row, row + 1

        for block in section.blocks:
            if isinstance(block, Paragraph):
                for line in str(block.text).splitlines() or [""]:
                    _put(ws, row, 1, line)
                    row += 1
                row += 1
            elif isinstance(block, Table):
                header_row, end = write_table(block, row)
                if not frozen:
                    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
                    last = get_column_letter(len(block.columns))
                    ws.auto_filter.ref = f"A{header_row}:{last}{max(end - 1, header_row)}"
                    frozen = True
                row = end + 1
            elif isinstance(block, Chart):
                data = block.as_table()
                header_row, end = write_table(data, row)
                n_series, n_cats = len(block.series), len(block.categories)
                if n_series and n_cats:
                    if block.kind == "line":
                        ch = LineChart()
                    else:
                        ch = BarChart()
                        ch.type = "col"
                        if block.kind == "stacked_bar":
                            ch.grouping = "stacked"
                            ch.overlap = 100
                    ch.title = block.title
                    ch.y_axis.title = block.unit or None
                    ch.x_axis.delete = False  # openpyxl ≥3.1 otherwise hides the axes in Excel
                    ch.y_axis.delete = False
                    ch.height, ch.width = 7.5, 16
                    ch.add_data(Reference(ws, min_col=2, max_col=1 + n_series,
                                          min_row=header_row, max_row=header_row + n_cats),
                                titles_from_data=True)
                    ch.set_categories(Reference(ws, min_col=1, min_row=header_row + 1,
                                                max_row=header_row + n_cats))
                    for i, s in enumerate(ch.series):
                        colour = PALETTE[i % len(PALETTE)].lstrip("#")
                        if block.kind == "line":
                            s.graphicalProperties.line.solidFill = colour
                        else:
                            s.graphicalProperties.solidFill = colour
                            s.graphicalProperties.line.solidFill = colour
                    ws.add_chart(ch, f"{get_column_letter(n_series + 3)}{header_row}")
                    end = max(end, header_row + 16)  # the chart is ~15 rows tall
                row = end + 1
            else:
                raise TypeError(f"unknown block {type(block).__name__}")

        for col, w in widths.items():
            ws.column_dimensions[get_column_letter(col)].width = min(max(w + 2, 8), 60)

    if isinstance(path_or_buffer, (str, os.PathLike)):
        wb.save(os.fspath(path_or_buffer))
    else:
        wb.save(path_or_buffer)


# --------------------------------------------------------------------------- fonts & scripts

_FONT_DIRS = ["/usr/share/fonts/truetype/noto", "/usr/share/fonts/noto", "/usr/share/fonts/truetype/dejavu",
              "/usr/share/fonts/truetype/wqy", "/usr/share/fonts/truetype/droid", "/usr/share/fonts/truetype",
              "/usr/local/share/fonts", "/Library/Fonts", "C:/Windows/Fonts"]

FONT_CANDIDATES: dict[str, list[tuple[str, str | None]]] = {
    # script -> [(regular file, bold file)], tried in order; file names are looked up in _FONT_DIRS
    # (or used as given when absolute). "cjk" additionally falls back to reportlab's CID font.
    "base": [("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"), ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")],
    "lao": [("NotoSansLao-Regular.ttf", "NotoSansLao-Bold.ttf"), ("NotoSerifLao-Regular.ttf", None)],
    "khmer": [("NotoSansKhmer-Regular.ttf", "NotoSansKhmer-Bold.ttf"), ("NotoSerifKhmer-Regular.ttf", None)],
    "thai": [("NotoSansThai-Regular.ttf", "NotoSansThai-Bold.ttf")],
    "myanmar": [("NotoSansMyanmar-Regular.ttf", "NotoSansMyanmar-Bold.ttf")],
    # TrueType-outline CJK fonts only (reportlab cannot embed CFF/OpenType-PS fonts such as
    # Noto Sans CJK .otf/.ttc); if none is found, the non-embedded CID font STSong-Light is used.
    "cjk": [("wqy-microhei.ttc", None), ("wqy-zenhei.ttc", None), ("DroidSansFallbackFull.ttf", None),
            ("msyh.ttc", "msyhbd.ttc"), ("simsun.ttc", None)],
}
"""Override or extend per deployment with environment variables ``SKILLSNET_PDF_FONT_<SCRIPT>``
(``BASE``, ``LAO``, ``KHMER``, ``THAI``, ``MYANMAR``, ``CJK``) = path to a TrueType file, optionally
``regular.ttf<os.pathsep>bold.ttf``; these are tried first."""
CJK_CID_FONT = "STSong-Light"

_SCRIPT_RANGES: list[tuple[int, int, str]] = sorted([
    (0x0E00, 0x0E7F, "thai"),
    (0x0E80, 0x0EFF, "lao"),
    (0x1000, 0x109F, "myanmar"), (0xA9E0, 0xA9FF, "myanmar"), (0xAA60, 0xAA7F, "myanmar"),
    (0x1780, 0x17FF, "khmer"), (0x19E0, 0x19FF, "khmer"),
    (0x2E80, 0x2FDF, "cjk"), (0x3000, 0x303F, "cjk"), (0x3040, 0x30FF, "cjk"), (0x3100, 0x312F, "cjk"),
    (0x31A0, 0x31BF, "cjk"), (0x3400, 0x4DBF, "cjk"), (0x4E00, 0x9FFF, "cjk"), (0xF900, 0xFAFF, "cjk"),
    (0xFE30, 0xFE4F, "cjk"), (0xFF00, 0xFFEF, "cjk"), (0x20000, 0x2FA1F, "cjk"),
])
_COMPLEX = {"lao", "khmer", "thai", "myanmar"}


def script_of(ch: str) -> str | None:
    """The script a character needs a special font for ('lao', 'khmer', 'cjk', …), else None."""
    o = ord(ch)
    if o < 0x0E00:
        return None
    for lo, hi, name in _SCRIPT_RANGES:
        if lo <= o <= hi:
            return name
    return None


def _find_font_file(name: str | None) -> str | None:
    if not name:
        return None
    if os.path.isabs(name):
        return name if os.path.isfile(name) else None
    for d in _FONT_DIRS:
        p = os.path.join(d, name)
        if os.path.isfile(p):
            return p
    return None


@dataclass
class FontSet:
    """Font names registered with reportlab: ``base``/``bold`` and one per script found."""

    base: str = "Helvetica"
    bold: str = "Helvetica-Bold"
    scripts: dict[str, tuple[str, str]] = field(default_factory=dict)  # script -> (regular, bold)
    shaping: bool = False

    def for_script(self, script: str | None, bold: bool = False) -> str:
        if script and script in self.scripts:
            return self.scripts[script][1 if bold else 0]
        return self.bold if bold else self.base

    def covers(self, font_name: str, ch: str) -> bool:
        from reportlab.pdfbase import pdfmetrics

        try:
            font = pdfmetrics.getFont(font_name)
        except Exception:
            return False
        face = getattr(font, "face", None)
        c2g = getattr(face, "charToGlyph", None)
        if isinstance(c2g, dict):
            return ord(ch) in c2g
        if font_name == CJK_CID_FONT or getattr(font, "encodingName", "").startswith("Uni"):
            return script_of(ch) == "cjk" or ord(ch) < 0x80
        try:  # standard Type 1 fonts: WinAnsi
            ch.encode("cp1252")
            return True
        except UnicodeEncodeError:
            return False


def _register_ttf(name: str, path: str) -> bool:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    try:
        pdfmetrics.getFont(name)
        return True
    except KeyError:
        pass
    try:
        pdfmetrics.registerFont(TTFont(name, path, subfontIndex=0) if path.endswith(".ttc") else TTFont(name, path))
        return True
    except Exception:  # unreadable, CFF-based or otherwise unsupported font: skip it
        return False


def load_fonts(candidates: Mapping[str, Sequence[tuple[str, str | None]]] | None = None) -> FontSet:
    """Register the fonts that exist on this system; never raises. Results are cached per candidates."""
    cands = {k: list(v) for k, v in (candidates or FONT_CANDIDATES).items()}
    if candidates is None:
        for script in ("base", "lao", "khmer", "thai", "myanmar", "cjk"):
            env = os.environ.get(f"SKILLSNET_PDF_FONT_{script.upper()}", "").strip()
            if env:
                reg, _, bold = env.partition(os.pathsep)
                cands.setdefault(script, []).insert(0, (reg, bold or None))
    key = tuple(sorted((k, tuple(v)) for k, v in cands.items()))
    return _load_fonts_cached(key)


@functools.lru_cache(maxsize=8)
def _load_fonts_cached(key) -> FontSet:
    from reportlab.pdfbase import pdfmetrics

    cands = dict(key)
    fs = FontSet()
    try:
        from reportlab.pdfbase.ttfonts import uharfbuzz  # type: ignore[attr-defined]

        fs.shaping = uharfbuzz is not None
    except Exception:
        fs.shaping = False

    def family(regular_file: str, bold_file: str | None) -> tuple[str, str] | None:
        reg_path = _find_font_file(regular_file)
        if not reg_path:
            return None
        stem = Path(reg_path).stem.replace("-Regular", "")
        reg = f"sk-{stem}"
        if not _register_ttf(reg, reg_path):
            return None
        bold_path = _find_font_file(bold_file)
        bold = f"sk-{stem}-Bold"
        if not (bold_path and _register_ttf(bold, bold_path)):
            bold = reg
        _map_family(reg, bold)
        return reg, bold

    for reg_file, bold_file in cands.get("base", ()):
        got = family(reg_file, bold_file)
        if got:
            fs.base, fs.bold = got
            break
    for script, options in cands.items():
        if script == "base":
            continue
        for reg_file, bold_file in options:
            got = family(reg_file, bold_file)
            if got:
                fs.scripts[script] = got
                break
        if script == "cjk" and "cjk" not in fs.scripts:
            try:
                from reportlab.pdfbase.cidfonts import UnicodeCIDFont

                try:
                    pdfmetrics.getFont(CJK_CID_FONT)
                except KeyError:
                    pdfmetrics.registerFont(UnicodeCIDFont(CJK_CID_FONT))
                _map_family(CJK_CID_FONT, CJK_CID_FONT)
                fs.scripts["cjk"] = (CJK_CID_FONT, CJK_CID_FONT)
            except Exception:
                pass
    return fs


def _map_family(regular: str, bold: str) -> None:
    from reportlab.lib.fonts import addMapping

    try:
        addMapping(regular, 0, 0, regular)
        addMapping(regular, 1, 0, bold)
        addMapping(regular, 0, 1, regular)
        addMapping(regular, 1, 1, bold)
        if bold != regular:
            addMapping(bold, 0, 0, bold)
            addMapping(bold, 1, 0, bold)
            addMapping(bold, 0, 1, bold)
            addMapping(bold, 1, 1, bold)
    except Exception:
        pass


def _char_fonts(text: str, fonts: FontSet, bold: bool = False) -> list[str]:
    """The font for each character: the script's font for script characters; spaces, digits and
    punctuation stay in the current font when it has them (a Lao phrase is not chopped at
    every space), or join the script font of their word when it has them; else the base font."""
    base = fonts.for_script(None, bold)
    chosen: list[str] = []
    for ch in text:
        script = script_of(ch)
        if script:
            font = fonts.for_script(script, bold)
        elif chosen and not ch.isalpha() and fonts.covers(chosen[-1], ch):
            font = chosen[-1]
        else:
            font = base
        chosen.append(font)
    for i, j in _words(text):
        script_fonts = [chosen[k] for k in range(i, j) if script_of(text[k])]
        if script_fonts:
            f = script_fonts[0]
            for k in range(i, j):
                if chosen[k] == base and not text[k].isalpha() and fonts.covers(f, text[k]):
                    chosen[k] = f
    return chosen


def _words(text: str):
    """(start, end) of each whitespace-delimited word."""
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        j = i
        while j < n and not text[j].isspace():
            j += 1
        yield i, j
        i = j


def _runs(text: str, fonts: FontSet, bold: bool = False) -> list[tuple[str, str]]:
    """Split text into (font name, text) runs so each character gets a font that has it."""
    runs: list[list] = []
    for ch, font in zip(text, _char_fonts(text, fonts, bold)):
        if runs and runs[-1][0] == font:
            runs[-1][1].append(ch)
        else:
            runs.append([font, [ch]])
    return [(f, "".join(chars)) for f, chars in runs]


def _shaping_safe(text: str, fonts: FontSet, bold: bool = False) -> bool:
    """reportlab shapes each word with the font of its first character, so only switch shaping
    on when no word mixes fonts (e.g. "(ວຽງຈັນ)" where the Lao font lacks the parentheses)."""
    chosen = _char_fonts(text, fonts, bold)
    return all(len(set(chosen[i:j])) == 1 for i, j in _words(text))


def _markup(text: str, fonts: FontSet, base_font: str, bold: bool = False) -> str:
    """Escape text for a reportlab Paragraph and wrap non-base runs in <font> tags."""
    out = []
    for font, chunk in _runs(text, fonts, bold):
        esc = _xml_escape(chunk).replace("\n", "<br/>")
        out.append(esc if font == base_font else f'<font name="{font}">{esc}</font>')
    return "".join(out)


def _dominant_script(text: str) -> str | None:
    counts: dict[str, int] = {}
    for ch in text:
        s = script_of(ch)
        if s:
            counts[s] = counts.get(s, 0) + 1
    return max(counts, key=counts.get) if counts else None


# --------------------------------------------------------------------------- PDF


def _styles(fonts: FontSet):
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    base = dict(fontName=fonts.base)
    return {
        "title": ParagraphStyle("title", fontName=fonts.bold, fontSize=20, leading=24, spaceAfter=6),
        "subtitle": ParagraphStyle("subtitle", **base, fontSize=12, leading=15, textColor=colors.HexColor("#404040")),
        "meta": ParagraphStyle("meta", **base, fontSize=9, leading=12, textColor=colors.HexColor("#595959"),
                               spaceAfter=4),
        "h1": ParagraphStyle("h1", fontName=fonts.bold, fontSize=14, leading=18, spaceBefore=12, spaceAfter=6),
        "caption": ParagraphStyle("caption", fontName=fonts.bold, fontSize=9.5, leading=12, spaceBefore=4,
                                  spaceAfter=3),
        "body": ParagraphStyle("body", **base, fontSize=10, leading=13.5, spaceAfter=6),
        "cell": ParagraphStyle("cell", **base, fontSize=8.5, leading=10.5),
        "cell_num": ParagraphStyle("cell_num", **base, fontSize=8.5, leading=10.5, alignment=TA_RIGHT),
        "head": ParagraphStyle("head", fontName=fonts.bold, fontSize=8.5, leading=10.5),
        "head_num": ParagraphStyle("head_num", fontName=fonts.bold, fontSize=8.5, leading=10.5, alignment=TA_RIGHT),
    }


def _para(text: str, style, fonts: FontSet, bold: bool = False):
    """A reportlab Paragraph with per-run fonts; CJK wrapping and shaping switched on when needed."""
    from reportlab.platypus import Paragraph as RLParagraph

    text = "" if text is None else str(text)
    scripts = {script_of(ch) for ch in text} - {None}
    shape = bool(scripts & _COMPLEX) and fonts.shaping and _shaping_safe(text, fonts, bold)
    if "cjk" in scripts or shape:
        style = style.clone(style.name + "-x")
        if "cjk" in scripts:
            style.wordWrap = "CJK"
        if shape:
            style.shaping = 1
    return RLParagraph(_markup(text, fonts, style.fontName, bold), style)


def _text_width(text: str, font: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    plain = "".join(ch for ch in text if not script_of(ch))
    other = len(text) - len(plain)
    try:
        w = stringWidth(plain, font, size)
    except Exception:
        w = len(plain) * size * 0.55
    return w + other * size * 0.9


def _column_widths(table: Table, texts: list[list[str]], avail: float, fonts: FontSet,
                   size: float = 8.5) -> tuple[list[float], float]:
    """(column widths, minimum total): no column is narrower than its longest word, so that no word (a header,
    a number, a code) is ever broken across lines; the rest of the room goes where the text is longest."""
    pad = 8.0
    n = len(table.columns)
    natural = [0.0] * n
    minimum = [0.0] * n
    sample = [table.columns] + texts[:300]
    for r_i, row in enumerate(sample):
        font = fonts.bold if r_i == 0 else fonts.base
        for c, t in enumerate(row):
            lines = t.splitlines() or [""]
            natural[c] = max(natural[c], max(_text_width(x, font, size) for x in lines) + pad)
            words = [w for x in lines for w in x.split()] or [""]
            minimum[c] = max(minimum[c], max(_text_width(w, font, size) for w in words) + pad)
    natural = [min(max(w, 24.0), 260.0) for w in natural]
    minimum = [max(m, 20.0) for m in minimum]
    natural = [max(w, m) for w, m in zip(natural, minimum)]
    if sum(natural) <= avail:
        return natural, sum(minimum)
    if sum(minimum) >= avail:
        return minimum, sum(minimum)
    extra = avail - sum(minimum)
    slack = [w - m for w, m in zip(natural, minimum)]
    return [m + extra * s / sum(slack) for m, s in zip(minimum, slack)], sum(minimum)


def _sized(styles, size: float):
    """The four table styles at another font size."""
    out = {}
    for name in ("cell", "cell_num", "head", "head_num"):
        style = styles[name].clone(f"{name}-{size:.1f}")
        style.fontSize, style.leading = size, size * 1.24
        out[name] = style
    return out


def _pdf_table(table: Table, avail: float, fonts: FontSet, styles):
    from reportlab.lib import colors
    from reportlab.platypus import LongTable, TableStyle

    numeric_cols = {
        c for c in range(len(table.columns))
        if any(_is_number(r[c]) for r in table.rows) and all(r[c] is None or _is_number(r[c]) for r in table.rows)
    }
    texts = [[_cell_text(v, table.format_for(c)) for c, v in enumerate(r)] for r in table.rows]
    size = 8.5
    widths, least = _column_widths(table, texts, avail, fonts, size)
    if least > avail:  # too many long words for the page: a smaller type rather than broken words
        size = max(5.5, size * avail / least)
        widths, least = _column_widths(table, texts, avail, fonts, size)
        styles = {**styles, **_sized(styles, size)}
    data = [[_para(name, styles["head_num" if c in numeric_cols else "head"], fonts, bold=True)
             for c, name in enumerate(table.columns)]]
    for r in texts:
        data.append([_para(t, styles["cell_num" if c in numeric_cols else "cell"], fonts)
                     for c, t in enumerate(r)])
    t = LongTable(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#D9D9D9")),
        ("LINEBELOW", (0, 0), (-1, 0), 0.75, colors.HexColor("#808080")),
        ("LINEBELOW", (0, -1), (-1, -1), 0.5, colors.HexColor("#808080")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    for i in range(2, len(data), 2):
        style.append(("BACKGROUND", (0, i), (-1, i), colors.HexColor("#F2F2F2")))
    t.setStyle(TableStyle(style))
    return t


def _nice_max(x: float) -> float:
    if x <= 0:
        return 1.0
    exp = 10 ** math.floor(math.log10(x))
    for m in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if m * exp >= x:
            return m * exp
    return 10 * exp


def _pdf_chart(chart: Chart, avail: float, fonts: FontSet):
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.charts.linecharts import HorizontalLineChart
    from reportlab.graphics.widgets.markers import makeMarker
    from reportlab.graphics.shapes import Drawing, Group, String
    from reportlab.lib import colors

    values = [[None if v is None else float(v) for v in vals] for _, vals in chart.series]
    numbers = [v for vals in values for v in vals if v is not None]
    if not numbers or not chart.categories:
        return None

    width, height = avail, 240.0
    d = Drawing(width, height)
    title_font = fonts.for_script(_dominant_script(chart.title), bold=True)
    d.add(String(0, height - 14, chart.title, fontName=title_font, fontSize=11))

    names = [c if len(c) <= 32 else c[:31] + "…" for c in chart.categories]
    label_w = max(_text_width(c, fonts.base, 7.5) for c in names)
    band = (width - 60) / len(names)
    long_labels = label_w > band - 4
    label_h = (label_w * 0.5 + 12) if long_labels else 14  # sin(30°) for rotated labels
    legend_h = 14 * math.ceil(len(chart.series) / 4) + 6 if len(chart.series) > 1 else 0
    height = max(height, 150 + label_h + legend_h)
    d.height = height
    d.contents[0].y = height - 14  # keep the title at the top
    plot = HorizontalLineChart() if chart.kind == "line" else VerticalBarChart()
    plot.x, plot.y = 48, 8 + legend_h + label_h
    plot.width, plot.height = width - 60, height - 30 - plot.y
    rows: list[tuple[int, list]] = []  # (series index, values) — one row per line segment
    for si, vals in enumerate(values):
        if chart.kind != "line":
            rows.append((si, vals))
            continue
        seg: list = [None] * len(vals)
        for ci, v in enumerate(vals):
            if v is None and any(x is not None for x in seg):  # a gap: close the segment
                rows.append((si, seg))
                seg = [None] * len(vals)
            elif v is not None:
                seg[ci] = v
        if any(x is not None for x in seg) or not any(r[0] == si for r in rows):
            rows.append((si, seg))
    plot.data = [tuple(vals) for _, vals in rows]
    plot.categoryAxis.categoryNames = names
    if chart.kind == "stacked_bar":
        plot.categoryAxis.style = "stacked"
        stack = [0.0] * len(chart.categories)
        neg = [0.0] * len(chart.categories)
        for vals in values:
            for i, v in enumerate(vals):
                if v is not None:
                    if v >= 0:
                        stack[i] += v
                    else:
                        neg[i] += v
        hi, lo = max(stack), min(neg)
    else:
        hi, lo = max(numbers), min(numbers)
    plot.valueAxis.valueMin = 0 if lo >= 0 else -_nice_max(-lo)
    plot.valueAxis.valueMax = _nice_max(hi) if hi > 0 else 1
    plot.valueAxis.labelTextFormat = lambda v: format_number(v, "#,##0.##")
    plot.valueAxis.labels.fontName = fonts.base
    plot.valueAxis.labels.fontSize = 7.5
    plot.valueAxis.visibleGrid = 1
    plot.valueAxis.gridStrokeColor = colors.HexColor("#E0E0E0")
    labels = plot.categoryAxis.labels
    labels.fontName, labels.fontSize = fonts.base, 7.5
    if long_labels:
        labels.angle, labels.boxAnchor, labels.dx, labels.dy = 30, "ne", 2, -2
    for i, cat in enumerate(chart.categories):
        script = _dominant_script(cat)
        if script:
            labels[i].fontName = fonts.for_script(script)
    for i, (si, _) in enumerate(rows):
        colour = colors.HexColor(PALETTE[si % len(PALETTE)])
        if chart.kind == "line":
            plot.lines[i].strokeColor = colour
            plot.lines[i].strokeWidth = 1.8
            plot.lines[i].symbol = makeMarker("FilledCircle", size=4, fillColor=colour, strokeColor=colour)
        else:
            plot.bars[i].fillColor = colour
            plot.bars[i].strokeColor = None
    d.add(plot)
    if chart.unit:
        # value-axis unit, rotated 90° counter-clockwise, left of the axis labels
        unit = String(0, 0, chart.unit, fontName=fonts.for_script(_dominant_script(chart.unit)),
                      fontSize=8, textAnchor="middle")
        d.add(Group(unit, transform=(0, 1, -1, 0, 10, plot.y + plot.height / 2)))
    if len(chart.series) > 1:
        lg = Legend()
        lg.alignment = "right"
        lg.x, lg.y = 48, legend_h
        lg.columnMaximum = 1
        lg.dx, lg.dy, lg.deltax = 8, 8, 10
        lg.fontSize = 8
        script = _dominant_script("".join(n for n, _ in chart.series))
        lg.fontName = fonts.for_script(script)
        lg.colorNamePairs = [(colors.HexColor(PALETTE[i % len(PALETTE)]), name)
                             for i, (name, _) in enumerate(chart.series)]
        lg.boxAnchor = "nw"
        lg.columnMaximum = math.ceil(len(chart.series) / min(4, len(chart.series)))
        lg.deltax = 24  # gap between legend columns
        lg.autoXPadding = 24
        d.add(lg)
    return d


def write_pdf(report: Report, path_or_buffer: str | os.PathLike | BinaryIO, *,
              pagesize=None, fonts: FontSet | None = None) -> None:
    """Write the report as a PDF (A4 portrait unless ``pagesize`` is given, e.g. landscape(A4))."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak, HRFlowable, KeepTogether, SimpleDocTemplate, Spacer

    fonts = fonts or load_fonts()
    styles = _styles(fonts)
    pagesize = pagesize or A4
    margin = 18 * mm
    target = os.fspath(path_or_buffer) if isinstance(path_or_buffer, (str, os.PathLike)) else path_or_buffer
    doc = SimpleDocTemplate(
        target, pagesize=pagesize, leftMargin=margin, rightMargin=margin, topMargin=margin,
        bottomMargin=margin, title=report.title, subject=report.subtitle or "",
        author=report.author or "", creator="skillsnet", lang=report.lang or "en",
    )
    avail = doc.width
    footer_font = fonts.for_script(_dominant_script(report.title))

    def on_page(canvas, doc_):
        canvas.saveState()
        canvas.setFont(footer_font, 7.5)
        canvas.setFillGray(0.35)
        canvas.drawString(margin, 10 * mm, report.title[:120])
        canvas.setFont(fonts.base, 7.5)
        canvas.drawRightString(pagesize[0] - margin, 10 * mm, f"{report.page_label} {doc_.page}")
        canvas.restoreState()

    story: list = [_para(report.title, styles["title"], fonts, bold=True)]
    if report.subtitle:
        story.append(_para(report.subtitle, styles["subtitle"], fonts))
    if report.generated_at:
        story.append(_para(f"{report.generated_label} {_fmt_generated(report.generated_at)}", styles["meta"], fonts))
    story.append(HRFlowable(width="100%", thickness=0.75, color="#808080", spaceBefore=4, spaceAfter=8))

    for section in report.sections:
        story.append(CondPageBreak(120))
        story.append(_para(section.title, styles["h1"], fonts, bold=True))
        for block in section.blocks:
            if isinstance(block, Paragraph):
                for part in re.split(r"\n\s*\n", str(block.text)):
                    story.append(_para(part, styles["body"], fonts))
            elif isinstance(block, Table):
                # keep caption + header + a few rows together without KeepTogether (which would
                # push a long table to a new page): break only if little room is left
                story.append(CondPageBreak(90))
                if block.title:
                    story.append(_para(block.title, styles["caption"], fonts, bold=True))
                story.append(_pdf_table(block, avail, fonts, styles))
                story.append(Spacer(1, 8))
            elif isinstance(block, Chart):
                drawing = _pdf_chart(block, avail, fonts)
                if drawing is None:
                    story.append(_para(f"{block.title}: no data", styles["body"], fonts))
                else:
                    story.append(KeepTogether([drawing, Spacer(1, 6)]))
                if block.show_data:
                    story.append(_pdf_table(block.as_table(), avail, fonts, styles))
                story.append(Spacer(1, 8))
            else:
                raise TypeError(f"unknown block {type(block).__name__}")

    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)


# --------------------------------------------------------------------------- text extraction


def _reader(path_or_bytes):
    from pypdf import PdfReader

    if isinstance(path_or_bytes, (bytes, bytearray, memoryview)):
        return PdfReader(io.BytesIO(bytes(path_or_bytes)))
    if isinstance(path_or_bytes, (str, os.PathLike)):
        return PdfReader(os.fspath(path_or_bytes))
    return PdfReader(path_or_bytes)


def pdf_page_texts(path_or_bytes) -> list[str]:
    """Text of each page (pypdf extraction), for tests and quick checks."""
    return [page.extract_text() or "" for page in _reader(path_or_bytes).pages]


def pdf_text(path_or_bytes) -> str:
    """All text of a PDF given as a path, bytes or a binary file object."""
    return "\n".join(pdf_page_texts(path_or_bytes))
