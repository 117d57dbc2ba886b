"""IATI 2.03 export: XSD validity, element order, code lists, decimals, round trip (no DB)."""

from __future__ import annotations

import copy
import datetime as dt
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

try:  # the package may not be installed yet while the foundation is being written
    import skillsnet  # noqa: F401
except ImportError:  # pragma: no cover
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from skillsnet.results import iati
from skillsnet.results.iati import (
    Activity,
    ActivityDate,
    Baseline,
    Budget,
    Description,
    DocumentLink,
    Indicator,
    Narrative,
    ParticipatingOrg,
    Period,
    PeriodValue,
    RecipientCountry,
    ReportingOrg,
    Result,
    Sector,
    Transaction,
    TransactionOrg,
    build_activities_xml,
    check_codes,
    check_rules,
    decimal_str,
    disaggregated,
    parse_activities_xml,
    validate,
)

GENERATED = dt.datetime(2025, 3, 31, 9, 30, tzinfo=dt.timezone.utc)
ILO = "XM-DAC-41302"
MOHRSS_ZH = "中华人民共和国人力资源和社会保障部"


def ilo_china_activity() -> Activity:
    """The ILO–China South-South partnership project, as the ILO would report it.

    Identifier suffix, amounts and result figures are illustrative test data.
    """
    mohrss = TransactionOrg(
        name=[Narrative("Ministry of Human Resources and Social Security of the People's Republic of China"),
              Narrative(MOHRSS_ZH, "zh")],
        type="10",
    )
    return Activity(
        identifier=f"{ILO}-RAS-SSTC-TVET-01",
        reporting_org=ReportingOrg(ILO, "40", "International Labour Organization"),
        title=[Narrative("ILO–China South-South Cooperation: skills development in ASEAN TVET institutions"),
               Narrative("国际劳工组织—中国南南合作：东盟职业技术教育与培训技能开发", "zh")],
        descriptions=[
            Description("Partnership between TVET institutes in China, Lao PDR, Cambodia and Indonesia "
                        "to train teachers and students and to recognise skills across borders."),
            Description("Trained teachers and students; agreed recognition of qualifications.", type="2"),
        ],
        participating_orgs=[
            ParticipatingOrg(role=1, name=mohrss.name, type="10"),  # no ref known: name only
            ParticipatingOrg(role=2, name="International Labour Organization", ref=ILO, type="40"),
            ParticipatingOrg(role=3, name="International Labour Organization", ref=ILO, type="40"),
            ParticipatingOrg(role=4, name="National Polytechnic Institute of Cambodia", type="80"),
            ParticipatingOrg(role=4, name="Vientiane Capital Technical and Vocational College", type="80"),
            ParticipatingOrg(role=4, name="Politeknik Negeri Bandung", type="80"),
        ],
        activity_status=2,
        activity_dates=[
            ActivityDate(1, "2023-01-01"),
            ActivityDate(2, dt.date(2023, 3, 15)),
            ActivityDate(3, dt.date(2026, 12, 31)),
        ],
        recipient_countries=[
            RecipientCountry("LA", 40),
            RecipientCountry("KH", "33.33"),
            RecipientCountry("ID", 26.67),
        ],
        sectors=[Sector("11330", vocabulary="1", percentage=100)],
        default_currency="USD",
        budgets=[
            Budget("2024-01-01", "2024-12-31", Decimal("1500000.00"), "2024-01-01", type=1, status=2),
            Budget("2025-01-01", "2025-12-31", 1_750_000, "2025-01-01", type=1, status=1),
        ],
        transactions=[
            Transaction(11, "2023-02-01", 4_000_000, "2023-02-01", currency="USD",
                        description="Commitment, first phase", provider_org=mohrss),
            Transaction(11, "2024-06-30", Decimal("1000000"), "2024-06-30",
                        description="Commitment, extension", provider_org=mohrss),
            Transaction(1, "2023-04-10", "2000000.50", "2023-04-10", provider_org=mohrss),
            Transaction(4, "2024-12-31", 812_345.67, "2024-12-31",
                        receiver_org=TransactionOrg("National Polytechnic Institute of Cambodia", type="80")),
        ],
        document_links=[
            DocumentLink("https://example.org/reports/2024-results.pdf", "application/pdf",
                         "Annual results report 2024", categories="A08", languages=["en", "zh"],
                         document_date="2025-03-01"),
        ],
        results=[
            Result(
                type=1,
                title="Teachers and students trained",
                indicators=[
                    Indicator(
                        title="Teachers and students trained",
                        measure=1,
                        ascending=True,
                        description="Number of TVET teachers and students completing a training course",
                        baselines=[Baseline(2023, 0, iso_date="2023-01-01")],
                        periods=[
                            Period("2024-01-01", "2024-12-31",
                                   targets=[PeriodValue(500)],
                                   actuals=disaggregated(520, "sex", {"female": 312, "male": 208})),
                        ],
                    )
                ],
            ),
            Result(
                type=2,
                title="Graduates in employment",
                indicators=[
                    Indicator(
                        title="Share of trained graduates employed within six months",
                        measure=2,
                        ascending=True,
                        baselines=[Baseline(2023, "55.5")],
                        periods=[Period("2024-01-01", "2024-12-31", targets=[70],
                                        actuals=[PeriodValue(Decimal("66.67"), comment="Tracer study, n=300")])],
                    )
                ],
            ),
        ],
        default_lang="en",
    )


