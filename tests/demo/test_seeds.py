"""One test per seed article: its facts are in the demo data (organisations, people with titles,
dates, amounts, reported figures with qualifiers), and nothing the article leaves unknown is filled in."""
import datetime
from decimal import Decimal

import pytest

from skillsnet.activities.models import Activity, Initiative
from skillsnet.agreements.models import Agreement
from skillsnet.agreements.queries import total_contributions
from skillsnet.core.demo import load_demo
from skillsnet.core.models import ChangeLogEntry
from skillsnet.directory.models import Membership, Organisation
from skillsnet.people.models import Person
from skillsnet.people.queries import title_on
from skillsnet.results.models import ReportedFigure


@pytest.fixture
def demo(db):
    load_demo()


def org(name):
    return Organisation.objects.get(name=name)


def person(name):
    return Person.objects.get(name=name)


def figure(subject, counts, **kw):
    return ReportedFigure.objects.filter(counts=counts, **kw).filter(organisation__name=subject) | \
        ReportedFigure.objects.filter(counts=counts, **kw).filter(initiative__name=subject)


def test_seed_000_mou_teitc_lao_polytechnic(demo):
    teitc = org("Tianjin Electronic Information Technician College")
    assert teitc.acronyms == ["TEITC"] and teitc.country_id == "CN" and teitc.city == "Tianjin"
    lpc = org("Lao Polytechnic College")
    assert "Polytechnic College of the Lao People's Democratic Republic" in lpc.aliases and lpc.country_id == "LA"
    mou = Agreement.objects.get(kind="mou", parties__organisation=teitc)
    assert mou.signed_on == "2025-05-13" and set(mou.parties.values_list("organisation", flat=True)) >= {teitc.pk, lpc.pk}
    assert sorted(mou.areas.values_list("code", flat=True)) == sorted([
        "faculty-development", "joint-curriculum-design", "exchange-of-technical-expertise", "practical-training"])
    signatories = {s.person.name if s.person else s.name for s in mou.signatories.all()}
    assert signatories == {"Liqun Wang", "Lamphone Seangsavang"}
    day = datetime.date(2025, 5, 13)
    assert title_on(person("Liqun Wang"), day) == "Head"
    assert title_on(person("Lamphone Seangsavang"), day) == "Deputy Director"
    network = org("South-South Cooperation Skills Development Network")
    assert network.founded == "2021"
    trained = ReportedFigure.objects.get(organisation=network, counts="persons_trained")
    assert (trained.value, trained.qualifier) == (Decimal("577"), "more_than")
    institutes = ReportedFigure.objects.filter(organisation=network, counts="member_institutions")
    assert {f.value for f in institutes} == {Decimal("41")}
    # the two sources disagree on Myanmar: each keeps the countries it names
    named = [sorted(f.countries.values_list("code", flat=True)) for f in institutes]
    assert ["CN", "KH", "LA", "MM"] in named and ["CN", "KH", "LA"] in named


def test_seed_001_peer_to_peer_workshop(demo):
    yunnan = org("Yunnan Advanced Technical School of Electronic Information")
    assert "Yunnan Advanced Technical School of Electronics Information" in yunnan.aliases
    assert yunnan.province_id == "CN-YN"
    lgtc = org("Lao-German Technical College")
    workshop = Activity.objects.get(kind="peer_to_peer_workshop")
    assert workshop.start == workshop.end == datetime.date(2022, 1, 19)
    assert workshop.mode == "online" and "zoom" in workshop.platform.lower()
    orgs = set(workshop.organisation_roles.values_list("organisation__name", flat=True))
    assert {yunnan.name, lgtc.name} <= orgs
    roles = {(p.person.name, p.role) for p in workshop.participations.select_related("person")}
    assert ("Keovanlay Phanthavong", "moderator") in roles
    assert {("Wei Fan", "speaker"), ("Khamsavay Gnommilavong", "speaker")} <= roles
    day = datetime.date(2022, 1, 19)
    assert title_on(person("Keovanlay Phanthavong"), day) == "National Project Coordinator"
    assert title_on(person("Wei Fan"), day) == "President"
    assert title_on(person("Jin Zhang"), day) == "Vice President"
    assert title_on(person("Khemphone Phaokhamkeo"), day) == "ILO Coordinator in Lao PDR"
    assert "working group" in " ".join(o.description.lower() for o in workshop.outcomes.all())


