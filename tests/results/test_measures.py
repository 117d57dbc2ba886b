"""Measures M&E officers need: certification (pass) rate, completion rate over enrolment, institutions with an
agreement in force (status and dates respected), all computed in SQL."""
import datetime
from decimal import Decimal

from skillsnet.agreements.models import Agreement, Party
from skillsnet.core import services as core
from skillsnet.people import services as people_services
from skillsnet.results.measures import Span, compute
from skillsnet.results.queries import actual


def enrol(system_user, orgs, activity, name, **fields):
    person = people_services.create_person(system_user, {"name": name, "sex": "female", "organisation": orgs["own"],
                                                         "kind": "student"})
    return people_services.record_participation(system_user, person.pk, activity.pk, **fields)


def test_pass_rate_and_completion_rate_over_enrolment(training, make_indicator, period2024, system_user, orgs):
    activity = training.activity
    enrol(system_user, orgs, activity, "Passed 1", attended=True, completed=True, assessment="passed")
    enrol(system_user, orgs, activity, "Passed 2", attended=True, completed=True, assessment="passed")
    enrol(system_user, orgs, activity, "Failed", attended=True, completed=True, assessment="failed")
    enrol(system_user, orgs, activity, "Not assessed", attended=True, completed=True)
    enrol(system_user, orgs, activity, "Dropped out", registered=True, attended=True)
    pass_rate = make_indicator("R1", unit="percentage", measure="persons_passed", denominator_measure="persons_assessed",
                               disaggregations=[])
    completion_rate = make_indicator("R2", unit="percentage", measure="persons_completed",
                                     denominator_measure="persons_enrolled", disaggregations=["sex"])
    a = actual(pass_rate, period2024)
    assert (a.numerator, a.denominator, a.total) == (2, 3, Decimal("66.67"))
    b = actual(completion_rate, period2024)
    assert (b.numerator, b.denominator, b.total) == (4, 5, Decimal("80.00"))
    assert b.rows == [{"dims": {"sex": "female"}, "value": Decimal("80.00"), "numerator": 4, "denominator": 5}]


def agreement(system_user, orgs, status, title, **dates):
    a = core.create_object(system_user, Agreement, {"title": title, "kind": "mou", **dates})
    for org in (orgs["own"], orgs["cn"]):
        core.create_object(system_user, Party, {"agreement": a, "organisation": org, "role": "party"})
    Agreement.objects.filter(pk=a.pk).update(status=status)  # the lifecycle itself is the agreements app's
    return a


def test_institutions_with_an_agreement_in_force(system_user, orgs):
    agreement(system_user, orgs, "active", "In force", signed_on="2023-05-13", ends_on="2026")
    agreement(system_user, {**orgs, "own": orgs["other_la"]}, "terminated", "Terminated", signed_on="2023-01")
    agreement(system_user, {**orgs, "cn": orgs["network"]}, "signed", "Not yet in force", signed_on="2023-02-01",
              effective_on="2025-01")
    in_2024 = compute("institutions_with_active_agreements", {"kind": ["mou"]}, Span.of_year(2024),
                      ("country",))
    assert in_2024.total == 2  # LGTC and TEITC; the terminated MoU and the one not yet effective do not count
    assert in_2024.rows == {("LA",): 1, ("CN",): 1}
    in_2025 = compute("institutions_with_active_agreements", {}, Span.of_year(2025), ())
    assert in_2025.total == 3  # the third takes effect in January 2025 (adds the network)
    in_2027 = compute("institutions_with_active_agreements", {}, Span.of_year(2027), ())
    assert in_2027.total == 2  # the first ended in 2026


def test_agreements_signed_with_partial_dates(system_user, orgs):
    agreement(system_user, orgs, "signed", "Signed some day in 2024", signed_on="2024")
    agreement(system_user, orgs, "signed", "Signed in March 2024", signed_on="2024-03")
    agreement(system_user, orgs, "signed", "Signed on 1 July 2024", signed_on="2024-07-01")
    assert compute("agreements_signed", {}, Span.of_year(2024), ()).total == 3
    first_half = Span(datetime.date(2024, 1, 1), datetime.date(2024, 6, 30))
    assert compute("agreements_signed", {}, first_half, ()).total == 1  # only March is sure to lie inside


def test_another_app_adds_a_measure_type(make_indicator, period2024):
    """The way an employment app adds e.g. "% of completers employed within 6 months": one registration."""
    from skillsnet.results.measures import MEASURE_CHOICES, MEASURES, OTHER, MeasureType, Measured, register_measure

    register_measure(MeasureType("test_employed", "completers employed", {}, ()),
                     lambda filters, span, dims, project: Measured(Decimal(7), []))
    try:
        assert "test_employed" in dict(MEASURE_CHOICES)
        ind = make_indicator("E1", measure="test_employed", disaggregations=[])
        assert actual(ind, period2024).total == 7
    finally:
        MEASURES.pop("test_employed")
        OTHER.pop("test_employed")
        MEASURE_CHOICES[:] = [(m.code, m.label) for m in MEASURES.values()]
