import datetime

from skillsnet.core.changelog import change_context
from skillsnet.directory import demo as directory_demo
from skillsnet.people import demo
from skillsnet.people.models import Affiliation, Person
from skillsnet.people.queries import title_on

SEED_PEOPLE = {"Liqun Wang", "Lamphone Seangsavang", "Khamsavay Gnommilavong", "Wei Fan", "Jin Zhang",
               "Khemphone Phaokhamkeo", "Yutong Liu", "Keovanlay Phanthavong", "Qin Chuanjiang", "Zhang Lifang",
               "Enn Vuthy", "Gilbert F. Houngbo"}


def test_demo_creates_the_seed_people_exactly_once(reference, system_user):
    with change_context("demo"):
        directory_demo.load(system_user)
        demo.load(system_user)
        counts = (Person.objects.count(), Affiliation.objects.count())
        demo.load(system_user)
    assert set(Person.objects.values_list("name", flat=True)) == SEED_PEOPLE
    assert (Person.objects.count(), Affiliation.objects.count()) == counts == (12, 13)
    # an employer no article states stays empty (a project or programme named in a title is not an employer)
    assert set(Person.objects.filter(organisation__isnull=True).values_list("name", flat=True)) == {
        "Yutong Liu", "Keovanlay Phanthavong"}
    assert Affiliation.objects.filter(organisation__isnull=True).count() == 3
    assert not Person.objects.exclude(birth_year=None).exists()
    keo = Person.objects.get(name="Keovanlay Phanthavong")
    assert keo.sex == "female" and keo.kind == "other" and keo.organisation is None
    assert title_on(keo, datetime.date(2022, 1, 19)) == "National Project Coordinator"
    assert title_on(keo, datetime.date(2023, 12, 10)) == "Acting Project Manager of ILO-China Partnership Programme"
    assert Person.objects.get(name="Liqun Wang").sex == "unknown"  # no Mr/Ms in the article
    assert Affiliation.objects.get(person__name="Qin Chuanjiang").as_of == ""  # seed 002 has no date