def test_seed_002_alliance_panda_college_and_workshops(demo):
    alliance = org("International Land-Sea Trade Corridor Vocational Education International Cooperation Alliance")
    assert alliance.kind == "alliance_network" and alliance.founded == "2021"
    cipc = org("Chongqing Industry Polytechnic College")
    assert Membership.objects.get(network=alliance, member=cipc).role == "founding_member"
    assert "Lao-German Technical Vocational College" in org("Lao-German Technical College").aliases
    assert org("Deves Future Technology School").country_id == "LK"
    members = ReportedFigure.objects.get(organisation=alliance, counts="members")
    countries = ReportedFigure.objects.get(organisation=alliance, counts="member_countries")
    assert members.value == 164 and countries.value == 14
    college = Initiative.objects.get(name="Panda College")
    first = college.activities.get()
    assert "vehicle inspection and maintenance" in first.title.lower() and first.start is None  # no date stated
    workshops = Initiative.objects.get(name="Panda Workshops")
    by_counts = {f.counts: f for f in ReportedFigure.objects.filter(initiative=workshops)}
    assert by_counts["sites"].value == 5 and by_counts["site_countries"].value == 3
    assert (by_counts["teachers_trained"].value, by_counts["teachers_trained"].qualifier) == (240, "exactly")
    assert (by_counts["company_staff_trained"].value,
            by_counts["company_staff_trained"].qualifier) == (600, "more_than")
    assert person("Qin Chuanjiang").affiliations.get().organisation == cipc
    conference = Activity.objects.get(kind="conference")
    assert conference.start is None  # "last Friday" of an undated article stays unknown


def test_seed_003_guangzhou_exchange(demo):
    gzittc = org("Guangzhou Industry and Trade Technician College")
    assert gzittc.acronyms == ["GZITTC"] and gzittc.city == "Guangzhou"
    npic = org("National Polytechnic Institute of Cambodia")
    assert npic.acronyms == ["NPIC"] and npic.country_id == "KH"
    event = Activity.objects.get(kind="exchange_visit", parent__isnull=True, host=gzittc)
    assert (event.start, event.end) == (datetime.date(2023, 12, 10), datetime.date(2023, 12, 13))
    parts = event.parts.all()
    assert parts.filter(kind="industry_visit", title__contains="Guangzhou High Genius Dynamics").exists()
    assert parts.filter(kind="lecture").exists()
    lecturers = {p.person.name for p in Activity.objects.get(kind="lecture").participations.select_related("person")}
    assert {"Zhang Lifang", "Enn Vuthy"} <= lecturers
    assert title_on(person("Keovanlay Phanthavong"), datetime.date(2023, 12, 12)).startswith("Acting Project Manager")
    assert title_on(person("Zhang Lifang"), datetime.date(2023, 12, 12)) == "Dean"
    assert Membership.objects.filter(member=npic, network__name="South-South Cooperation Skills Development Network").exists()


def test_seed_004_partnership_agreement_and_amendment(demo):
    agreement = Agreement.objects.get(kind="partnership")
    amendment = Agreement.objects.get(kind="amendment")
    assert agreement.signed_on == "2008" and amendment.amends == agreement
    assert amendment.signed_on == "" and "9 December" in amendment.signed_on_note  # the year is not stated
    assert amendment.signed_city == "Beijing"
    assert sorted(amendment.countries_covered.values_list("code", flat=True)) == ["ID", "KH", "LA"]
    assert total_contributions(agreement) == {"USD": Decimal("5000000.00")}
    assert person("Gilbert F. Houngbo").affiliations.get().title == "Director-General"
    assert org("Ministry of Human Resources and Social Security").acronyms == ["MOHRSS"]
    figures = {f.value for f in ReportedFigure.objects.filter(counts="contribution")}
    assert figures == {Decimal("4000000"), Decimal("1000000"), Decimal("5000000")}
    assert Initiative.objects.filter(name="Skills for Dream Action").exists()


def test_loading_twice_changes_nothing(demo):
    entries = ChangeLogEntry.objects.count()
    assert ChangeLogEntry.objects.filter(source="demo").count() == entries > 50
    load_demo()
    assert ChangeLogEntry.objects.count() == entries
