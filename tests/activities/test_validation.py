"""An activity cannot end before it starts; online needs a platform — the same from every door."""
import pytest
from django.core.exceptions import ValidationError

from skillsnet.activities import services
from skillsnet.activities.models import Activity

from .conftest import day

BAD_DATES = {"title": "Backwards workshop", "kind": "peer_to_peer_workshop", "start": "2024-03-10",
             "end": "2024-03-09"}


def test_service_refuses_end_before_start(system_user):
    with pytest.raises(ValidationError) as err:
        services.create_activity(system_user, {**BAD_DATES, "start": day("2024-03-10"), "end": day("2024-03-09")})
    assert "cannot end before it starts" in " ".join(err.value.message_dict["end"])
    assert not Activity.objects.exists()


def test_service_accepts_one_day_activity(system_user):
    a = services.create_activity(system_user, {**BAD_DATES, "start": day("2024-03-10"), "end": day("2024-03-10")})
    assert a.pk


def test_api_refuses_end_before_start_with_clear_message(api_as):
    response = api_as("secretariat_admin").post("/api/activities/activities/", BAD_DATES, format="json")
    assert response.status_code == 400
    assert "cannot end before it starts" in " ".join(response.json()["end"])
    assert not Activity.objects.exists()


def test_form_shows_the_error(client, users):
    client.force_login(users["secretariat_admin"])
    response = client.post("/activities/activities/add/", BAD_DATES)
    assert response.status_code == 400
    assert "cannot end before it starts" in response.content.decode()
    assert not Activity.objects.exists()


def test_online_without_platform_refused(system_user, api_as):
    data = {"title": "Online talk", "kind": "lecture", "mode": "online", "platform": ""}
    with pytest.raises(ValidationError) as err:
        services.create_activity(system_user, data)
    assert "platform" in err.value.message_dict
    response = api_as("secretariat_admin").post("/api/activities/activities/", data, format="json")
    assert response.status_code == 400 and "platform" in response.json()
    ok = services.create_activity(system_user, {**data, "platform": "Zoom"})
    assert ok.platform == "Zoom"


def test_part_takes_parent_period_and_stays_within_its_dates(make_activity):
    event = make_activity("Exchange", start=day("2023-12-10"), end=day("2023-12-13"))
    visit = make_activity("Visit", kind="exchange_visit", parent=event)
    assert (visit.start, visit.period) == (None, "2023-12")
    with pytest.raises(ValidationError) as err:
        make_activity("Late visit", kind="exchange_visit", parent=event, start=day("2023-12-20"))
    assert "start" in err.value.message_dict


def test_follow_up_overdue_flag(make_activity, system_user):
    from skillsnet.activities.models import FollowUpAction
    from skillsnet.core.services import create_object

    a = make_activity("Meeting")
    late = create_object(system_user, FollowUpAction, {"activity": a, "what": "Send minutes", "due": day("2020-01-01")})
    done = create_object(system_user, FollowUpAction, {"activity": a, "what": "Book room", "due": day("2020-01-01"),
                                                       "status": "done"})
    assert late.is_overdue and not done.is_overdue
