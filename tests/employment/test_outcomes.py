"""Applications through to placements and tracer surveys: they move the employment indicator; open vacancies feed
the gap analysis as demand without double counting."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from skillsnet.core import services as core
from skillsnet.directory.models import Country, IscoOccupation
from skillsnet.employment import services
from skillsnet.employment.models import Placement, TracerSurvey
from skillsnet.labour.models import DemandSignal
from skillsnet.labour.queries import gap_analysis
from skillsnet.results.models import Attribution, Indicator, Project, ResultNode
from skillsnet.results.queries import actual
from skillsnet.results.measures import Span


@pytest.fixture
def indicator(world, orgs, system_user):
    project = core.create_object(system_user, Project, {
        "code": "emp", "title": "Employment test project", "reporting_org": orgs["network"], "status": "2",
        "start": "2024-01-01", "end": "2026-12-31"})
    core.create_object(system_user, Attribution, {"activity": world["training"], "project": project})
    node = core.create_object(system_user, ResultNode, {"project": project, "code": "3", "title": "Employment"})
    return core.create_object(system_user, Indicator, {
        "node": node, "code": "E1", "name": "% of completers employed in a training-related job within 6 months",
        "unit": "percentage", "measure": "completers_employed_training_related_6m",
        "denominator_measure": "completers_traced_6m", "disaggregations": ["sex", "country"]})


def _rows(result):
    return {(r["dims"]["sex"], r["dims"]["country"]): (r["numerator"], r["denominator"]) for r in result.rows}


def test_placements_move_the_employment_indicator(world, mechanic, indicator, system_user):
    year = Span.of_year(2025)
    person, profile, user = mechanic
    woman = world["trainee"]("Chanthala Sayavong", sex="female")
    other = world["trainee"]("Somphone Vongphachanh")
    assert actual(indicator, span=year).total is None or actual(indicator, span=year).total == 0

    # the mechanic applies and is hired through the application, starting within 6 months of completion (30 June)
    app = services.apply(user, world["vacancy"].pk, profile.pk)
    for stage in ("shortlisted", "interview", "offer"):
        services.move_application(world["company_user"], app.pk, stage)
    services.move_application(world["company_user"], app.pk, "hired", start_date=datetime.date(2025, 9, 1))
    placement = Placement.objects.get(person=person)
    assert (placement.employer, placement.occupation_id, placement.country_id) == (world["company"], "7231", "KH")
    result = actual(indicator, span=year)
    assert (result.numerator, result.denominator, result.total) == (1, 1, Decimal("100.00"))
    assert _rows(result) == {("male", "LA"): (1, 1)}

    # the woman answers her 6-month tracer survey: employed, but not in a training-related job
    services.schedule_tracer_surveys(system_user, person_ids=[woman[0].pk])
    survey = TracerSurvey.objects.get(person=woman[0], months_after=6)
    assert survey.due_on == datetime.date(2025, 12, 30)
    services.record_tracer_answer(system_user, survey.pk, {"status": "employed", "employer_name": "A shop",
                                                           "training_related": False, "pay_band": "b2"},
                                  survey.version)
    result = actual(indicator, span=year)
    assert (result.numerator, result.denominator, result.total) == (1, 2, Decimal("50.00"))
    assert _rows(result) == {("male", "LA"): (1, 1), ("female", "LA"): (0, 1)}

    # a placement 9 months after completion is known but not "within 6 months"
    core.create_object(system_user, Placement, {"person": other[0], "employer_name": "Late garage",
                                                "occupation": IscoOccupation.objects.get(pk="7231"),
                                                "start_date": datetime.date(2026, 3, 30)})
    result = actual(indicator, span=year)
    assert (result.numerator, result.denominator) == (1, 2)

    # a placement in another occupation: employed, not training-related (ISCO 5223 shop sales assistant)
    core.create_object(system_user, Placement, {"person": other[0], "employer_name": "Mall",
                                                "occupation": IscoOccupation.objects.get(pk="5223"),
                                                "start_date": datetime.date(2025, 8, 1)})
    result = actual(indicator, span=year)
    assert (result.numerator, result.denominator) == (1, 3)
    assert _rows(result)[("male", "LA")] == (1, 2)


def test_application_stages_are_checked(world, mechanic):
    _p, profile, user = mechanic
    app = services.apply(user, world["vacancy"].pk, profile.pk)
    with pytest.raises(ValidationError):
        services.move_application(world["company_user"], app.pk, "hired")  # not before an offer
    with pytest.raises(ValidationError):
        services.apply(user, world["vacancy"].pk, profile.pk)  # twice
    services.move_application(world["company_user"], app.pk, "shortlisted")
    app.refresh_from_db()
    assert set(app.stage_dates) == {"applied", "shortlisted"}


def test_employer_feedback_after_placement(world, mechanic, api_as):
    _p, profile, user = mechanic
    app = services.apply(user, world["vacancy"].pk, profile.pk)
    for stage in ("shortlisted", "interview", "offer", "hired"):
        services.move_application(world["company_user"], app.pk, stage)
    placement = Placement.objects.get(application=app)
    services.record_feedback(world["company_user"], placement.pk, 4, "Reliable and careful.", placement.version)
    placement.refresh_from_db()
    assert (placement.feedback_rating, placement.feedback) == (4, "Reliable and careful.")


def test_open_vacancies_feed_the_gap_analysis_once(world, system_user):
    def cell():
        return next(c for c in gap_analysis(system_user, level="minor") if (c.country, c.code) == ("KH", "723"))

    assert (cell().signals, cell().demand_quantity) == (1, 3)  # the open vacancy: 3 positions
    signal = core.create_object(system_user, DemandSignal, {
        "occupation": IscoOccupation.objects.get(pk="7231"), "country": Country.objects.get(pk="KH"),
        "size_kind": "vacancies", "quantity": 10, "date": "2026-01", "source_title": "Chamber survey"})
    assert (cell().signals, cell().demand_quantity) == (2, 13)
    v = world["vacancy"]
    services.update_vacancy(system_user, v.pk, {"demand_signal": signal}, v.version)  # already in the survey
    assert (cell().signals, cell().demand_quantity) == (1, 10)
    signal_free = services.create_vacancy(system_user, {
        "title": "Closed", "description": "x", "employer": world["company"], "status": "closed",
        "occupation": IscoOccupation.objects.get(pk="7231"), "country": Country.objects.get(pk="KH"), "positions": 5})
    assert signal_free.pk and (cell().signals, cell().demand_quantity) == (1, 10)  # closed: no demand
