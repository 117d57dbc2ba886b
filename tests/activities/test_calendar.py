from .conftest import day


def test_calendar_shows_activity_in_its_month_only(client, make_activity, reference):
    make_activity("March skills fair", kind="competition", start=day("2024-03-05"), end=day("2024-03-06"))
    march = client.get("/activities/calendar/?month=2024-03")
    april = client.get("/activities/calendar/?month=2024-04")
    assert march.status_code == 200 and april.status_code == 200
    assert "March skills fair" in march.content.decode()
    assert "March skills fair" not in april.content.decode()
    assert "month=2024-04" in march.content.decode()  # link to the next month


def test_calendar_month_only_and_filters(client, make_activity, reference):
    make_activity("Some time in May", kind="conference", period="2024-05")
    make_activity("May lecture", kind="lecture", start=day("2024-05-02"))
    page = client.get("/activities/calendar/?month=2024-05").content.decode()
    assert "Some time in May" in page and "May lecture" in page
    page = client.get("/activities/calendar/?month=2024-05&kind=lecture").content.decode()
    assert "May lecture" in page and "Some time in May" not in page


def test_calendar_bad_month_does_not_fail(client, reference):
    assert client.get("/activities/calendar/?month=garbage&kind=nonsense").status_code == 200


def test_calendar_opens_on_the_nearest_month_with_activities_and_has_a_list_view(orgs, system_user, client):
    import datetime

    from skillsnet.activities.models import Activity
    from skillsnet.core import services

    client.force_login(system_user)
    today = datetime.date.today()
    far = today.replace(day=1) - datetime.timedelta(days=400)
    near = (today.replace(day=1) + datetime.timedelta(days=75)).replace(day=9)
    for title, start in (("Far workshop", far), ("Near workshop", near)):
        services.create_object(system_user, Activity, {"title": title, "kind": "peer_to_peer_workshop",
                                                        "start": start, "host": orgs["own"]})
    html = client.get("/activities/calendar/").content.decode()
    assert "Near workshop" in html and "Far workshop" not in html
    listed = client.get(f"/activities/calendar/?month={near:%Y-%m}&view=list").content.decode()
    assert 'class="calendar"' not in listed and 'class="agenda"' in listed and "Near workshop" in listed
