import datetime

from skillsnet.agreements import queries
from skillsnet.agreements.models import Commitment
from skillsnet.core import services

TODAY = datetime.date.today()


def make_commitments(actor, agreement, org):
    def make(description, days, status="open"):
        return services.create_object(actor, Commitment, {
            "agreement": agreement, "description": description, "responsible_organisation": org,
            "due_on": TODAY + datetime.timedelta(days=days), "status": status})

    return {
        "overdue": make("Send the joint curriculum draft", -10),
        "done": make("Exchange focal point names", -20, "done"),
        "cancelled": make("Hold a study visit", -5, "cancelled"),
        "future": make("Train ten instructors", 30),
        "today": make("Sign the work plan", 0),
    }


def test_overdue_commitments_query(agreements, orgs, system_user):
    made = make_commitments(system_user, agreements["own"], orgs["own"])
    found = list(queries.overdue_commitments(system_user, TODAY))
    assert found == [made["overdue"]]
    later = list(queries.overdue_commitments(system_user, TODAY + datetime.timedelta(days=31)))
    assert made["future"] in later and made["today"] in later and made["done"] not in later


def test_overdue_page_lists_only_open_commitments_due_before_today(agreements, orgs, system_user, web_as):
    make_commitments(system_user, agreements["own"], orgs["own"])
    page = web_as("secretariat_admin").get("/agreements/overdue-commitments/").content.decode()
    assert "Send the joint curriculum draft" in page
    for not_overdue in ("Exchange focal point names", "Hold a study visit", "Train ten instructors",
                        "Sign the work plan"):
        assert not_overdue not in page


def test_overdue_api_filter(agreements, orgs, system_user, api_as):
    made = make_commitments(system_user, agreements["own"], orgs["own"])
    api = api_as("viewer")
    rows = api.get("/api/agreements/commitments/", {"overdue": "true"}).json()["results"]
    assert [r["id"] for r in rows] == [made["overdue"].pk]
    rows = api.get("/api/agreements/commitments/", {"overdue": "false"}).json()["results"]
    assert made["overdue"].pk not in [r["id"] for r in rows] and len(rows) == 4
    assert api.get("/api/agreements/commitments/", {"overdue": "maybe"}).status_code == 200  # ignored, never a 500
