"""The home page of each role shows what needs attention and what the user looks after; a visitor gets the
network's public page (members on the map, no personal data)."""
import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from skillsnet.activities.models import Activity
from skillsnet.agreements.models import Agreement, Commitment
from skillsnet.core import services
from skillsnet.directory.models import Membership
from skillsnet.people.models import Person

from ..conftest import PASSWORD


def signed_in(users, role):
    c = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert c.login(username=users[role].username, password=PASSWORD)
    return c


def badge(html, key):
    m = re.search(rf'id="attention-{key}".*?<span class="badge[^"]*">(\d+)</span>', html, re.S)
    return int(m.group(1)) if m else None


@pytest.fixture
def work(orgs, system_user):
    today = timezone.localdate()
    mou = services.create_object(system_user, Agreement, {
        "title": "MoU LGTC – TEITC", "kind": "mou", "status": "active",
        "ends_on": (today + datetime.timedelta(days=30)).isoformat()})
    services.create_object(system_user, Agreement, {
        "title": "Far away MoU", "kind": "mou", "status": "active",
        "ends_on": (today + datetime.timedelta(days=400)).isoformat()})
    services.create_object(system_user, Commitment, {
        "agreement": mou, "description": "Send the curriculum", "due_on": today - datetime.timedelta(days=3)})
    services.create_object(system_user, Commitment, {
        "agreement": mou, "description": "Visit next year", "due_on": today + datetime.timedelta(days=300)})
    for name in ("Zhang Lifang", "Lifang Zhang"):
        services.create_object(system_user, Person, {"name": name, "organisation": orgs["cn"], "birth_year": 1980})
    workshop = services.create_object(system_user, Activity, {
        "title": "Welding workshop at LGTC", "kind": "peer_to_peer_workshop", "host": orgs["own"],
        "start": today, "country": orgs["own"].country, "source": "https://example.org/article"})
    services.create_object(system_user, Membership, {"network": orgs["network"], "member": orgs["own"]})
    services.create_object(system_user, Membership, {"network": orgs["network"], "member": orgs["cn"]})
    return {"mou": mou, "workshop": workshop}


def test_secretariat_sees_what_needs_attention(users, work):
    html = signed_in(users, "secretariat_admin").get("/").content.decode()
    assert badge(html, "overdue") == 1 and "Send the curriculum" in html and "Visit next year" not in html
    assert badge(html, "expiring") == 1 and "Far away MoU" not in html
    assert badge(html, "duplicates") == 1 and "Zhang Lifang" in html
    assert badge(html, "approvals") == 0


def test_focal_point_sees_their_institution_not_the_secretariat_queue(users, work):
    html = signed_in(users, "focal_point").get("/").content.decode()
    assert "Lao-German Technical College" in html and "Welding workshop at LGTC" in html
    assert badge(html, "duplicates") is None and badge(html, "ingest") is None


def test_coordinator_sees_their_country(users, work):
    html = signed_in(users, "country_coordinator").get("/").content.decode()
    assert 'id="country-LA"' in html and "Welding workshop at LGTC" in html


def test_visitor_gets_the_public_page_with_members_on_the_map(users, work):
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="land member"') == 2  # Lao PDR and China
    assert "Lao-German Technical College" in html and "Tianjin Electronic Information Technician College" in html
    assert "Welding workshop at LGTC" in html  # reported by a published source
    assert "Zhang Lifang" not in html  # no personal data
    assert 'id="join"' in html
    assert "<script>" not in html and " style=" not in html  # nothing the CSP blocks
