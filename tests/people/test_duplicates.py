from skillsnet.people.duplicates import find_duplicates
from skillsnet.people.models import Person

from .conftest import make_person


def _pairs(found):
    return {frozenset((d.first.name, d.second.name)) for d in found}


def test_name_order_swapped_is_found(system_user, orgs):
    a = make_person(system_user, "Zhang Lifang", orgs["cn"], birth_year=1980)
    make_person(system_user, "Lifang Zhang", orgs["cn"])  # birth year unknown: still a candidate
    found = find_duplicates(a)
    assert len(found) == 1
    assert found[0].score >= 90
    assert any("other order" in r for r in found[0].reasons)


def test_names_across_scripts_and_spelling(system_user, orgs):
    make_person(system_user, "Zhang Lifang", orgs["cn"], name_zh_hans="张丽芳")
    make_person(system_user, "张丽芳", None)  # only the Chinese name is known
    make_person(system_user, "Khamsavay Gnommilavong", orgs["own"])
    make_person(system_user, "Khamsavay Gnomilavong", orgs["own"])  # one letter less
    make_person(system_user, "Wei Fan", orgs["cn"])
    found = find_duplicates(Person.objects.all())
    assert _pairs(found) == {frozenset(("Zhang Lifang", "张丽芳")),
                             frozenset(("Khamsavay Gnommilavong", "Khamsavay Gnomilavong"))}


def test_conflicting_birth_year_or_organisation_is_not_a_duplicate(system_user, orgs):
    make_person(system_user, "Jin Zhang", orgs["cn"], birth_year=1970)
    make_person(system_user, "Zhang Jin", orgs["cn"], birth_year=1985)
    make_person(system_user, "Liqun Wang", orgs["cn"])
    make_person(system_user, "Wang Liqun", orgs["own"])
    make_person(system_user, "Wei Fan", orgs["cn"])
    make_person(system_user, "Wei Fang", orgs["cn"])
    assert _pairs(find_duplicates(Person.objects.all())) == {frozenset(("Wei Fan", "Wei Fang"))}


def test_aliases_are_compared(system_user, orgs):
    make_person(system_user, "Mr Yutong Liu", None, aliases=["Liu Yutong"])
    make_person(system_user, "Liu Yu-tong", orgs["cn"])
    found = find_duplicates(Person.objects.all())
    assert len(found) == 1 and found[0].score >= 90
