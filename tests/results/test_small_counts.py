"""Small counts of people in the results framework: a count of 1–4 shows as "< 5" to roles without personal data,
and no such count may be worked out by subtraction from what is shown beside it — the total, a per-cell target's
sum, the other chart of the dashboard, a percentage of target, the ratio of a source's figure — on the page, in
the API, the donor report and the IATI file alike. Expectations are written by hand from the data each test
makes."""
import io
import re

import openpyxl
import pytest
from django.test import Client
from lxml import etree

from skillsnet.core import services as core
from skillsnet.core.privacy import AT_LEAST, MASK, suppressed
from skillsnet.results import services
from skillsnet.results.models import ReportedFigure, Source, Target

L, G = MASK, AT_LEAST


def test_suppression_hides_whatever_subtraction_would_give_back():
    # one breakdown and its total: the lone 1 masked, the smallest count of five or more hidden beside it
    assert suppressed([6, 1, 8, 7], [[0, 1, 2, 3]]) == ([G, L, 8, 7], set())
    # two masked counts adding up to five or more protect each other
    assert suppressed([3, 2, 9], [[0, 1, 2]]) == ([L, L, 9], set())
    # two masked counts adding up to less than five: one more is hidden
    assert suppressed([1, 2, 9, 6], [[0, 1, 2, 3]]) == ([L, L, 9, G], set())
    # cells the user may see exactly are never masked; nothing left to hide: the group is reported unprotected
    assert suppressed([1, 3], [[0, 1]], exact=[False, True]) == ([L, 3], {0})
    # a cross-table with both margins published: hiding a cell for one margin enters another, until all hold
    #        LA  CN | sums: female (0, 1), male (2, 3), LA (0, 2), CN (1, 3)
    # female  6   8
    # male    1   7
    cells, unprotected = suppressed([6, 8, 1, 7], [[0, 1], [2, 3], [0, 2], [1, 3]])
    assert cells == [G, G, L, G] and unprotected == set()
    assert suppressed([0, None, 5], [[0, 1, 2]]) == ([0, None, 5], set())


def test_suppression_leaves_no_masked_count_pinned_down_by_the_markers():
    # "< 5" is 1 to 4: two of them beside their total 8 are 4 and 4, read as surely as by subtraction; nothing else
    # to hide, so the total may not be shown
    assert suppressed([4, 4], [[0, 1]]) == ([L, L], {0})
    # with a cell of five or more beside them, it is hidden too: 8 + (at least 5) no longer pins either down
    assert suppressed([4, 4, 20], [[0, 1, 2]]) == ([L, L, G], set())
    # hiding the 5 beside the 1 leaves 6 = "< 5" + "≥ 5": the 1 is pinned down (6 - 5); the 7 is hidden instead
    # (1 + 7 = 8: the masked cell could be 1 to 3)
    assert suppressed([5, 1, 8, 7], [[0, 1, 2, 3]]) == ([5, L, 8, G], set())
    # 3 and 3 of 6 leave each 2 to 4: not pinned down, nothing more hidden
    assert suppressed([3, 3, 9], [[0, 1, 2]]) == ([L, L, 9], set())


@pytest.fixture
def trained(training, make_indicator, period2024, system_user):
    """Completions in 2024 — women: 6 from Laos, 8 from China; men: 1 from Laos, 7 from China (22 in all) — counted
    by an indicator by sex and country, with a target of 44 and one for the women (28)."""
    ind = make_indicator("T1", disaggregations=["sex", "country"])
    for sex, org, n in (("female", "own", 6), ("female", "cn", 8), ("male", "own", 1), ("male", "cn", 7)):
        for i in range(n):
            training(f"{sex} {org} {i}", sex=sex, org=org)
    core.create_object(system_user, Target, {"indicator": ind, "period": period2024, "value": 44})
    core.create_object(system_user, Target, {"indicator": ind, "period": period2024, "value": 28,
                                             "breakdown": "sex=female"})
    return ind


def _cells(indicator_json):
    return {(c["dims"]["sex"], c["dims"]["country"]): c["value"] for c in indicator_json["live"]["cells"]}


