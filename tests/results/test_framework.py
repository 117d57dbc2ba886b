"""The results framework: fresh computed values, pooled percentages, change-safe disaggregations, approval."""
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from skillsnet.core.changelog import history
from skillsnet.core.errors import LockedRecord
from skillsnet.directory.models import Country
from skillsnet.people import services as people_services
from skillsnet.results import services
from skillsnet.results.check import differences
from skillsnet.results.facts import rebuild_all
from skillsnet.results.models import IndicatorValue, PeriodApproval
from skillsnet.results.queries import actual


def test_a_new_completed_participation_shows_in_the_very_next_read(training, make_indicator, period2024,
                                                                   system_user, orgs):
    ind = make_indicator(disaggregations=["sex", "country"])
    assert actual(ind, period2024).total == 0
    training("Ms A", sex="female")
    a = actual(ind, period2024)
    assert a.total == 1
    assert a.rows == [{"dims": {"sex": "female", "country": "LA"}, "value": Decimal(1)}]
    p = training("Mr B", sex="male", org="cn")
    a = actual(ind, period2024)
    assert a.total == 2 and {tuple(r["dims"].values()): r["value"] for r in a.rows} == {
        ("female", "LA"): 1, ("male", "CN"): 1}
    # un-completing, changing the person and deleting all show at once too
    people_services.record_participation(system_user, p.person_id, p.activity_id, completed=False)
    assert actual(ind, period2024).total == 1
    person = training.activity.participations.get(person__name="Ms A").person
    people_services.update_person(system_user, person.pk, {"sex": "male"}, person.version)
    assert actual(ind, period2024).rows[0]["dims"]["sex"] == "male"
    # a multi-year span reads the narrow fact table: same answer
    from skillsnet.results.measures import Span

    assert actual(ind, span=Span.of_partial("2021", "2025")).total == 1
    assert differences() == []
    rebuild_all()
    assert actual(ind, period2024).total == 1 and differences() == []


def test_percentage_across_two_countries_pools_numerators_and_denominators(make_indicator, period2024, system_user):
    ind = make_indicator("P1", unit="percentage", method="manual", measure="", disaggregations=[])
    for code, num, den in [("LA", 1, 10), ("KH", 90, 100)]:
        services.create_indicator_value(system_user, {
            "indicator": ind, "period": period2024, "country": Country.objects.get(pk=code), "numerator": num,
            "denominator": den, "evidence_url": "https://example.org/evidence"})
    a = actual(ind, period2024)
    assert (a.numerator, a.denominator) == (91, 110)
    assert a.total == Decimal("82.73")  # 91/110, not the mean of 10 % and 90 % (50 %)
    assert actual(ind, period2024, country="LA").total == Decimal("10.00")


def test_computed_percentage_is_sum_of_numerators_over_sum_of_denominators(training, make_indicator, period2024):
    ind = make_indicator("P2", unit="percentage", filters={"sex": ["female"]}, denominator_measure="persons_completed",
                         denominator_filters={}, disaggregations=["country"])
    training("A", sex="female", org="own")
    training("B", sex="male", org="own")
    training("C", sex="male", org="own")
    training("D", sex="female", org="cn")
    a = actual(ind, period2024)
    assert (a.numerator, a.denominator, a.total) == (2, 4, Decimal("50.00"))
    by_country = {r["dims"]["country"]: (r["numerator"], r["denominator"], r["value"]) for r in a.rows}
    assert by_country == {"LA": (1, 3, Decimal("33.33")), "CN": (1, 1, Decimal("100.00"))}


