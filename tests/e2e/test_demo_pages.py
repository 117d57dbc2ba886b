"""After the demo is loaded, in a browser: Lao-German Technical College's page, the 2008 agreement's page
and the network's page show what the seeds state."""
import pytest

from skillsnet.agreements.models import Agreement
from skillsnet.core.demo import DEMO_PASSWORD, load_demo
from skillsnet.directory.models import Organisation

from ..conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_demo_pages_in_the_browser(page, live_server, reference):
    load_demo()
    login(page, live_server, "secretariat", DEMO_PASSWORD)
    lgtc = Organisation.objects.get(name="Lao-German Technical College")
    page.goto(f"{live_server.url}/directory/organisations/{lgtc.pk}/")
    main = page.inner_text("main")
    assert "Peer-to-peer workshop" in main and "Yunnan Advanced Technical School of Electronic Information" in main
    assert "Panda College" in main and "Chongqing Industry Polytechnic College" in main
    assert "2022-01-19" in main or "19" in main

    agreement = Agreement.objects.get(kind="partnership")
    page.goto(f"{live_server.url}/agreements/agreements/{agreement.pk}/")
    main = page.inner_text("main")
    assert "Amendment to the ILO–China Partnership Agreement" in main
    assert "5,000,000" in main

    network = Organisation.objects.get(name="South-South Cooperation Skills Development Network")
    page.goto(f"{live_server.url}/directory/organisations/{network.pk}/")
    reported = page.locator("section.panel", has_text="member institutions").first.inner_text()
    # 41 as reported, with its source, beside the 2 members registered, and the disagreement flagged
    assert "41" in reported and "disagrees" in reported and "0.049" in reported
    assert "In a significant stride" in reported  # the source article
