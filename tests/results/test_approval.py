"""Approval freezes a period: the approved value survives later changes of the records and of the definition;
the drift since is shown apart; reopening needs a reason and is logged."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from skillsnet.core.changelog import history
from skillsnet.results import services
from skillsnet.results.models import IndicatorRevision, PeriodApproval
from skillsnet.results.queries import approval_for, framework


def approve(users, period):
    services.submit_period(users["secretariat_admin"], period.pk)
    return services.approve_period(users["secretariat_admin"], period.pk)


def row_of(project, period, code):
    for block in framework(project, period):
        for item in block["indicators"]:
            if item["indicator"].code == code:
                return item
    raise AssertionError(code)


def test_the_approved_value_survives_a_later_change_and_the_drift_is_shown(training, make_indicator, period2024,
                                                                          system_user, users, project, client):
    make_indicator("T1", disaggregations=["sex"])
    for i in range(15):
        training(f"Trainee {i}", sex="female" if i % 3 else "male")
    approval = approve(users, period2024)
    assert approval.snapshot["T1"]["total"] == "15"
    assert {r["dims"]["sex"]: r["value"] for r in approval.snapshot["T1"]["rows"]} == {"female": "10", "male": "5"}
    for i in range(4):  # completed after approval
        training(f"Late trainee {i}", sex="male")
    item = row_of(project, period2024, "T1")
    assert item["approved"].total == 15 and item["value"] == 15
    assert item["actual"].total == 19
    assert (item["approved"].live_same_definition, item["approved"].drift) == (19, 4)
    client.force_login(system_user)
    page = client.get(f"/results/projects/{project.pk}/framework/?period={period2024.pk}").content.decode()
    assert "approved 15" in page and "the records now give 19, +4 since approval" in page
    assert "Changes since approval" in page
    changes = client.get(f"/results/projects/{project.pk}/changes/?since={approval.approved_at.isoformat()}")
    assert changes.status_code == 200 and "Late trainee 3" in changes.content.decode()


def test_an_approved_period_keeps_the_definition_it_was_approved_with(training, make_indicator, period2024,
                                                                      system_user, users, project):
    ind = make_indicator("T2", filters={"participant_kind": ["teacher"]}, disaggregations=[])
    training("Teacher A", kind="teacher")
    training("Student B", kind="student")
    approve(users, period2024)
    ind.refresh_from_db()
    services.update_indicator(system_user, ind.pk, {"filters": {}}, ind.version, reason="count students too")
    assert list(IndicatorRevision.objects.filter(indicator=ind).values_list("number", flat=True)) == [1, 2]
    item = row_of(project, period2024, "T2")
    assert item["approved"].total == 1 and item["approved"].revision == 1
    assert item["approved"].definition_changed and item["approved"].current_revision == 2
    assert item["actual"].total == 2  # today's definition
    assert item["approved"].drift == 0  # the records did not change under the approved definition


def test_reopening_needs_a_reason_and_is_logged(make_indicator, period2024, users):
    make_indicator("T3")
    approval = approve(users, period2024)
    with pytest.raises(ValidationError):
        services.reopen_period(users["secretariat_admin"], period2024.pk, reason="  ")
    services.reopen_period(users["secretariat_admin"], period2024.pk, reason="Lao figures corrected")
    approval.refresh_from_db()
    assert approval.status == PeriodApproval.Status.OPEN and approval.reopen_reason == "Lao figures corrected"
    entry = history(approval).first()
    assert entry.action == "transition" and entry.reason == "Lao figures corrected"
    assert entry.before["status"] == "approved" and entry.before["snapshot"]["T3"]["total"] == "0"


def test_targets_percent_of_target_and_life_of_project(training, make_indicator, period2024, system_user, project):
    from skillsnet.results.models import Target

    ind = make_indicator("T4", disaggregations=["sex", "country"])
    for i in range(3):
        training(f"Woman {i}", sex="female")
    training("Man", sex="male", org="cn")
    services.create_target(system_user, {"indicator": ind, "period": period2024, "value": 8})
    services.create_target(system_user, {"indicator": ind, "period": period2024, "breakdown": "sex=female",
                                         "value": 4})
    services.create_target(system_user, {"indicator": ind, "period": None, "value": 40})
    with pytest.raises(ValidationError):  # not a disaggregation of this indicator
        services.create_target(system_user, {"indicator": ind, "period": period2024, "breakdown": "age_group=15_24",
                                             "value": 1})
    item = row_of(project, period2024, "T4")
    assert item["pct_of_target"] == Decimal("50.0")
    assert [(t.breakdown, v, p) for t, v, p in item["cell_targets"]] == [("sex=female", 3, Decimal("75.0"))]
    assert (item["life_target"].value, item["life_actual"], item["life_pct"]) == (40, 4, Decimal("10.0"))
    assert Target.objects.filter(period__isnull=True).count() == 1


def test_hand_entered_parts_must_add_up_to_the_total(make_indicator, period2024, system_user):
    ind = make_indicator("M1", method="manual", measure="", disaggregations=["sex"])
    with pytest.raises(ValidationError) as err:
        services.create_indicator_value(system_user, {
            "indicator": ind, "period": period2024, "value": 10, "evidence_url": "https://example.org/list.pdf",
            "breakdown": [{"dims": {"sex": "female"}, "value": 20}, {"dims": {"sex": "male"}, "value": 5}]})
    assert "add up to 25, not to the total 10" in err.value.message_dict["breakdown"][0]
    services.create_indicator_value(system_user, {
        "indicator": ind, "period": period2024, "value": 25, "evidence_url": "https://example.org/list.pdf",
        "breakdown": [{"dims": {"sex": "female"}, "value": 20}, {"dims": {"sex": "male"}, "value": 5}]})


def test_the_hand_entry_form_has_one_input_per_cell(make_indicator, period2024, system_user, client):
    from django.urls import reverse

    ind = make_indicator("M2", method="manual", measure="", disaggregations=["sex", "country"])
    client.force_login(system_user)
    url = reverse("results_indicatorvalue_add")
    page = client.get(f"{url}?indicator={ind.pk}").content.decode()
    assert 'name="cell__sex__female__value"' in page and 'name="cell__country__LA__value"' in page
    assert 'name="breakdown"' not in page  # no raw JSON typing
    data = {"indicator": ind.pk, "period": period2024.pk, "value": "10", "evidence_url": "https://example.org/e",
            "cell__sex__female__value": "20", "cell__sex__male__value": "5"}
    response = client.post(f"{url}?indicator={ind.pk}", data)
    assert response.status_code == 400 and "add up to 25, not to the total 10" in response.content.decode()
    data.update({"cell__sex__female__value": "6", "cell__sex__male__value": "4", "cell__country__LA__value": "7",
                 "cell__country__KH__value": "3"})
    response = client.post(f"{url}?indicator={ind.pk}", data)
    assert response.status_code == 302
    value = ind.values.get()
    assert sorted((tuple(r["dims"].items()), r["value"]) for r in value.breakdown) == [
        ((("country", "KH"),), "3"), ((("country", "LA"),), "7"), ((("sex", "female"),), "6"),
        ((("sex", "male"),), "4")]
    assert approval_for(period2024) is None and datetime.date.today()


def test_the_approver_is_named_only_to_those_who_may_see_users(training, make_indicator, period2024, users, project,
                                                                client, api_as, orgs):
    """The user who approved a period is a link to a personal record (core.privacy): a viewer or a donor-facing
    report for such a reader says "—", the secretariat sees who approved."""
    from skillsnet.core.errors import LockedRecord
    from skillsnet.results.report import build_report

    make_indicator("T1", disaggregations=["sex"])
    training("Trainee 1", sex="female")
    approve(users, period2024)
    url = f"/api/results/projects/{project.pk}/framework/?period={period2024.pk}"
    assert api_as("secretariat_admin").get(url).json()["approval"]["approved_by"] == "admin1"
    seen_by_viewer = api_as("viewer").get(url).json()["approval"]
    assert seen_by_viewer["status"] == "approved" and seen_by_viewer["approved_by"] == "—"
    page_url = f"/results/projects/{project.pk}/framework/?period={period2024.pk}"
    client.force_login(users["viewer"])
    page = client.get(page_url).content.decode()
    assert "approved by" in page and "admin1" not in page
    client.force_login(users["secretariat_admin"])
    assert "approved by admin1" in " ".join(client.get(page_url).content.decode().split())
    report_text = str(build_report(project, str(period2024.pk), user=users["viewer"]).__dict__)
    assert "admin1" not in report_text and "by —" in report_text
    assert "by admin1" in str(build_report(project, str(period2024.pk), user=users["secretariat_admin"]).__dict__)
    # the lock message names the approver only to an editor who may see users
    with pytest.raises(LockedRecord) as refused:
        services.check_unlocked(period2024, actor=users["country_coordinator"])
    assert "admin1" not in str(refused.value) and "by —" in str(refused.value)


def test_the_values_stored_at_approval_stay_out_of_a_history_without_personal_values(
        training, make_indicator, period2024, users, api_as, system_user):
    """Three trainees (two women, a man): the approval stores the cells exactly; a viewer reads the approval's
    history without them (the framework page shows them, as '< 5')."""
    make_indicator("T1", disaggregations=["sex"])
    for i, sex in enumerate(("female", "female", "male")):
        training(f"Small group trainee {i}", sex=sex)
    approval = approve(users, period2024)
    assert {r["dims"]["sex"]: r["value"] for r in approval.snapshot["T1"]["rows"]} == {"female": "2", "male": "1"}
    url = f"/api/results/period-approvals/{approval.pk}/history/"
    for role in ("viewer", "focal_point"):
        entries = api_as(role).get(url).json()["results"]
        assert entries and all((e["after"] or {}).get("snapshot") is None and (e["before"] or {}).get("snapshot")
                               is None for e in entries), role
    entries = api_as("secretariat_admin").get(url).json()["results"]
    assert entries[0]["after"]["snapshot"]["T1"]["total"] == "3"
