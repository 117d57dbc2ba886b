"""The demo shows recognition: qualifications of the seed countries in the seed fields, each with its published
source, units only where the source lists them, and a recognition page that offers them."""
import json

import pytest

from skillsnet.core.changelog import change_context
from skillsnet.recognition import demo
from skillsnet.recognition.models import CompetencyUnit, Qualification, QualificationUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_loaded(system_user):
    with change_context("demo"):
        demo.load(system_user)


def test_every_demo_qualification_names_its_source_and_nothing_else_is_filled_in(demo_loaded):
    entries = demo.demo_qualifications()
    assert {e["country"] for e in entries} == {"CN", "LA", "MM"}
    assert Qualification.objects.count() == len(entries)
    for entry in entries:
        q = Qualification.objects.get(country=entry["country"], title=entry["title"]["en"])
        assert q.source_url.startswith("http") and q.source_title == entry["source_title"]
        assert (q.level is None) == (entry["level"] is None)
        assert (q.isco_occupation_id or None) == entry["isco"] and q.isced_field_id is None
        units = list(QualificationUnit.objects.filter(qualification=q).values_list("unit__code", "unit__title"))
        assert sorted(units) == sorted((code, title) for code, title, _group in entry["units"])
        for unit in CompetencyUnit.objects.filter(qualification_entries__qualification=q):
            assert unit.learning_outcomes == [] and unit.nominal_hours is None  # the sources give neither
            assert unit.source_url == q.source_url


def test_demo_sources_are_the_published_documents(demo_loaded):
    lao = Qualification.objects.get(title="Auto Mechanic Level 1 (Automotive Service and Repair)")
    assert lao.level.framework.code == "LA-NVQF" and lao.level.code == "cert1" and lao.status == "draft"
    assert lao.isco_occupation_id == "7231" and lao.unit_entries.count() == 17
    electrician = Qualification.objects.get(title="Electrician (Control Panel Assembly Work), Level 2")
    assert electrician.level.framework.code == "MM-NSQF" and electrician.level.reference.aqrf_level is None
    assert "EE-ELC-206I1" in electrician.units.values_list("code", flat=True)
    chinese = Qualification.objects.get(title_zh_hans="汽车维修工（高级工）")
    assert chinese.level.code == "senior" and chinese.unit_entries.count() == 0


def test_loading_the_demo_twice_changes_nothing(demo_loaded, system_user):
    from skillsnet.core.models import ChangeLogEntry

    count = ChangeLogEntry.objects.count()
    with change_context("demo"):
        demo.load(system_user)
    assert ChangeLogEntry.objects.count() == count


def test_the_demo_recognition_page_offers_qualifications_and_compares(client, demo_loaded, users):
    client.force_login(users["secretariat_admin"])
    html = client.get("/recognition/assess/").content.decode()
    for title in ("Auto Mechanic Level 2 (Automotive Service and Repair)",
                  "Electrician (Control Panel Assembly Work), Level 1", "Industrial robot system operator"):
        assert title in html
    for country in ("China", "Myanmar"):
        assert f">{country}</option>" in html
    source = Qualification.objects.get(title="Auto Mechanic Level 2 (Automotive Service and Repair)")
    target = Qualification.objects.get(title="Electrician (Control Panel Assembly Work), Level 2")
    url = f"/recognition/assess/?qualification={source.pk}&target_country=MM&purpose=employment"
    html = client.get(url).content.decode()
    assert "Qualifications proposed for the comparison" in html and target.title in html
    html = client.get(f"{url}&compare_with={target.pk}").content.decode()
    assert "Proposed decision" in html and "chosen by the assessor" in html
    assert "is not referenced to any AQRF level" in html  # honest: Myanmar's levels are not referenced
    body = json.dumps(client.get(f"/api/recognition/assess/?qualification={source.pk}&target_country=MM"
                                 f"&purpose=employment&compare_with={target.pk}").json())
    assert "EE-ELC-207B1" in body  # the Myanmar units are compared one by one