def test_framework_api_hides_every_cell_subtraction_would_give_back(trained, project, api_as):
    url = f"/api/results/projects/{project.pk}/framework/?period=2024"
    exact = api_as("secretariat_admin").get(url).json()["results"][0]["indicators"][0]
    assert _cells(exact) == {("female", "LA"): "6", ("female", "CN"): "8", ("male", "LA"): "1",
                             ("male", "CN"): "7"}
    assert exact["live"]["total"] == "22" and exact["pct_of_target"] == "50.0"
    assert [(t["actual"], t["pct_of_target"]) for t in exact["cell_targets"]] == [("14", "50.0")]
    shown = api_as("viewer").get(url).json()["results"][0]["indicators"][0]
    # the one man from Laos is masked; 22 - (6 + 8 + 7) would give him back, so the six women from Laos are hidden;
    # the women's target shows their sum (14): 14 - 8 would give the six back, so the eight are hidden too
    assert _cells(shown) == {("female", "LA"): G, ("female", "CN"): G, ("male", "LA"): L, ("male", "CN"): "7"}
    assert shown["live"]["total"] == "22" and shown["value"] == "22" and shown["pct_of_target"] == "50.0"
    assert [(t["actual"], t["pct_of_target"]) for t in shown["cell_targets"]] == [("14", "50.0")]
    # a focal point (personal data of its own institution only) reads the network's counts as a viewer does
    assert _cells(api_as("focal_point").get(url).json()["results"][0]["indicators"][0]) == _cells(shown)
    # the indicator's actuals, period by period, follow the same rules
    actuals = api_as("viewer").get(f"/api/results/indicators/{trained.pk}/actuals/").json()
    period = next(p for p in actuals["periods"] if p["period"] == "2024")
    assert {(c["dims"]["sex"], c["dims"]["country"]): c["value"] for c in period["live"]["cells"]} == _cells(shown)


def test_a_percentage_of_target_does_not_give_a_masked_count_back(training, make_indicator, period2024, project,
                                                                  system_user, api_as):
    ind = make_indicator("T2", disaggregations=[])
    core.create_object(system_user, Target, {"indicator": ind, "period": period2024, "value": 10})
    for i in range(3):
        training(f"Teacher {i}")
    url = f"/api/results/projects/{project.pk}/framework/?period=2024"
    exact = api_as("secretariat_admin").get(url).json()["results"][0]["indicators"][0]
    assert (exact["value"], exact["pct_of_target"]) == ("3", "30.0")
    shown = api_as("viewer").get(url).json()["results"][0]["indicators"][0]
    assert (shown["value"], shown["pct_of_target"]) == (L, None)  # 30 % of a target of 10 would say 3


def test_a_percentage_over_a_masked_count_is_not_shown(training, make_indicator, period2024, project, api_as):
    make_indicator("P1", unit="percentage", filters={"sex": ["female"]}, denominator_measure="persons_completed",
                   denominator_filters={}, disaggregations=["country"])
    for i in range(6):
        training(f"Woman LA {i}", sex="female", org="own")
    for i in range(2):
        training(f"Man LA {i}", sex="male", org="own")
    training("Woman CN", sex="female", org="cn")
    for i in range(5):
        training(f"Man CN {i}", sex="male", org="cn")
    url = f"/api/results/projects/{project.pk}/framework/?period=2024"
    exact = api_as("secretariat_admin").get(url).json()["results"][0]["indicators"][0]["live"]
    assert {c["dims"]["country"]: (c["value"], c["numerator"], c["denominator"]) for c in exact["cells"]} == {
        "LA": ("75.00", "6", "8"), "CN": ("16.67", "1", "6")}
    shown = api_as("viewer").get(url).json()["results"][0]["indicators"][0]["live"]
    # China's one woman is masked, and so Laos's six (7 women in all would give her back); a percentage whose
    # numerator is hidden is not shown (16.67 % of 6 would say 1); the denominators, 8 and 6, show
    assert {c["dims"]["country"]: (c["value"], c["numerator"], c["denominator"]) for c in shown["cells"]} == {
        "LA": ("—", G, "8"), "CN": ("—", L, "6")}
    assert (shown["total"], shown["numerator"], shown["denominator"]) == ("50.00", "7", "14")


def _breakdown(html):
    items = re.findall(r'<ul class="breakdown">(.*?)</ul>', html, re.S)
    return [re.sub(r"<[^>]+>", "", li).strip() for li in re.findall(r"<li>(.*?)</li>", items[0], re.S)]


def test_framework_page_shows_the_same_as_the_api(trained, project, users):
    client = Client()
    client.force_login(users["viewer"])
    html = client.get(f"/results/projects/{project.pk}/framework/?period=2024").content.decode()
    assert sorted(_breakdown(html)) == sorted(["female · China: ≥ 5", "female · Laos: ≥ 5",
                                               "male · China: 7", "male · Laos: &lt; 5"])
    client.force_login(users["secretariat_admin"])
    html = client.get(f"/results/projects/{project.pk}/framework/?period=2024").content.decode()
    assert sorted(_breakdown(html)) == sorted(["female · China: 8", "female · Laos: 6", "male · China: 7",
                                               "male · Laos: 1"])