@pytest.fixture
def activity() -> Activity:
    return ilo_china_activity()


@pytest.fixture
def xml(activity) -> bytes:
    return build_activities_xml([activity], GENERATED)


def test_realistic_activity_is_valid(activity, xml):
    assert validate(xml) == []
    assert check_codes(activity) == []
    assert check_rules(activity) == []


def test_root_and_header(xml):
    root = etree.fromstring(xml)
    assert xml.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    assert root.tag == "iati-activities"
    assert root.get("version") == "2.03"
    assert root.get("generated-datetime") == "2025-03-31T09:30:00+00:00"
    act = root.find("iati-activity")
    assert act.get("default-currency") == "USD"
    assert act.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"


def test_element_order_follows_xsd(xml):
    act = etree.fromstring(xml).find("iati-activity")
    tags = [c.tag for c in act]
    order = ["iati-identifier", "reporting-org", "title", "description", "participating-org",
             "activity-status", "activity-date", "recipient-country", "sector", "budget",
             "transaction", "document-link", "result"]
    assert [t for i, t in enumerate(tags) if i == 0 or tags[i - 1] != t] == order


def test_funder_without_ref_has_name_and_chinese_narrative(xml):
    act = etree.fromstring(xml).find("iati-activity")
    funder = act.find("participating-org[@role='1']")
    assert funder.get("ref") is None
    assert funder.get("type") == "10"
    narrs = funder.findall("narrative")
    assert narrs[1].text == MOHRSS_ZH
    assert narrs[1].get("{http://www.w3.org/XML/1998/namespace}lang") == "zh"


def test_decimals_are_plain_strings(xml):
    act = etree.fromstring(xml).find("iati-activity")
    commitments = [t.findtext("value") for t in act.iterfind("transaction")
                   if t.find("transaction-type").get("code") == "11"]
    assert commitments == ["4000000", "1000000"]
    values = [t.findtext("value") for t in act.iterfind("transaction")]
    assert values[2:] == ["2000000.50", "812345.67"]
    assert [c.get("percentage") for c in act.iterfind("recipient-country")] == ["40", "33.33", "26.67"]
    assert act.find("budget/value").text == "1500000.00"
    assert act.find("budget/value").get("value-date") == "2024-01-01"
    assert act.find("transaction/value").get("currency") == "USD"
    assert act.find("transaction[2]/value").get("currency") is None  # default-currency applies
    assert b"," not in b"".join(v.encode() for v in values)


def test_sex_disaggregation_in_actual_dimension(xml):
    act = etree.fromstring(xml).find("iati-activity")
    ind = act.find("result[@type='1']/indicator")
    assert ind.get("measure") == "1" and ind.get("ascending") == "1"
    assert ind.find("baseline").attrib == {"year": "2023", "iso-date": "2023-01-01", "value": "0"}
    period = ind.find("period")
    assert period.find("period-start").get("iso-date") == "2024-01-01"
    assert period.find("target").get("value") == "500"
    actuals = period.findall("actual")
    assert [(a.get("value"), [(d.get("name"), d.get("value")) for d in a.findall("dimension")])
            for a in actuals] == [
        ("520", []),
        ("312", [("sex", "female")]),
        ("208", [("sex", "male")]),
    ]
    pct = act.find("result[@type='2']/indicator")
    assert pct.get("measure") == "2"
    assert pct.find("period/actual").get("value") == "66.67"
    assert pct.find("period/actual/comment/narrative").text == "Tracer study, n=300"


def _broken(xml: bytes, mutate) -> bytes:
    root = etree.fromstring(xml)
    mutate(root.find("iati-activity"))
    return etree.tostring(root)


def test_missing_required_element_is_reported(xml):
    bad = _broken(xml, lambda act: act.remove(act.find("title")))
    errors = validate(bad)
    assert errors
    assert any("title" in e for e in errors), errors
    assert all(e.startswith("line ") for e in errors)
    assert any("/iati-activities/iati-activity" in e for e in errors), errors


