"""Donor report writers (XLSX, PDF) and inline SVG charts — pure pytest, no DB."""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

try:  # the package may not be installed yet while the foundation is being written
    import skillsnet  # noqa: F401
except ImportError:  # pragma: no cover
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from openpyxl import load_workbook

from skillsnet.results import reportdoc
from skillsnet.results.charts import svg_bar_chart, svg_line_chart
from skillsnet.results.reportdoc import (
    Chart,
    Paragraph,
    Report,
    Section,
    Table,
    load_fonts,
    pdf_page_texts,
    pdf_text,
    write_pdf,
    write_xlsx,
)

NOTO = Path("/usr/share/fonts/truetype/noto")
HAVE_LAO = (NOTO / "NotoSansLao-Regular.ttf").is_file()
HAVE_KHMER = (NOTO / "NotoSansKhmer-Regular.ttf").is_file()

LAO = "ວຽງຈັນ"       # Vientiane
KHMER = "ភ្នំពេញ"     # Phnom Penh
CHINESE = "中国"       # China

INDICATOR_COLUMNS = ["Indicator", "Unit", "Baseline", "Target", "Actual"]
SEX_COLUMNS = ["Country", "Female", "Male", "Total", "Female share"]


def sample_report() -> Report:
    return Report(
        title="ILO–China South-South Cooperation: results report 2024",
        subtitle="Skills development in ASEAN TVET institutions",
        generated_at=dt.datetime(2025, 3, 31, 9, 30, tzinfo=dt.timezone.utc),
        sections=[
            Section("Indicators", [
                Paragraph("Results against targets for the reporting period 1 January – 31 December 2024."),
                Table(
                    INDICATOR_COLUMNS,
                    [
                        ["Teachers and students trained", "people", 0, 500, 1234],
                        ["Graduates employed within six months", "%", Decimal("55.5"), 70, 66.67],
                        ["Agreements on recognition signed", "agreements", 0, 3, None],
                    ],
                    number_formats={"Target": "#,##0", "Actual": "#,##0.##"},
                    title="Indicators, 2024",
                ),
            ]),
            Section("Disaggregation", [
                Table(
                    SEX_COLUMNS,
                    [
                        [f"Lao PDR ({LAO})", 160, 110, 270, 160 / 270],
                        [f"Cambodia ({KHMER})", 90, 70, 160, 90 / 160],
                        ["Indonesia", 62, 28, 90, 62 / 90],
                        [f"China ({CHINESE})", 0, 0, 0, None],
                    ],
                    number_formats={"Female share": "0.0%"},
                    title="Trained teachers and students by sex and country",
                ),
                Chart(
                    "bar", "Trained, by sex", ["Lao PDR", "Cambodia", "Indonesia"],
                    [("Female", [160, 90, 62]), ("Male", [110, 70, 28])], unit="people",
                ),
            ]),
        ],
    )


# --------------------------------------------------------------------------- XLSX


@pytest.fixture
def workbook(tmp_path):
    path = tmp_path / "report.xlsx"
    write_xlsx(sample_report(), path)
    return load_workbook(path)


def test_xlsx_sheets_and_headers(workbook):
    assert workbook.sheetnames == ["Indicators", "Disaggregation"]
    ws = workbook["Indicators"]
    assert ws["A1"].value == "Indicators"
    assert ws["A1"].font.b
    assert ws["A2"].value.startswith("ILO–China South-South Cooperation: results report 2024 · Skills")
    assert ws["A2"].value.endswith("Generated 2025-03-31 09:30 UTC")
    assert ws["A4"].value.startswith("Results against targets")
    assert ws["A6"].value == "Indicators, 2024"  # table caption
    assert [c.value for c in ws[7]] == INDICATOR_COLUMNS
    assert all(c.font.b for c in ws[7])
    assert ws.freeze_panes == "A8"
    assert ws.auto_filter.ref == "A7:E10"