def test_disaggregation_added_after_data_exists(training, make_indicator, period2024, system_user):
    computed = make_indicator("C1", disaggregations=["sex"])
    manual = make_indicator("M1", method="manual", measure="", disaggregations=["sex"])
    training("A", sex="female", org="own")
    training("B", sex="female", org="cn")
    services.create_indicator_value(system_user, {
        "indicator": manual, "period": period2024, "value": 30, "evidence_url": "https://example.org/list.pdf",
        "breakdown": [{"dims": {"sex": "female"}, "value": 20}, {"dims": {"sex": "male"}, "value": 10}]})
    assert [r["dims"] for r in actual(computed, period2024).rows] == [{"sex": "female"}]
    for ind in (computed, manual):
        ind.refresh_from_db()
        services.update_indicator(system_user, ind.pk, {"disaggregations": ["sex", "country"]}, ind.version)
    computed.refresh_from_db()
    manual.refresh_from_db()
    rows = actual(computed, period2024).rows
    assert [r["dims"] for r in rows] == [{"sex": "female", "country": "CN"}, {"sex": "female", "country": "LA"}]
    m = actual(manual, period2024)
    assert m.total == 30 and [r["dims"] for r in m.rows] == [{"sex": "female"}, {"sex": "male"}]
    assert any("original breakdown is kept" in n for n in m.notes)
    value = IndicatorValue.objects.get(indicator=manual)
    assert value.disaggregations_at_entry == ["sex"] and value.breakdown_differs
    # removing a disaggregation works the same way
    services.update_indicator(system_user, computed.pk, {"disaggregations": []}, computed.version)
    computed.refresh_from_db()
    assert actual(computed, period2024).rows == [] and actual(computed, period2024).total == 2


def test_unknown_filters_are_refused(make_indicator):
    with pytest.raises(ValidationError) as err:
        make_indicator("X", filters={"colour": ["red"]})
    assert "filters" in err.value.message_dict
    with pytest.raises(ValidationError):
        make_indicator("Y", filters={"activity_kind": ["no_such_kind"]})


def test_approved_period_is_locked(make_indicator, period2024, users, system_user):
    ind = make_indicator("M2", method="manual", measure="", disaggregations=[])
    la = Country.objects.get(pk="LA")
    value = services.create_indicator_value(system_user, {"indicator": ind, "period": period2024, "country": la,
                                                          "value": 5, "evidence_url": "https://example.org/e"})
    coordinator, secretariat = users["country_coordinator"], users["secretariat_admin"]
    with pytest.raises(PermissionDenied):
        services.approve_period(coordinator, period2024.pk, "LA")
    services.submit_period(coordinator, period2024.pk, "LA")
    approval = services.approve_period(secretariat, period2024.pk, "LA")
    assert approval.status == PeriodApproval.Status.APPROVED and approval.snapshot["M2"]["total"] == "5.00"
    with pytest.raises(LockedRecord) as err:
        services.update_indicator_value(system_user, value.pk, {"value": 6}, value.version)
    assert "approved" in err.value.message and "locked" in err.value.message
    with pytest.raises(LockedRecord):
        services.delete_indicator_value(system_user, value.pk, value.version)
    with pytest.raises(LockedRecord):
        services.update_indicator_value(coordinator, value.pk, {"value": 7}, value.version)
    with pytest.raises(ValidationError):
        services.unlock_period(secretariat, period2024.pk, "LA", reason="")
    services.unlock_period(secretariat, period2024.pk, "LA", reason="Correction from the Lao coordinator")
    entry = history(PeriodApproval.objects.get(pk=approval.pk)).first()
    assert entry.action == "transition" and entry.reason == "Correction from the Lao coordinator"
    assert services.update_indicator_value(system_user, value.pk, {"value": 6}, value.version).value == 6


def test_evidence_is_required_and_checked(make_indicator, period2024, system_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    ind = make_indicator("M3", method="manual", measure="", disaggregations=[])
    with pytest.raises(ValidationError) as err:
        services.create_indicator_value(system_user, {"indicator": ind, "period": period2024, "value": 1})
    assert "evidence_url" in err.value.message_dict
    fake = SimpleUploadedFile("list.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as err:
        services.create_indicator_value(system_user, {"indicator": ind, "period": period2024, "value": 1,
                                                      "evidence_file": fake})
    assert "evidence_file" in err.value.message_dict
    good = SimpleUploadedFile("list.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    assert services.create_indicator_value(system_user, {"indicator": ind, "period": period2024, "value": 1,
                                                         "evidence_file": good}).evidence_file