def test_wrong_order_is_reported(xml):
    def swap(act):
        status = act.find("activity-status")
        act.remove(status)
        act.insert(3, status)  # before description/participating-org
    errors = validate(_broken(xml, swap))
    assert errors
    assert any("activity-status" in e for e in errors), errors


def test_missing_required_attribute_and_bad_decimal(xml):
    def mutate(act):
        del act.find("reporting-org").attrib["type"]
        act.find("transaction/value").text = "4,000,000"
    errors = validate(_broken(xml, mutate))
    assert any("'type'" in e and "reporting-org" in e for e in errors), errors
    assert any("4,000,000" in e for e in errors), errors


def test_not_well_formed_and_no_entity_expansion():
    assert validate(b"<iati-activities")[0].startswith("not well-formed XML")
    evil = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            b'<iati-activities version="2.03">&e;</iati-activities>')
    errors = validate(evil)
    assert errors == ["line 1: a DOCTYPE / DTD is not allowed in an IATI file"]


def test_unknown_codes_detected(activity):
    activity.participating_orgs[0].role = "7"
    activity.sectors[0].code = "11333"
    activity.recipient_countries[0].code = "XX"
    activity.transactions[0].type = "99"
    activity.results[0].indicators[0].measure = "8"
    activity.default_currency = "usd"
    activity.title.append(Narrative("titre", "xx"))
    errors = check_codes(activity)
    joined = "\n".join(errors)
    assert "participating-org[1]/@role: '7' is not a code in OrganisationRole" in joined
    assert "sector[1]/@code: '11333' is not a code in Sector" in joined
    assert "recipient-country[1]/@code: 'XX' is not a code in Country" in joined
    assert "transaction[1]/transaction-type/@code: '99' is not a code in TransactionType" in joined
    assert "result[1]/indicator[1]/@measure: '8' is not a code in IndicatorMeasure" in joined
    assert "@default-currency: 'usd' is not a code in Currency" in joined
    assert "title/narrative[3]/@xml:lang: 'xx' is not a code in Language" in joined
    # the XSD alone does not see any of this
    assert validate(build_activities_xml([activity], GENERATED)) == []


def test_withdrawn_code_detected(activity):
    activity.sectors = [Sector("15120", percentage=100)]  # withdrawn DAC code
    assert check_codes(activity) == ["sector[1]/@code: code '15120' is withdrawn in Sector"]


def test_codelist_names():
    assert iati.codelist("Sector").names["11330"] == "Vocational training"
    assert iati.codelist("OrganisationRole").names["4"] == "Implementing"
    assert "11" in iati.codelist("TransactionType").active


def test_rules(activity):
    activity.recipient_countries[0].percentage = Decimal("50")
    activity.identifier = "ILO-123"
    activity.budgets[0].period_end = dt.date(2025, 6, 30)
    activity.default_currency = None
    errors = check_rules(activity)
    joined = "\n".join(errors)
    assert "recipient country and region percentages sum to 110.00, not 100" in joined
    assert "should start with the reporting-org ref" in joined
    assert "budget[1]: budget period is longer than one year" in joined
    assert "transaction[2]/value: no currency and no default-currency" in joined


def test_decimal_handling():
    assert decimal_str(4_000_000) == "4000000"
    assert decimal_str(Decimal("4E+6")) == "4000000"
    assert decimal_str(33.33) == "33.33"
    assert decimal_str("  12.50 ") == "12.50"
    assert decimal_str(Decimal("-0")) == "0"
    for bad in ("4,000,000", "1 000", "$5", "1e6", "NaN", float("inf"), True):
        with pytest.raises((ValueError, TypeError)):
            decimal_str(bad)
    with pytest.raises(ValueError, match="thousands separators"):
        Transaction(11, "2024-01-01", "4,000,000", "2024-01-01")


def test_round_trip(activity, xml):
    parsed = parse_activities_xml(xml)
    assert parsed == [activity]
    # and writing the parsed copy again gives the same bytes
    assert build_activities_xml(parsed, GENERATED) == xml


def test_multiple_activities_round_trip(activity):
    second = copy.deepcopy(activity)
    second.identifier = f"{ILO}-RAS-SSTC-TVET-02"
    second.results = []
    second.last_updated = dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
    xml = build_activities_xml([activity, second], GENERATED)
    assert validate(xml) == []
    assert parse_activities_xml(xml) == [activity, second]


def test_schema_loaded_from_package_data():
    assert iati.SCHEMA_PATH.is_file()
    assert (iati.DATA_DIR / "xml.xsd").is_file()
    assert (iati.DATA_DIR / "SOURCES.md").is_file()
