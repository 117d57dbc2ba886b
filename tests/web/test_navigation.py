"""The top navigation: at most 8 sections, reference tables under Admin, and no role is shown a link that
answers anything but 200."""
import re

import pytest
from django.test import Client

from ..conftest import PASSWORD

NAV = re.compile(r'<nav class="menu".*?</nav>', re.S)


def nav_links(html):
    block = NAV.search(html)
    return re.findall(r'href="([^"#]+)"', block.group(0)) if block else []


def sections(html):
    block = NAV.search(html)
    return re.findall(r'<summary>.*?<span>([^<]+)</span></summary>', block.group(0), re.S) if block else []


def client_for(users, role):
    c = Client()
    if role != "anonymous":
        assert c.login(username=users[role].username, password=PASSWORD)
    return c


@pytest.mark.parametrize("role", ["secretariat_admin", "country_coordinator", "focal_point", "viewer", "anonymous"])
def test_every_navigation_link_answers_200(users, role):
    c = client_for(users, role)
    html = c.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    links = nav_links(html)
    if role != "anonymous":
        assert len(links) >= 5, links
    bad = []
    for url in dict.fromkeys(links):
        status = c.get(url, HTTP_ACCEPT_LANGUAGE="en").status_code
        if status != 200:
            bad.append((url, status))
    assert not bad, f"{role} is shown links that answer {bad}"


def test_at_most_eight_sections_and_reference_tables_under_admin(users):
    html = client_for(users, "secretariat_admin").get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    names = sections(html)
    assert 4 <= len(names) <= 8, names
    assert names[-1] == "Admin"
    block = NAV.search(html).group(0)
    admin = block[block.index(">Admin<"):]
    assert "/directory/countries/" in admin and "/directory/countries/" not in block[:block.index(">Admin<")]


def test_viewer_is_not_offered_duplicates_or_admin(users):
    html = client_for(users, "viewer").get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "/people/duplicates/" not in " ".join(nav_links(html))


def test_menu_follows_a_change_of_roles(users, system_user):
    """Menus are kept per set of roles: granting a role shows its links on the next page, revoking hides them."""
    from skillsnet.accounts.models import RoleAssignment
    from skillsnet.accounts.services import grant_role, revoke_role

    viewer = users["viewer"]
    c = client_for(users, "viewer")

    def links():
        return nav_links(c.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode())

    before = links()
    assert "/people/duplicates/" not in before
    grant_role(system_user, viewer, "secretariat_admin", reason="test")
    assert "/people/duplicates/" in links()
    revoke_role(system_user, RoleAssignment.objects.get(user=viewer, role="secretariat_admin").pk, reason="test")
    assert links() == before
