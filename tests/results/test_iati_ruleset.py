"""The IATI export checked against IATI's standard ruleset (evaluated by iati_ruleset.py), besides the XSD:
recipient countries and regions carry percentages; the demo project, once its identifier, start date and the
other data only its publisher knows are entered, passes every applicable rule."""
import datetime
from decimal import Decimal

import pytest

from skillsnet.core import services as core
from skillsnet.directory.models import Country, Organisation
from skillsnet.results import iati
from skillsnet.results.export import export_project
from skillsnet.results.models import Project, ProjectCountry, ProjectRegion

from .iati_ruleset import evaluate, failures

ID_SETS = {"ORG-ID": set(), "ORG-ID-PREFIX": {"XM-DAC", "XI-IATI"}}  # org-id.guide prefixes used below


def results_of(xml, rule_ids):
    return {rule_id: result for rule_id, _kind, result, _info, _where in evaluate(xml, ID_SETS)
            if rule_id in rule_ids}


def set_shares(system_user, project, shares):
    for code, pct in shares.items():
        share = ProjectCountry.objects.get(project=project, country_id=code)
        core.update_object(system_user, ProjectCountry, share.pk, {"percentage": pct}, expected_version=share.version)


@pytest.fixture
def three_countries(project, system_user):
    core.update_object(system_user, Project, project.pk, {"recipient_countries": list(
        Country.objects.filter(pk__in=["LA", "KH", "ID"]))}, expected_version=project.version)
    project = Project.objects.get(pk=project.pk)
    set_shares(system_user, project, {"LA": None, "KH": None})  # no shares known yet
    return project


def test_three_recipient_countries_pass_the_percentage_rules(three_countries, system_user):
    set_shares(system_user, three_countries, {"LA": Decimal("50"), "KH": Decimal("30"), "ID": Decimal("20")})
    result = export_project(three_countries)
    assert result.valid, result.errors
    assert iati.validate(result.xml) == []
    checked = results_of(result.xml, {"3.1.1", "3.1.2", "12.1.1"})
    assert checked == {"3.1.1": True, "3.1.2": True, "12.1.1": True}
    assert failures(result.xml, ID_SETS) == []
    activity = iati.parse_activities_xml(result.xml)[0]
    assert {c.code: c.percentage for c in activity.recipient_countries} == {"LA": 50, "KH": 30, "ID": 20}


def test_without_percentages_the_export_is_refused_and_iati_rules_would_reject_it(three_countries):
    result = export_project(three_countries)
    assert not result.valid
    assert any("percentage" in e for e in result.errors)
    # the same file, written anyway, is what IATI's rules 3.1.1 and 3.1.2 reject
    checked = results_of(result.xml, {"3.1.1", "3.1.2"})
    assert checked == {"3.1.1": False, "3.1.2": False}


def test_shares_that_do_not_add_up_are_refused(three_countries, system_user):
    set_shares(system_user, three_countries, {"LA": Decimal("50"), "KH": Decimal("30"), "ID": Decimal("30")})
    result = export_project(three_countries)
    assert not result.valid and any("not 100" in e for e in result.errors)
    assert results_of(result.xml, {"3.1.2"}) == {"3.1.2": False}


def test_countries_and_a_region_share_the_hundred_percent(three_countries, system_user):
    set_shares(system_user, three_countries, {"LA": Decimal("40"), "KH": Decimal("20"), "ID": Decimal("10")})
    core.create_object(system_user, ProjectRegion, {"project": three_countries, "code": "789", "vocabulary": "1",
                                                    "percentage": Decimal("30")})
    result = export_project(three_countries)
    assert result.valid, result.errors
    activity = iati.parse_activities_xml(result.xml)[0]
    assert [(r.code, r.vocabulary, r.percentage) for r in activity.recipient_regions] == [("789", "1", 30)]
    assert failures(result.xml, ID_SETS) == []
    assert results_of(result.xml, {"3.4.2"}) == {"3.4.2": True}
    with pytest.raises(Exception):  # not a region of IATI's Region code list
        core.create_object(system_user, ProjectRegion, {"project": three_countries, "code": "123456"})


def test_the_evaluator_catches_a_broken_rule():
    """The ruleset evaluator can fail: an identifier that does not start with the reporting organisation's."""
    xml = (b'<iati-activities version="2.03"><iati-activity xml:lang="en" default-currency="USD">'
           b'<iati-identifier>ZZ-1</iati-identifier><reporting-org ref="XM-DAC-41302" type="40"/>'
           b'</iati-activity></iati-activities>')
    failed = {f.rule_id for f in failures(xml, ID_SETS)}
    assert {"1.1.21", "6.11.1", "6.2.2"} <= failed


def test_the_demo_project_passes_iatis_rules_once_its_publisher_data_is_entered(db, reference):
    from skillsnet.core.demo import demo_actor, load_demo

    load_demo()
    actor = demo_actor()
    project = Project.objects.get(code="ilo-china-skills")
    before = export_project(project)
    assert not before.valid  # the demo invents no identifier, start date, sector or shares
    ilo = Organisation.objects.get(name="International Labour Organization")
    core.update_object(actor, Organisation, ilo.pk, {"identifier": "XM-DAC-41302"}, expected_version=ilo.version)
    core.update_object(actor, Project, project.pk, {
        "iati_identifier": "XM-DAC-41302-ILO-CHINA-SSTC", "start": "2021-01-01", "sector": "11330"},
        expected_version=project.version)
    project = Project.objects.get(pk=project.pk)
    set_shares(actor, project, {"LA": Decimal("40"), "KH": Decimal("40"), "ID": Decimal("20")})
    result = export_project(project)
    assert result.valid, result.errors
    assert iati.validate(result.xml) == []
    assert failures(result.xml, ID_SETS, now=datetime.date.today()) == []
    ran = [r for r in evaluate(result.xml, ID_SETS) if r[2] is not None]
    assert len(ran) > 40  # the rules that apply were evaluated, not skipped