def test_xlsx_numbers_are_numbers(workbook):
    ws = workbook["Indicators"]
    assert [c.value for c in ws[8]] == ["Teachers and students trained", "people", 0, 500, 1234]
    assert ws["E8"].data_type == "n" and isinstance(ws["E8"].value, int)
    assert ws["C9"].value == 55.5 and ws["C9"].data_type == "n"
    assert ws["E9"].value == pytest.approx(66.67)
    assert ws["E10"].value is None
    assert ws["D8"].number_format == "#,##0"
    assert ws["E9"].number_format == "#,##0.##"
    assert ws.column_dimensions["A"].width >= len("Graduates employed within six months")

    dis = workbook["Disaggregation"]
    assert [c.value for c in dis[5]] == SEX_COLUMNS
    assert dis.freeze_panes == "A6"
    assert dis["A6"].value == f"Lao PDR ({LAO})"
    assert [dis.cell(6, c).value for c in range(2, 5)] == [160, 110, 270]
    assert dis["E6"].value == pytest.approx(160 / 270)
    assert dis["E6"].number_format == "0.0%"
    assert dis["A9"].value == f"China ({CHINESE})"


def test_xlsx_chart_is_native_with_data(workbook, tmp_path):
    ws = workbook["Disaggregation"]
    # chart data table follows the disaggregation table (rows 5-9, blank 10): caption 11, header 12
    assert ws["A11"].value == "Trained, by sex"
    assert [c.value for c in ws[12]][:3] == ["Category", "Female", "Male"]
    assert [ws.cell(13, c).value for c in range(1, 4)] == ["Lao PDR", 160, 110]
    path = tmp_path / "again.xlsx"
    write_xlsx(sample_report(), path)
    with zipfile.ZipFile(path) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 1
        xml = z.read(charts[0]).decode()
    root = etree.fromstring(xml.encode())
    c = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
    bar = root.find(f".//{c}barChart")
    assert bar is not None and bar.find(f"{c}barDir").get("val") == "col"
    assert len(bar.findall(f"{c}ser")) == 2
    refs = [f.text for f in root.iter(f"{c}f")]
    assert "'Disaggregation'!$B$13:$B$15" in refs or "Disaggregation!$B$13:$B$15" in refs, refs


def test_xlsx_text_is_never_a_formula_and_sheet_names_are_safe():
    report = Report("R", sections=[
        Section("Results: 2024/25 [draft]", [Table(["Name"], [["=HYPERLINK(\"http://x\")"], ["a\x07b"]])]),
        Section("Results: 2024/25 [draft]", [Paragraph("second")]),
        Section("A" * 40, []),
    ])
    buf = io.BytesIO()
    write_xlsx(report, buf)
    buf.seek(0)
    wb = load_workbook(buf)
    assert wb.sheetnames == ["Results- 2024-25 -draft-", "Results- 2024-25 -draft- (2)", "A" * 31]
    ws = wb.worksheets[0]
    assert ws["A5"].value == '=HYPERLINK("http://x")'
    assert ws["A5"].data_type == "s"
    assert ws["A6"].value == "ab"
    buf.seek(0)
    with zipfile.ZipFile(buf) as z:
        assert "<f>" not in z.read("xl/worksheets/sheet1.xml").decode()


def test_table_rejects_ragged_rows():
    with pytest.raises(ValueError, match="row 0 has 1 cells, expected 2"):
        Table(["a", "b"], [[1]])
    with pytest.raises(ValueError, match="no column"):
        Table(["a"], [[1]], number_formats={"b": "0"})
    with pytest.raises(ValueError, match="2 values for 3 categories"):
        Chart("bar", "t", ["a", "b", "c"], [("s", [1, 2])])


# --------------------------------------------------------------------------- PDF


@pytest.fixture(scope="module")
def pdf_bytes():
    buf = io.BytesIO()
    write_pdf(sample_report(), buf)
    return buf.getvalue()


def test_pdf_contains_headers_and_values(pdf_bytes):
    assert pdf_bytes.startswith(b"%PDF-")
    text = pdf_text(pdf_bytes)
    assert len(pdf_page_texts(pdf_bytes)) >= 1
    assert "ILO–China South-South Cooperation: results report 2024" in text
    assert "Generated 2025-03-31 09:30 UTC" in text
    for header in INDICATOR_COLUMNS + SEX_COLUMNS:
        assert header in text, header
    assert "Teachers and students trained" in text
    assert "1,234" in text           # #,##0.## format
    assert "66.67" in text
    assert "55.50" in text           # default two decimals
    assert "59.3%" in text           # 160/270 in 0.0%
    assert "Trained, by sex" in text  # chart title drawn as text
    assert "Cambodia" in text and "Female" in text


def test_pdf_renders_chinese_lao_khmer(pdf_bytes):
    text = pdf_text(pdf_bytes)
    assert CHINESE in text
    if HAVE_LAO:
        assert LAO in text
    if HAVE_KHMER and not load_fonts().shaping:
        # once shaped (uharfbuzz installed), Khmer clusters extract as private-use glyphs
        assert KHMER in text


