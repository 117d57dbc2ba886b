"""The dashboard's "members by country over time" chart, counted by hand: a member counts in a year when it had
joined by 31 December and had not left before it (partial dates: '2020-06' left means the end of June)."""
import datetime
import re

import pytest

from skillsnet.core import services
from skillsnet.directory.models import Membership

from ..conftest import make_org

pytestmark = pytest.mark.django_db


def test_members_by_country_per_year(client, users, orgs, system_user):
    network = orgs["network"]
    third_la = make_org(system_user, "Savannakhet Technical College", "LA")
    for member, joined, left in [(orgs["own"], "2019", ""), (third_la, "2019", ""),
                                 (orgs["other_la"], "2020-06", "2022-03"), (orgs["cn"], "2021-12-31", "")]:
        services.create_object(system_user, Membership, {"network": network, "member": member,
                                                         "joined_on": joined, "left_on": left})
    client.force_login(system_user)
    page = client.get(f"/results/dashboard/?network={network.pk}").content.decode()
    points = dict(re.findall(r"<title>((?:LA|CN) – \d{4}): (\d+) members?</title>", page))
    this_year = datetime.date.today().year
    expected = {"LA – 2019": 2, "LA – 2020": 3, "LA – 2021": 3, "LA – 2022": 2,
                "CN – 2019": 0, "CN – 2020": 0, "CN – 2021": 1, "CN – 2022": 1,
                f"LA – {this_year}": 2, f"CN – {this_year}": 1}
    assert {k: int(points[k]) for k in expected} == expected
