"""Donor report (XLSX, PDF) and the IATI file, through the CLI and the web."""
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command
from django.test import Client

from skillsnet.core import services as core
from skillsnet.funding.models import BudgetLine, Contribution, ExchangeRate, Transaction
from skillsnet.results import iati
from skillsnet.results.models import ReportedFigure, Source, Target
from skillsnet.results.reportdoc import pdf_text


@pytest.fixture
def filled(project, node, period2024, make_indicator, training, system_user, orgs):
    ind = make_indicator("1.1a", name="Teachers and students trained", disaggregations=["sex", "country"])
    core.create_object(system_user, Target, {"indicator": ind, "period": period2024, "value": 10})
    training("Ms A", sex="female")
    training("Mr B", sex="male", org="cn")
    src = core.create_object(system_user, Source, {"title": "Network news", "publisher": "ILO News",
                                                   "url": "https://example.org/news", "published": "2024-06-01"})
    core.create_object(system_user, ReportedFigure, {
        "project": project, "indicator": ind, "counts": "persons_trained", "statement": "more than 577 trained",
        "value": 577, "qualifier": "more_than", "source": src})
    funder = orgs["cn"]
    c = core.create_object(system_user, Contribution, {"project": project, "funder": funder, "amount": 1000,
                                                       "currency": "CNY", "date": "2024-02-01"})
    core.create_object(system_user, ExchangeRate, {"currency": "CNY", "date": datetime.date(2024, 1, 1),
                                                   "rate_to_usd": Decimal("0.14")})
    line = core.create_object(system_user, BudgetLine, {"project": project, "output": node, "funder": funder,
                                                        "amount": 500, "currency": "USD",
                                                        "period_start": datetime.date(2024, 1, 1),
                                                        "period_end": datetime.date(2024, 12, 31)})
    core.create_object(system_user, Transaction, {"project": project, "type": "11", "date": "2024-02-01",
                                                  "amount": 1000, "currency": "CNY", "provider": funder,
                                                  "contribution": c})
    core.create_object(system_user, Transaction, {"project": project, "type": "4", "date": "2024-07-01",
                                                  "amount": 70, "currency": "USD", "budget_line": line})
    core.create_object(system_user, Transaction, {"project": project, "type": "3", "date": "2024",
                                                  "amount": 10, "currency": "USD", "budget_line": line})
    return ind


def test_iati_file_validates_against_the_xsd(filled, project, tmp_path):
    out = tmp_path / "p1.xml"
    call_command("export-iati", "--project", "p1", "-o", str(out))
    xml = out.read_bytes()
    assert iati.validate(xml) == []
    activity = iati.parse_activities_xml(xml)[0]
    assert activity.identifier == "XM-DAC-41302-p1"
    assert [d.type for d in activity.activity_dates] == ["2", "3"]
    assert sorted(c.code for c in activity.recipient_countries) == ["KH", "LA"]
    assert [t.type for t in activity.transactions] == ["11", "4"]  # the one dated only "2024" is left out
    indicator = activity.results[0].indicators[0]
    period = indicator.periods[0]
    assert period.targets[0].value == 10 and period.actuals[0].value == 2
    assert {(d.value, v.value) for v in period.actuals[1:] for d in v.dimensions if d.name == "sex"} == {
        ("female", 1), ("male", 1)}
    assert activity.document_links[0].url == "https://example.org/news"


def test_iati_export_flags_unknown_dates_instead_of_inventing_them(project, system_user):
    from skillsnet.results.export import export_project

    core.update_object(system_user, type(project), project.pk, {"start": "2021", "end": ""},
                       expected_version=project.version)
    result = export_project(type(project).objects.get(pk=project.pk))
    assert not result.valid and any("2021" in p for p in result.problems)
    assert b"2021-01-01" not in result.xml