def test_runs_pick_a_font_per_script():
    fonts = load_fonts()
    runs = reportdoc._runs(f"Lao PDR ({LAO}) {CHINESE} x", fonts)
    assert "".join(t for _, t in runs) == f"Lao PDR ({LAO}) {CHINESE} x"
    by_text = {t.strip(" ()"): f for f, t in runs}
    assert by_text["Lao PDR"] == fonts.base
    assert by_text[CHINESE] == fonts.scripts["cjk"][0]
    if HAVE_LAO:
        assert fonts.scripts["lao"][0] in {f for f, t in runs if LAO in t}
    markup = reportdoc._markup("a < b & c", fonts, fonts.base)
    assert markup == "a &lt; b &amp; c"


@pytest.mark.skipif(not (HAVE_LAO and HAVE_KHMER), reason="Noto Lao/Khmer fonts not installed")
def test_pdf_uses_script_fonts(pdf_bytes):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf_bytes))
    names = set()
    for page in reader.pages:
        fonts = page["/Resources"].get("/Font", {})
        for ref in fonts.values():
            names.add(str(ref.get_object()["/BaseFont"]))
    joined = " ".join(names)
    assert "NotoSansLao" in joined
    assert "NotoSansKhmer" in joined
    # Chinese in an embedded TrueType font (Debian fonts-wqy-microhei, installed by `make`), not the
    # non-embedded CID font that a reader without Chinese fonts cannot show
    assert "WenQuanYi" in joined and "STSong-Light" not in joined
    for page in reader.pages:
        for ref in page["/Resources"].get("/Font", {}).values():
            font = ref.get_object()
            if "WenQuanYi" in str(font["/BaseFont"]):
                assert "/FontFile2" in font["/FontDescriptor"].get_object()  # the glyphs are in the file


def test_pdf_falls_back_without_fonts():
    missing = {
        "base": [("/nonexistent/Base.ttf", None)],
        "lao": [("/nonexistent/Lao.ttf", None)],
        "khmer": [("does-not-exist.ttf", None)],
    }
    fonts = load_fonts(missing)
    assert fonts.base == "Helvetica" and fonts.bold == "Helvetica-Bold"
    assert "lao" not in fonts.scripts and "khmer" not in fonts.scripts
    buf = io.BytesIO()
    write_pdf(sample_report(), buf, fonts=fonts)  # must not raise
    text = pdf_text(buf.getvalue())
    assert "Lao PDR" in text and "Female share" in text


def test_pdf_long_table_repeats_header(tmp_path):
    rows = [[f"Institute {i:03d}", i, i * 10, Decimal(i) / 7] for i in range(200)]
    report = Report("Long table", sections=[
        Section("Institutes", [Table(["Institute name", "Courses", "Trainees", "Ratio"], rows)]),
    ])
    path = tmp_path / "long.pdf"
    write_pdf(report, path)
    pages = pdf_page_texts(path)
    assert len(pages) >= 3
    for page in pages:
        assert "Institute name" in page and "Trainees" in page
    assert "Institute 000" in pages[0]
    assert "Institute 199" in pages[-1]
    assert "Institute 199" not in pages[0]
    assert pdf_text(str(path)) == pdf_text(path.read_bytes())


def test_pdf_line_and_stacked_charts_and_empty_chart():
    report = Report("Charts", sections=[Section("Trends", [
        Chart("line", "Enrolment by year", ["2022", "2023", "2024"],
              [("Lao PDR", [10, None, 30]), ("Cambodia", [5, 15, 25])], unit="people"),
        Chart("stacked_bar", "By sex", ["LA", "KH"], [("Female", [3, 4]), ("Male", [2, 1])]),
        Chart("bar", "Nothing yet", ["LA"], [("Female", [None])]),
        Paragraph("Escaping <b>is</b> & stays text."),
    ])])
    buf = io.BytesIO()
    write_pdf(report, buf)
    text = pdf_text(buf.getvalue())
    assert "Enrolment by year" in text and "2023" in text
    assert "By sex" in text
    assert "Nothing yet: no data" in text
    assert "Escaping <b>is</b> & stays text." in text


def test_format_number():
    f = reportdoc.format_number
    assert f(1234567, "#,##0") == "1,234,567"
    assert f(0.4567, "0.0%") == "45.7%"
    assert f(12.5, "#,##0.##") == "12.5"
    assert f(12, "#,##0.00") == "12.00"
    assert f(1500) == "1,500"
    assert f(1.5) == "1.50"
    assert f(None) == ""


