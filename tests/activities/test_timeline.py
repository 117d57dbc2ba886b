from django.apps import apps

from skillsnet.activities.models import Initiative
from skillsnet.activities.queries import organisation_timeline
from skillsnet.core.services import create_object
from skillsnet.directory.models import Membership

from .conftest import day


def test_timeline_orders_partial_dates_and_puts_unknown_last(orgs, users, system_user, make_activity):
    own = orgs["own"]
    create_object(system_user, Membership, {"network": orgs["network"], "member": own})  # date unknown
    make_activity("Workshop on 10 May 2023", host=own, start=day("2023-05-10"))
    make_activity("Workshop in 2022", host=own, period="2022")
    create_object(system_user, Initiative, {"name": "Programme from May 2023", "lead": own, "start": "2023-05"})
    expected = ["Workshop in 2022", "Programme from May 2023", "Workshop on 10 May 2023",
                "South-South Cooperation Skills Development Network"]
    if apps.is_installed("skillsnet.agreements"):
        agreement = apps.get_model("agreements", "Agreement")
        party = apps.get_model("agreements", "Party")
        mou = create_object(system_user, agreement, {"title": "MoU of 2023", "kind": "mou", "signed_on": "2023"})
        create_object(system_user, party, {"agreement": mou, "organisation": own})
        expected.insert(1, "MoU of 2023")
    titles = [e.title for e in organisation_timeline(users["secretariat_admin"], own)]
    assert titles == expected
    assert organisation_timeline(users["secretariat_admin"], own)[-1].date == ""


def test_timeline_panel_on_organisation_page(client, orgs, make_activity):
    make_activity("Dated workshop", host=orgs["own"], start=day("2021-06-01"))
    html = client.get(f"/directory/organisations/{orgs['own'].pk}/").content.decode()
    assert "Timeline" in html and "Dated workshop" in html


def test_organisation_activities_are_those_it_hosts_or_has_a_role_in(orgs, users, system_user, make_activity,
                                                                     api_as):
    from skillsnet.activities.models import ActivityOrganisation
    from skillsnet.activities.queries import activities_of_organisation

    own = orgs["own"]
    make_activity("Hosted workshop", host=own, start=day("2023-05-10"))
    visit = make_activity("Exchange visit elsewhere", host=orgs["cn"], start=day("2024-03-01"))
    create_object(system_user, ActivityOrganisation, {"activity": visit, "organisation": own, "role": "participant"})
    make_activity("Someone else's workshop", host=orgs["cn"], start=day("2024-04-01"))
    titles = sorted(a.title for a in activities_of_organisation(own, users["secretariat_admin"]))
    assert titles == ["Exchange visit elsewhere", "Hosted workshop"]
    assert sorted(a.title for a in activities_of_organisation(orgs["cn"], users["secretariat_admin"])) == [
        "Exchange visit elsewhere", "Someone else's workshop"]
    # the list filter "host or partner" of the API and the list pages gives the same
    rows = api_as("secretariat_admin").get(f"/api/activities/activities/?organisation={own.pk}").json()["results"]
    assert sorted(r["title"] for r in rows) == ["Exchange visit elsewhere", "Hosted workshop"]


def test_organisation_page_reads_its_agreements_once_for_the_panel_and_the_timeline(client, orgs, system_user,
                                                                                     users):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    agreement = apps.get_model("agreements", "Agreement")
    party = apps.get_model("agreements", "Party")
    for title, signed in (("MoU of 2019", "2019"), ("MoU of 2023", "2023")):
        mou = create_object(system_user, agreement, {"title": title, "kind": "mou", "signed_on": signed,
                                                     "status": "signed"})
        create_object(system_user, party, {"agreement": mou, "organisation": orgs["own"]})
    other = create_object(system_user, agreement, {"title": "Someone else's MoU", "kind": "mou", "signed_on": "2020"})
    create_object(system_user, party, {"agreement": other, "organisation": orgs["cn"]})
    client.force_login(users["secretariat_admin"])
    client.get(f"/directory/organisations/{orgs['own'].pk}/")
    with CaptureQueriesContext(connection) as queries:
        html = client.get(f"/directory/organisations/{orgs['own'].pk}/?tab=timeline").content.decode()
    reads = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('SELECT "agreements_agreement"."id"')]
    assert len(reads) == 1, reads
    assert "MoU of 2019" in html and "MoU of 2023" in html and "Someone else" not in html
    assert html.index("MoU of 2019") < html.index("MoU of 2023")  # the timeline, oldest first
    overview = client.get(f"/directory/organisations/{orgs['own'].pk}/").content.decode()
    assert "MoU of 2019" in overview and "MoU of 2023" in overview  # the Agreements panel's preview