def _sheet_rows(content, title):
    wb = openpyxl.load_workbook(io.BytesIO(content))
    for ws in wb.worksheets:
        rows = [[c for c in row] for row in ws.iter_rows(values_only=True)]
        if any(title in (str(c) if c is not None else "") for row in rows for c in row):
            return rows
    raise AssertionError(f"no sheet holds {title!r}")


def test_donor_report_hides_the_same_cells_and_draws_no_bar_for_them(trained, project, users):
    client = Client()
    client.force_login(users["viewer"])
    response = client.get(f"/results/projects/{project.pk}/report.xlsx?period=2024")
    assert response.status_code == 200
    rows = _sheet_rows(response.content, "Actuals by disaggregation")
    cells = {(r[2], r[3]) for r in rows if r[:1] == ["T1"] and r[2] and "target" not in str(r[1])}
    assert cells == {("female · Laos", G), ("female · China", G), ("male · Laos", L), ("male · China", 7)}
    # the chart's data table (category × sex) leaves the hidden bars empty
    chart = _sheet_rows(response.content, "Category")
    header = next(r for r in chart if "Category" in r and "female" in r)
    at = chart.index(header)
    data = {r[header.index("Category")]: r for r in chart[at + 1:at + 3]}
    female, male = header.index("female"), header.index("male")
    assert (data["China"][female], data["China"][male]) == (None, 7)
    assert (data["Laos"][female], data["Laos"][male]) == (None, None)
    client.force_login(users["secretariat_admin"])
    rows = _sheet_rows(client.get(f"/results/projects/{project.pk}/report.xlsx?period=2024").content,
                       "Actuals by disaggregation")
    assert {(r[2], r[3]) for r in rows if r[:1] == ["T1"] and r[2] and "target" not in str(r[1])} == {
        ("female · Laos", 6), ("female · China", 8), ("male · Laos", 1), ("male · China", 7)}


def test_recorded_count_beside_a_source_figure_is_masked_with_its_ratio(training, project, system_user, api_as,
                                                                        users):
    for i in range(3):
        training(f"Teacher {i}")
    source = core.create_object(system_user, Source, {"title": "Article", "url": "https://example.org/a"})
    core.create_object(system_user, ReportedFigure, {
        "project": project, "counts": "persons_trained", "statement": "10 trained", "value": 10, "source": source,
        "period_start": "2024", "period_end": "2024"})
    exact = api_as("secretariat_admin").get("/api/results/reported-vs-recorded/").json()
    assert [(f["reported"], f["recorded"], f["ratio"]) for f in exact] == [("10.00", "3", "0.300")]
    shown = api_as("viewer").get("/api/results/reported-vs-recorded/").json()
    assert [(f["reported"], f["recorded"], f["ratio"]) for f in shown] == [("10.00", L, None)]


def test_iati_file_leaves_out_what_the_user_may_not_see(training, make_indicator, period2024, project, users,
                                                        system_user):
    make_indicator("T3", disaggregations=["sex"])
    for i in range(6):
        training(f"Woman {i}", sex="female")
    training("Man", sex="male")

    def actuals(role):
        client = Client()
        client.force_login(users[role])
        response = client.get(f"/results/projects/{project.pk}/iati.xml")
        assert response.status_code == 200, response.content[:500]
        root = etree.fromstring(response.content)
        out = []
        for actual in root.iter("actual"):
            dim = actual.find("dimension")
            out.append((dim.get("value") if dim is not None else "total", actual.get("value")))
        return sorted(out), response
    exact, _response = actuals("secretariat_admin")
    assert exact == [("female", "6"), ("male", "1"), ("total", "7")]
    shown, response = actuals("viewer")
    assert shown == [("total", "7")]  # 7 with one of them given would give the other
    assert response["X-IATI-Left-Out"]


def test_dashboard_does_not_draw_a_count_the_other_chart_gives_back(trained, users):
    client = Client()
    client.force_login(users["viewer"])
    html = client.get("/results/dashboard/?year=2024").content.decode()
    notes = re.findall(r'<p class="note">(.*?)</p>', html, re.S)
    by_country = next(n for n in notes if "male · Laos" in n or "male · LA" in n)
    # the men: 1 in Laos (masked), 7 in China; the per-year chart draws 8 men in 2024: 8 - 7 would give the one
    # back, so the seven are not drawn either; the women (6, 8) are both drawn
    assert re.search(r"male · LA: &lt; 5", by_country) and re.search(r"male · CN: ≥ 5", by_country)
    assert "female" not in by_country


