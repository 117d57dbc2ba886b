"""`skillsnet report` of the demo project: the XLSX and the PDF opened and read back; no word of a header (nor a
number) broken across lines; in the user's language."""
import re

import openpyxl
import pytest
from django.core.management import call_command

from skillsnet.core.demo import load_demo
from skillsnet.results.reportdoc import pdf_page_texts

HEADERS = ["Code", "Indicator", "Baseline", "Baseline year", "Target", "Actual", "% of target",
           "Life-of-project target", "Cumulative actual", "Since approval", "Notes", "Breakdown", "Cell", "Value",
           "Numerator", "Denominator", "Subject", "As reported", "Reported", "Recorded", "Agrees",
           "Countries and notes", "Source", "Funder", "Budget (USD)", "Received or committed (USD)",
           "Spent (USD)", "Balance (USD)", "Burn rate"]


@pytest.fixture
def demo(db, reference):
    load_demo()


def test_demo_report_xlsx_and_pdf(demo, tmp_path):
    xlsx, pdf = tmp_path / "demo.xlsx", tmp_path / "demo.pdf"
    call_command("report", "--project", "ilo-china-skills", "-o", str(xlsx))
    call_command("report", "--project", "ilo-china-skills", "-o", str(pdf))
    wb = openpyxl.load_workbook(xlsx)
    assert ["Results", "Disaggregations", "Reported vs recorded", "Funding"] == wb.sheetnames
    results = [[c.value for c in r] for r in wb["Results"].iter_rows()]
    header = next(r for r in results if r and r[0] == "Code")
    assert header[:8] == ["Code", "Indicator", "Baseline", "Baseline year", "Target", "Actual", "% of target",
                          "Life-of-project target"]
    codes = [r[0] for r in results if r and r[0] in ("1a", "1.1a", "1.2a", "Ga")]
    assert codes == ["Ga", "1a", "1.1a", "1.2a"]
    funding = [[c.value for c in r] for r in wb["Funding"].iter_rows()]
    assert any(r[0] == "Government of China" for r in funding if r)

    pages = pdf_page_texts(pdf.read_bytes())
    tokens = {t for page in pages for t in page.split()}
    for header in HEADERS:
        for word in header.split():
            assert word in tokens, f"{word!r} of the header {header!r} is broken or missing"
    text = "\n".join(pages)
    assert "5,000,000" in tokens and "4,000,000" in tokens  # numbers stay whole
    assert "All time: live figures" in " ".join(text.split())
    assert not re.search(r"\b[A-Z][a-z]{1,3}\n[a-z]{1,3}\b", text)  # no "Cod\ne"-like splits anywhere


def test_demo_report_in_lao_embeds_the_lao_font(demo, tmp_path):
    from django.utils import translation
    from pypdf import PdfReader

    pdf = tmp_path / "demo-lo.pdf"
    with translation.override("lo"):
        call_command("report", "--project", "ilo-china-skills", "-o", str(pdf))
    reader = PdfReader(str(pdf))
    fonts = {str(ref.get_object()["/BaseFont"]) for page in reader.pages
             for ref in page["/Resources"].get("/Font", {}).values()}
    assert any("NotoSansLao" in f for f in fonts), fonts