def test_donor_report_xlsx_holds_the_expected_cells(filled, tmp_path):
    out = tmp_path / "report.xlsx"
    call_command("report", "--project", "p1", "--period", "2024", "-o", str(out))
    wb = openpyxl.load_workbook(out)
    assert {"Results", "Disaggregations", "Reported vs recorded", "Funding"} <= set(wb.sheetnames)
    rows = [[c.value for c in r] for r in wb["Results"].iter_rows()]
    header = next(r for r in rows if r and r[0] == "Code")
    row = next(r for r in rows if r and r[0] == "1.1a")
    record = dict(zip(header, row))
    assert record["Indicator"] == "Teachers and students trained"
    assert record["Target"] == 10 and record["Actual"] == 2 and record["% of target"] == 20
    breakdown = [[c.value for c in r] for r in wb["Disaggregations"].iter_rows()]
    assert ["1.1a", "sex × country", "female · Laos", 1, None, None] in breakdown
    reported = [[c.value for c in r] for r in wb["Reported vs recorded"].iter_rows()]
    row = next(r for r in reported if r and r[0] == "1.1a")
    assert row[3] == 577 and row[4] == 2 and row[5] == "no"
    funding = [[c.value for c in r] for r in wb["Funding"].iter_rows()]
    by_funder = next(r for r in funding if r and r[0] == "Tianjin Electronic Information Technician College")
    assert by_funder[1:5] == [500, 140, 80, 60]  # budget, received (1000 CNY × 0.14), spent, balance


def test_donor_report_pdf_holds_the_same_tables(filled, tmp_path):
    out = tmp_path / "report.pdf"
    call_command("report", "--project", "p1", "--period", "2024", "-o", str(out))
    text = " ".join(pdf_text(out.read_bytes()).split())  # table cells wrap lines
    for expected in ("Teachers and students trained", "Reported vs recorded", "577", "By funder",
                     "Funding against spending", "female · Laos"):
        assert expected in text, expected


def test_web_framework_report_and_iati_downloads(filled, project, users):
    client = Client()
    client.force_login(users["secretariat_admin"])
    page = client.get(f"/results/projects/{project.pk}/framework/?period=2024")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Teachers and students trained" in html and "disagrees" in html
    xlsx = client.get(f"/results/projects/{project.pk}/report.xlsx?period=2024")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxml")
    assert client.get(f"/results/projects/{project.pk}/report.pdf").content[:5] == b"%PDF-"
    xml = client.get(f"/results/projects/{project.pk}/iati.xml")
    assert xml.status_code == 200 and iati.validate(xml.content) == []


def test_api_iati_download_with_token(filled, project, api_as):
    response = api_as("viewer").get(f"/results/api/projects/{project.pk}/iati.xml")
    assert response.status_code == 200 and iati.validate(response.content) == []
    assert api_as("anonymous").get(f"/results/api/projects/{project.pk}/iati.xml").status_code in (401, 403)


def test_dashboard_links_every_figure_to_its_records(filled, users):
    client = Client()
    client.force_login(users["secretariat_admin"])
    html = client.get("/results/dashboard/?year=2024").content.decode()
    assert "<svg" in html and "/people/participations/?completed=true&amp;country=LA" in html
    assert "/funding/transactions/?project=" in html
    assert client.get("/").status_code == 200
    assert "/results/dashboard/" in client.get("/").content.decode()  # menu link


def test_dashboard_count_charts_have_whole_number_axes(filled, users):
    """Two people trained (one a chart bar each): the count axes go 0, 1 — never 0.2, 0.4 … nor 2.5."""
    import re

    client = Client()
    client.force_login(users["secretariat_admin"])
    html = client.get("/results/dashboard/?year=2024").content.decode()
    charts = re.findall(r"<svg [^>]*class=\"sk-chart.*?</svg>", html, re.S)
    counted = [c for c in charts if "Funding" not in c]
    assert len(counted) >= 2, [re.search(r"<title[^>]*>([^<]*)", c).group(1) for c in charts]
    for chart in counted:
        ticks = re.findall(r'class="sk-tick"[^>]*>([^<]+)<', chart)
        assert ticks and all(t.replace(",", "").isdigit() for t in ticks), (chart[:200], ticks)
    people = next(c for c in counted if "People trained by sex and country" in c)
    assert re.findall(r'class="sk-tick"[^>]*>([^<]+)<', people) == ["0", "1"]


def test_sources_export_to_xlsx_and_csv_for_every_role(users, system_user):
    """A source without an uploaded file exported (it once failed with a 500)."""
    from skillsnet.results.models import Source

    core.create_object(system_user, Source, {"title": "An article", "publisher": "ILO", "published": "2024-01"})
    for role in ("secretariat_admin", "viewer"):
        client = Client()
        client.force_login(users[role])
        response = client.get("/results/sources/?export=xlsx")
        assert response.status_code == 200, role
        wb = openpyxl.load_workbook(io.BytesIO(response.content))
        rows = [[c.value for c in r] for r in wb.active.iter_rows()]
        header = rows[0]
        record = dict(zip(header, next(r for r in rows[1:] if "An article" in r)))
        assert record["publisher"] == "ILO" and record["file"] in ("", None)
        assert client.get("/results/sources/?export=csv").status_code == 200
