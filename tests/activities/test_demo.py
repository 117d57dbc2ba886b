import re

import pytest
from django.apps import apps

from skillsnet.activities import demo as activities_demo
from skillsnet.activities.models import Activity, ActivityOrganisation, Initiative
from skillsnet.core.changelog import change_context
from skillsnet.core.demo import demo_actor
from skillsnet.directory.models import Organisation

WORKSHOP = "Peer-to-peer workshop of cooperation and exchange"
YUNNAN = "Yunnan Advanced Technical School of Electronic Information"


def test_loading_twice_creates_each_activity_once(demo):
    titles = list(Activity.objects.values_list("title", flat=True))
    counts = (Activity.objects.count(), Initiative.objects.count(), ActivityOrganisation.objects.count())
    with change_context("demo"):
        activities_demo.load(demo_actor())
    assert len(titles) == len(set(titles)) >= 9
    assert (Activity.objects.count(), Initiative.objects.count(), ActivityOrganisation.objects.count()) == counts


def test_demo_keeps_unknown_dates_unknown(demo):
    conference = Activity.objects.get(title__startswith="Annual conference")
    assert (conference.start, conference.period) == (None, "") and "Last Friday" in conference.date_note
    lectures = Activity.objects.get(title__startswith="Special lectures")
    assert (lectures.start, lectures.period, lectures.parent.start.isoformat()) == (None, "2023-12", "2023-12-10")
    workshops = Initiative.objects.get(name="Panda Workshops")
    assert (workshops.sites_count, workshops.countries_count, workshops.sites.count()) == (5, 3, 0)
    assert Initiative.objects.get(name="Panda College").start == ""
    workshop = Activity.objects.get(title__startswith=WORKSHOP)
    assert (workshop.mode, workshop.platform, workshop.start.isoformat()) == ("online", "Zoom", "2022-01-19")


def test_demo_people_in_roles(demo):
    if not apps.is_installed("skillsnet.people"):
        pytest.skip("people app not installed")
    workshop = Activity.objects.get(title__startswith=WORKSHOP)
    roles = set(workshop.participations.values_list("person__name", "role"))
    assert ("Keovanlay Phanthavong", "moderator") in roles and ("Wei Fan", "speaker") in roles


def test_demo_signing_ceremony_implements_the_mou(demo):
    ceremony = Activity.objects.get(kind="signing_ceremony")
    assert ceremony.start.isoformat() == "2025-05-13"
    if apps.is_installed("skillsnet.agreements"):
        assert ceremony.agreement is not None and ceremony.agreement.kind == "mou"


def _section(html, title):
    """A section of a detail page's overview, by its heading (a link to the section's tab)."""
    found = re.search(rf"<h2>(<a [^>]*>)?{re.escape(title)}(</a>)? <span", html)
    assert found, f"no section {title!r}"
    start = found.start()
    return html[start:html.index("</section>", start)]


def test_lao_german_page_shows_workshop_and_panda_college(demo, client):
    lgtc = Organisation.objects.get(name="Lao-German Technical College")
    html = client.get(f"/directory/organisations/{lgtc.pk}/").content.decode()
    activities = _section(html, "Activities")
    assert WORKSHOP in activities and YUNNAN in activities
    workshop = Activity.objects.get(title__startswith=WORKSHOP)
    assert workshop.start.isoformat() == "2022-01-19" and f"/activities/activities/{workshop.pk}/" in activities
    assert workshop.organisation_roles.filter(organisation__name=YUNNAN).exists()
    programmes = _section(html, "Programmes")
    assert "Panda College" in programmes and "Chongqing Industry Polytechnic College" in programmes
    timeline = re.sub(r"<[^>]+>", "", _section(html, "Timeline"))
    assert timeline.index("2022") < timeline.index("Panda College")


def test_demo_finds_an_institute_by_its_lao_name(demo, client):
    """The demo carries the Lao name that a published source gives (Inside Laos, 2019), with that source,
    so a search in Lao script finds the college."""
    from skillsnet.directory.models import Organisation

    college = Organisation.objects.get(name="Lao-German Technical College")
    assert college.name_lo == "ວິທະຍາໄລເຕັກນິກລາວ-ເຢຍລະມັນ"
    assert "insidelaos.com" in college.description
    page = client.get("/search/", {"q": "ວິທະຍາໄລເຕັກນິກລາວ"}).content.decode()
    assert "Lao-German Technical College" in page or "ວິທະຍາໄລເຕັກນິກລາວ-ເຢຍລະມັນ" in page
