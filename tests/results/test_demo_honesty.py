"""The demo states only what the articles state: attributions as written, nothing inferred, and what was
missing added from the articles."""
import pytest

from skillsnet.activities.models import Activity, Initiative
from skillsnet.agreements.models import Agreement
from skillsnet.core.demo import load_demo
from skillsnet.directory.models import Organisation
from skillsnet.funding.models import Contribution
from skillsnet.results.models import Attribution, Project, ReportedFigure
from skillsnet.results.queries import framework


@pytest.fixture
def demo(db, reference):
    load_demo()


def test_panda_workshop_figures_are_not_the_ilo_projects(demo):
    project = Project.objects.get(code="ilo-china-skills")
    panda = ReportedFigure.objects.filter(initiative__name="Panda Workshops")
    assert panda.count() == 4 and not panda.filter(indicator__isnull=False).exists()
    shown = [r["figure"].statement for b in framework(project) for i in b["indicators"] for r in i["figures"]]
    assert not any("240 teachers" in s or "600 corporate" in s for s in shown)


def test_the_government_of_china_is_not_replaced_by_a_ministry(demo):
    amendment = Agreement.objects.get(kind="amendment")
    parties = set(amendment.parties.filter(role="party").values_list("organisation__name", flat=True))
    assert parties == {"International Labour Organization", "Government of China"}
    partnership = Agreement.objects.get(kind="partnership")
    assert "Ministry of Human Resources and Social Security" not in set(
        partnership.parties.filter(role="party").values_list("organisation__name", flat=True))
    funders = {int(c.amount): c.funder.name for c in Contribution.objects.filter(project__code="ilo-china-skills")}
    # "a previous contribution of 4 million USD from MOHRSS"; the 1 million "from China", no ministry named
    assert funders == {4_000_000: "Ministry of Human Resources and Social Security", 1_000_000: "Government of China"}


def test_what_was_missing_is_added_as_the_articles_state_it(demo):
    alliance = Organisation.objects.get(name__startswith="International Land-Sea Trade Corridor")
    countries = ReportedFigure.objects.get(organisation=alliance, counts="member_countries")
    assert sorted(countries.countries.values_list("code", flat=True)) == sorted(
        ["ID", "NZ", "KR", "TH", "LK", "LA", "MM", "KH", "PH", "PK", "AU", "SG"])
    programme = Initiative.objects.get(name="ILO/China Partnership Programme")
    assert programme.start == "2021"
    project = Project.objects.get(code="ilo-china-skills")
    mou = Agreement.objects.get(kind="mou", parties__organisation__acronyms__icontains="TEITC")
    assert project.agreements.filter(pk=mou.pk).exists()
    # the MoU counts in the project's "MoUs signed" in 2025, the year it was signed
    row = next(i for b in framework(project, span=None) for i in b["indicators"] if i["indicator"].code == "1.2a")
    assert row["actual"].total == 1
    # the only activity an article places under the project: the workshop of 19 January 2022
    assert list(Attribution.objects.filter(project=project).values_list("activity__kind", flat=True)) == [
        "peer_to_peer_workshop"]
    assert not project.iati_identifier and not project.start and not project.sector  # nothing invented
    assert "Seed" not in project.description
    assert Activity.objects.filter(attributions__project=project).count() == 1
