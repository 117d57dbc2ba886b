"""The seed network (demo data): Lao-German Technical College's suggestions, the network's ties."""
import pytest

from skillsnet.core.demo import load_demo
from skillsnet.directory.models import Organisation
from skillsnet.matching import network
from skillsnet.matching.queries import rank_partners

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(reference):
    load_demo()
    from skillsnet.accounts.models import User

    return User.objects.get(username="secretariat")


def org(name):
    return Organisation.objects.get(name=name)


def test_lgtc_suggestions_list_institutions_with_explanations(demo):
    lgtc = org("Lao-German Technical College")
    results = rank_partners(demo, lgtc, limit=20)
    assert results, "Lao-German Technical College gets suggestions"
    names = [r.organisation.name for r in results]
    assert "Lao-German Technical College" not in names
    assert "Lao Polytechnic College" in names
    for r in results:
        assert r.organisation.kind in ("tvet_institute", "company")
        assert sum(c.points for c in r.components) == r.score
        assert all(c.text for c in r.components)  # every component explained in words
    # Yunnan (peer-to-peer workshop) and Chongqing (Panda College training) are existing partners
    by_name = {r.organisation.name: r for r in results}
    yunnan = by_name["Yunnan Advanced Technical School of Electronic Information"]
    assert yunnan.existing_partner
    assert "Already a partner" in next(c for c in yunnan.components if c.key == "ties").text
    assert next(c for c in by_name["Lao Polytechnic College"].components if c.key == "proximity").points == 6


def test_lgtc_suggestions_page_and_panel(demo, client):
    client.force_login(demo)
    lgtc = org("Lao-German Technical College")
    page = client.get(f"/matching/organisations/{lgtc.pk}/suggestions/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Lao Polytechnic College" in html and "Proximity" in html and "Propose partnership" in html
    detail = client.get(f"/directory/organisations/{lgtc.pk}/")
    assert detail.status_code == 200
    assert "Suggested partners" in detail.content.decode()


def test_network_shows_china_laos_and_china_cambodia_ties(demo, client):
    graph = network.build_graph(demo)
    stats = network.analyse(graph)
    pairs = {(a, b): n for a, b, n in stats["pairs"]}
    assert pairs.get(("CN", "LA"), 0) >= 2  # TEITC–Lao Polytechnic MoU, Yunnan–Lao-German workshop
    assert pairs.get(("CN", "KH"), 0) >= 1  # GZITTC–NPIC Guangzhou event

    def tie(a, b):
        return graph.has_edge(org(a).pk, org(b).pk)

    assert tie("Tianjin Electronic Information Technician College", "Lao Polytechnic College")
    assert tie("Yunnan Advanced Technical School of Electronic Information", "Lao-German Technical College")
    assert tie("Guangzhou Industry and Trade Technician College", "National Polytechnic Institute of Cambodia")
    assert stats["cross_border_count"] >= 3
    client.force_login(demo)
    page = client.get("/matching/network/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="network-data"' in html and "country-matrix" in html
    assert "National Polytechnic Institute of Cambodia" in html
    svg = client.get("/matching/network.svg")
    assert svg.status_code == 200 and svg.content.startswith(b"<svg")
    png = client.get("/matching/network.png")
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    csv = client.get("/matching/network.csv")
    assert b"National Polytechnic Institute of Cambodia" in csv.content


def test_demo_demand_signal_from_seed_000(demo, client):
    from skillsnet.labour.models import DemandSignal

    signals = DemandSignal.objects.filter(country="LA")
    assert set(signals.values_list("occupation_id", flat=True)) == {"742", "3113", "3114", "35"}
    assert all(s.level == "urgent" and s.date == "2025-05-23" and "In a significant stride" in s.source_title
               and s.mapping_note and s.quantity is None for s in signals)
    load_demo()  # twice changes nothing
    assert DemandSignal.objects.count() == 4
    client.force_login(demo)
    page = client.get("/labour/gaps/?country=LA")
    assert page.status_code == 200
    assert "Demand with no training supply recorded" in page.content.decode()
    detail = client.get("/labour/gaps/LA/742/")
    assert detail.status_code == 200 and "In a significant stride" in detail.content.decode()
    assert "Seed 0" not in detail.content.decode()