def test_dashboard_gives_back_no_count_an_activity_page_hides(training, orgs, system_user, users):
    """2024: the training of trainers (7 men completed; its page shows 7) and a welding course (2 men; its page
    shows "< 5"). The per-year chart would draw 9 men in 2024, and 9 - 7 gives the course's 2 back: the point is
    not drawn ("≥ 5"), nor the one bar (men from Laos, 9) that adds up to it; the secretariat sees both."""
    import datetime

    from skillsnet.activities import services as activity_services

    for i in range(7):
        training(f"Trainer {i}", sex="male")
    course = activity_services.create_activity(system_user, {
        "title": "Welding course", "kind": "training_programme", "start": datetime.date(2024, 6, 3),
        "host": orgs["own"]})
    for i in range(2):
        training(f"Welder {i}", sex="male", activity=course)
    client = Client()
    assert "&lt; 5 people in roles" in client.get(f"/activities/activities/{course.pk}/").content.decode()
    client.force_login(users["viewer"])
    html = client.get("/results/dashboard/?year=2024").content.decode()
    notes = " ".join(re.findall(r'<p class="note">(.*?)</p>', html, re.S))
    assert "male · 2024: ≥ 5" in notes and "male · LA: ≥ 5" in notes
    client.force_login(users["secretariat_admin"])
    html = client.get("/results/dashboard/?year=2024").content.decode()
    assert not re.findall(r'<p class="note">Not drawn', html)


def test_framework_gives_back_no_count_an_activity_page_hides(training, make_indicator, period2024, project, orgs,
                                                               system_user, api_as):
    """The project's 2024: 7 women completed the training of trainers (its page shows 7), 2 men a welding course
    attributed to the project too (its page shows "< 5"). The indicator's total, 9, minus the training's 7 would
    give the course's 2 back: the total shows "≥ 5", and so does the women's row, which would be the total minus
    the men's "< 5" otherwise (a reader knows the men are the course's). The secretariat reads 9, 7 and 2."""
    import datetime

    from skillsnet.activities import services as activity_services
    from skillsnet.results.models import Attribution

    make_indicator("T2")
    for i in range(7):
        training(f"Teacher {i}", sex="female")
    course = activity_services.create_activity(system_user, {
        "title": "Welding course", "kind": "training_programme", "start": datetime.date(2024, 6, 3),
        "host": orgs["own"]})
    core.create_object(system_user, Attribution, {"activity": course, "project": project})
    for i in range(2):
        training(f"Welder {i}", sex="male", activity=course)
    url = f"/api/results/projects/{project.pk}/framework/?period=2024"

    def figures(client):
        item = client.get(url).json()["results"][0]["indicators"][0]
        return item["live"]["total"], {c["dims"]["sex"]: c["value"] for c in item["live"]["cells"]}
    assert figures(api_as("secretariat_admin")) == ("9", {"female": "7", "male": "2"})
    assert figures(api_as("viewer")) == (G, {"female": G, "male": L})


def test_every_measure_that_counts_people_says_so():
    """Written from the measures' definitions: these count people (or their participations), the rest do not."""
    from skillsnet.results.measures import MEASURES
    from skillsnet.results.models import Indicator
    from skillsnet.results.privacy import counts_people

    people = {"persons_completed", "persons_enrolled", "persons_assessed", "persons_passed", "completions",
              "credentials_issued", "placements", "completers_employed_training_related_6m", "completers_traced_6m"}
    assert {code for code, m in MEASURES.items() if m.people} == people
    assert counts_people(Indicator(method="computed", measure="activities", unit="percentage",
                                   denominator_measure="completers_traced_6m"))
    assert not counts_people(Indicator(method="computed", measure="training_hours"))
    assert not counts_people(Indicator(method="manual", measure="persons_completed"))


def test_an_approved_small_value_and_its_drift_are_hidden_together(training, make_indicator, period2024, project,
                                                                   users, api_as):
    ind = make_indicator("T4", disaggregations=["sex"])
    for i in range(3):
        training(f"Woman {i}", sex="female")
    services.submit_period(users["secretariat_admin"], period2024.pk)
    services.approve_period(users["secretariat_admin"], period2024.pk)
    training("Late woman", sex="female")
    url = f"/api/results/projects/{project.pk}/framework/?period=2024"
    exact = api_as("secretariat_admin").get(url).json()["results"][0]["indicators"][0]["approved"]
    assert (exact["total"], exact["live_same_definition"], exact["drift"]) == ("3", "4", "1")
    shown = api_as("viewer").get(url).json()["results"][0]["indicators"][0]["approved"]
    assert (shown["total"], shown["live_same_definition"], shown["drift"]) == (L, L, "—")
    client = Client()
    client.force_login(users["viewer"])
    page = client.get(f"/results/projects/{project.pk}/framework/?period=2024")
    html = page.content.decode()
    assert page.status_code == 200 and "the records now give &lt; 5, — since approval" in html
    assert ind.code in html