# --------------------------------------------------------------------------- SVG charts

SVG = "{http://www.w3.org/2000/svg}"


def test_svg_bar_chart_accessible_with_links_and_escaping():
    svg = svg_bar_chart(
        ["Lao PDR", "Cambodia <KH>", "Indonesia"],
        [("Female & girls", [160, 90, None]), ("Male", [110, 70, 28])],
        title='Trained "by sex" <2024>',
        unit="people",
        links={
            ("Female & girls", "Lao PDR"): "/results/indicators/1/?country=LA&sex=female",
            ("Male", "Indonesia"): "https://example.org/records?c=ID",
            ("Male", "Lao PDR"): "javascript:alert(1)",
        },
    )
    root = etree.fromstring(svg.encode())
    assert root.tag == SVG + "svg"
    assert root.get("role") == "group"  # it holds links: an image may not (axe: nested-interactive)
    assert root.get("style") is None  # no inline style: the CSP would block it
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(SVG + "title").get("id") == title_id
    assert root.find(SVG + "title").text == 'Trained "by sex" <2024>'
    desc = root.find(SVG + "desc").text
    assert "Female & girls — Lao PDR: 160, Cambodia <KH>: 90, Indonesia: no data" in desc
    bars = root.findall(f".//{SVG}rect[@class]")
    bars = [b for b in bars if "sk-bar" in b.get("class")]
    assert len(bars) == 5  # one value is None
    tips = [b.find(SVG + "title").text for b in bars]
    assert "Female & girls – Cambodia <KH>: 90 people" in tips
    links = root.findall(f".//{SVG}a")
    assert [a.get("href") for a in links] == [
        "/results/indicators/1/?country=LA&sex=female",
        "https://example.org/records?c=ID",
    ]
    assert links[0].find(SVG + "rect") is not None
    assert "javascript" not in svg
    assert "<script" not in svg and "@import" not in svg and "url(" not in svg
    assert "Cambodia &lt;KH&gt;" in svg
    labels = [t.text for t in root.iter(SVG + "text")]
    assert "Cambodia <KH>" in labels


def test_svg_stacked_and_negative_values():
    svg = svg_bar_chart(["a", "b"], [("x", [3, -2]), ("y", [4, 1])], title="t", stacked=True)
    root = etree.fromstring(svg.encode())
    heights = [float(r.get("height")) for r in root.iter(SVG + "rect") if "sk-bar" in (r.get("class") or "")]
    assert len(heights) == 4 and all(h > 0 for h in heights)


def test_svg_line_chart():
    svg = svg_line_chart(
        ["2022", "2023", "2024"],
        [("Enrolled", [10, None, 30]), ("Completed", [5, 15, 25])],
        title="Enrolment", unit="people",
        links={("Completed", "2023"): "/records/?year=2023"},
    )
    root = etree.fromstring(svg.encode())
    assert root.get("role") == "group"
    points = [c for c in root.iter(SVG + "circle")]
    assert len(points) == 5
    assert [c.find(SVG + "title").text for c in points][:2] == ["Enrolled – 2022: 10 people", "Enrolled – 2024: 30 people"]
    # the gap splits the first series; the second is one polyline
    assert len(root.findall(f".//{SVG}polyline")) == 1
    assert root.find(f".//{SVG}a").get("href") == "/records/?year=2023"


def test_svg_ids_unique_per_chart_and_stable():
    a = svg_bar_chart(["x"], [("s", [1])], title="A")
    b = svg_bar_chart(["x"], [("s", [2])], title="A")
    assert a == svg_bar_chart(["x"], [("s", [1])], title="A")
    ida = etree.fromstring(a.encode()).get("aria-labelledby")
    idb = etree.fromstring(b.encode()).get("aria-labelledby")
    assert ida != idb


def test_count_axes_have_whole_numbers_only():
    import re

    from skillsnet.results.charts import svg_bar_chart

    svg = svg_bar_chart(["2022", "2023"], [("People", [1, 2])], title="People trained", unit="people")
    ticks = re.findall(r'<text[^>]*text-anchor="end"[^>]*>([^<]+)</text>', svg)
    assert ticks and all(t.replace(",", "").isdigit() for t in ticks), ticks
    assert 'role="img"' in svg  # no link: an image
