"""Consent revoked → gone from every match, list, export and API answer at once; companies never see a
non-consenting person nor contact details before the candidate accepts; viewers see counts only; the person sees
and downloads everything held about them."""
import csv
import io
import json

import pytest
from rest_framework.test import APIClient

from skillsnet.accounts.services import token_for
from skillsnet.employment import queries, services
from skillsnet.employment.models import Application, ProfileFeature

NAME = "Souksavanh Phommachanh"
EMAIL = "souksavanh@example.la"


def _api(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user).key}")
    return client


def _everywhere(world, users, client, profile):
    """The person's name as seen through every door, by the secretariat and by the company."""
    admin, company = users["secretariat_admin"], world["company_user"]
    seen = {}
    client.force_login(admin)
    seen["list"] = NAME in client.get("/employment/job-seeker-profiles/").content.decode()
    rows = list(csv.reader(io.StringIO(client.get("/employment/job-seeker-profiles/?export=csv").content
                                       .decode("utf-8-sig"))))
    seen["export_csv"] = [str(profile.pk)] == [r[rows[0].index("id")] for r in rows[1:]]
    seen["detail"] = client.get(f"/employment/job-seeker-profiles/{profile.pk}/").status_code == 200
    seen["candidates_page"] = NAME in client.get(
        f"/employment/vacancy/{world['vacancy'].pk}/candidates/").content.decode()
    seen["api_list"] = NAME in _api(admin).get("/api/employment/job-seeker-profiles/").content.decode()
    seen["api_detail"] = _api(admin).get(f"/api/employment/job-seeker-profiles/{profile.pk}/").status_code == 200
    seen["api_candidates"] = NAME in _api(company).get(
        f"/api/employment/vacancy/{world['vacancy'].pk}/candidates/").content.decode()
    seen["company_api_list"] = NAME in _api(company).get("/api/employment/job-seeker-profiles/").content.decode()
    seen["match"] = profile.pk in [m.obj.pk for m in queries.rank_profiles(admin, world["vacancy"])]
    return seen


def test_revoked_consent_disappears_from_every_match_list_export_and_api_at_once(world, mechanic, users, client):
    _person, profile, user = mechanic
    before = _everywhere(world, users, client, profile)
    assert all(before.values()), before
    client.force_login(user)
    assert client.post("/employment/me/consent/", {"action": "revoke"}).status_code == 302
    after = _everywhere(world, users, client, profile)
    assert not any(after.values()), after
    assert not ProfileFeature.objects.filter(profile_id=profile.pk).exists()
    profile.refresh_from_db()
    assert queries.rank_vacancies(profile) == []
    # the person still sees (and may restore) their own profile
    client.force_login(user)
    assert "I agree" in client.get("/employment/me/").content.decode()
    client.post("/employment/me/consent/", {"action": "give"})
    assert all(_everywhere(world, users, client, profile).values())


def test_company_never_sees_non_consenting_people_nor_contact_before_acceptance(world, mechanic, client):
    _p, profile, person_user = mechanic
    _q, silent, _u = world["trainee"]("Vilay Inthavong", consent=False, qualifications=[world["la_mechanic"]],
                                      email="vilay@example.la")
    company = _api(world["company_user"])
    assert "Vilay" not in company.get("/api/employment/job-seeker-profiles/").content.decode()
    assert company.get(f"/api/employment/job-seeker-profiles/{silent.pk}/").status_code == 404
    assert silent.pk not in [m.obj.pk for m in queries.rank_profiles(world["company_user"], world["vacancy"])]
    response = company.post("/api/employment/applications/", {"vacancy": world["vacancy"].pk, "profile": silent.pk},
                            format="json")
    assert response.status_code == 400 and not Application.objects.filter(profile_id=silent.pk).exists()

    # invite the consenting mechanic: no contact details anywhere until they accept
    response = company.post("/api/employment/applications/", {"vacancy": world["vacancy"].pk, "profile": profile.pk},
                            format="json")
    assert response.status_code == 201, response.content
    app_id = response.json()["id"]
    assert response.json()["contact"] is None
    for body in (company.get(f"/api/employment/applications/{app_id}/").content.decode(),
                 company.get("/api/employment/applications/").content.decode(),
                 company.get(f"/api/employment/job-seeker-profiles/{profile.pk}/").content.decode()):
        assert EMAIL not in body and "5555" not in body
    client.force_login(world["company_user"])
    page = client.get(f"/employment/applications/{app_id}/").content.decode()
    assert EMAIL not in page and "Shown once the candidate applies" in page
    assert NAME not in client.get(f"/employment/job-seeker-profiles/?q={EMAIL}").content.decode()  # no search by e-mail

    # another company sees neither the application nor its contact
    other = _api(world["other_company_user"])
    assert other.get(f"/api/employment/applications/{app_id}/").status_code == 404

    # the candidate accepts → the company sees the contact details
    client.force_login(person_user)
    assert client.post(f"/employment/invitations/{app_id}/respond/", {"accept": "1"}).status_code == 302
    assert company.get(f"/api/employment/applications/{app_id}/").json()["contact"]["email"] == EMAIL
    client.force_login(world["company_user"])
    assert EMAIL in client.get(f"/employment/applications/{app_id}/").content.decode()
    assert other.get(f"/api/employment/applications/{app_id}/").status_code == 404
    # and loses them again when consent is revoked
    services.revoke_consent(person_user, profile.pk)
    assert company.get(f"/api/employment/applications/{app_id}/").status_code == 404


def test_viewer_sees_counts_only(world, mechanic, users, client, api_as):
    viewer = api_as("viewer")
    for url in ("/api/employment/job-seeker-profiles/", "/api/employment/applications/"):
        response = viewer.get(url)
        assert response.status_code == 403 and NAME not in response.content.decode()
    client.force_login(users["viewer"])
    page = client.get("/employment/").content.decode()
    assert "Your role sees counts only" in page and NAME not in page
    assert "&lt; 5" in page  # one job seeker: a small count is masked
    assert client.get(f"/employment/vacancy/{world['vacancy'].pk}/candidates/").status_code == 403


def test_person_sees_and_downloads_everything_held_about_them(world, mechanic, client):
    person, profile, user = mechanic
    services.apply(user, world["vacancy"].pk, profile.pk, note="Ready in a month")
    client.force_login(user)
    page = client.get("/employment/me/").content.decode()
    assert "Revoke my consent" in page and "Light-vehicle mechanic" in page
    response = client.get("/employment/me/data.json")
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["person"]["name"] == NAME
    assert data["contact_details"][0]["email"] == EMAIL and "email" not in data["job_seeker_profile"]
    assert [p["activity_id"] for p in data["participations"]] == [world["training"].pk]
    assert data["applications"][0]["note"] == "Ready in a month"
    assert "Auto mechanics course" in data["participations"][0]["display"]
    assert data["consent"]["given"] is True and "revoke this consent" in data["consent"]["wording"]
    assert {"kind": "o4", "value": "7231", "detail": ""} in data["match_features"]
    assert any(e["action"] == "create" for e in data["change_log"])
    # nobody else gets it: another signed-in user has no profile, anonymous is sent to sign in
    client.force_login(world["company_user"])
    assert client.get("/employment/me/data.json").status_code == 404
    client.logout()
    assert client.get("/employment/me/data.json").status_code in (302, 403)
    assert _api(user).get("/api/employment/me/").json()["person"]["name"] == NAME


def test_person_edits_preferences_and_mobility(world, mechanic, client):
    """What the person adds themselves changes their matches at once: no longer willing to work in Cambodia, the
    Cambodian vacancy is not offered to them any more."""
    from skillsnet.employment.models import JobSeekerProfile

    _p, profile, user = mechanic
    client.force_login(user)
    assert [m.obj.pk for m in queries.rank_vacancies(profile)] == [world["vacancy"].pk]
    response = client.post("/employment/me/profile/", {"version": profile.version, "preferences": "Day shifts",
                                                       "headline": "Auto mechanic", "email": EMAIL})
    assert response.status_code == 302
    profile = JobSeekerProfile.objects.get(pk=profile.pk)
    assert profile.preferences == "Day shifts" and list(profile.willing_countries.all()) == []
    assert queries.rank_vacancies(profile) == []
    stale = client.post("/employment/me/profile/", {"version": 1, "preferences": "Night shifts"})
    assert stale.status_code == 400
    assert JobSeekerProfile.objects.get(pk=profile.pk).preferences == "Day shifts"


def test_company_focal_point_keeps_its_own_vacancies_only(world, system_user):
    import pytest
    from django.core.exceptions import PermissionDenied

    from skillsnet.directory.models import Country, IscoOccupation

    data = {"title": "Painter", "description": "Paint cars.", "occupation": IscoOccupation.objects.get(pk="7132"),
            "country": Country.objects.get(pk="KH"), "status": "open"}
    own = services.create_vacancy(world["company_user"], {**data, "employer": world["company"]})
    assert own.employer == world["company"]
    with pytest.raises(PermissionDenied):
        services.create_vacancy(world["company_user"], {**data, "employer": world["other_company"]})
    with pytest.raises(PermissionDenied):
        services.update_vacancy(world["other_company_user"], own.pk, {"positions": 9}, own.version)
    # it invites only to its own vacancies
    _p, profile, _u = world["trainee"]("Kham Phet")
    with pytest.raises(PermissionDenied):
        services.invite(world["other_company_user"], own.pk, profile.pk)


def test_contact_details_are_not_in_the_profile_history(world, mechanic, client):
    """A company may read a consenting profile and its history: a change of e-mail never shows there."""
    from skillsnet.employment.models import JobSeekerProfile

    _p, profile, user = mechanic
    services.update_my_profile(user, profile.pk, {"email": "new.address@example.la", "headline": "Mechanic"},
                               profile.version)
    company = _api(world["company_user"])
    history = company.get(f"/api/employment/job-seeker-profiles/{profile.pk}/history/").content.decode()
    assert "Mechanic" in history  # the headline change is there
    client.force_login(world["company_user"])
    for body in (history, client.get(f"/employment/job-seeker-profiles/{profile.pk}/").content.decode(),
                 client.get(f"/employment/job-seeker-profiles/{profile.pk}/history/").content.decode()):
        assert "new.address" not in body and EMAIL not in body
    assert JobSeekerProfile.objects.get(pk=profile.pk).contact.email == "new.address@example.la"


def test_company_reads_profile_history_without_who_changed_it_or_why(world, users, client):
    """A job seeker whose sign-in is their e-mail address edits their profile: the company reading the profile's
    history sees what changed, never the sign-in (an e-mail before any acceptance) nor the reason; the secretariat
    sees both."""
    login = "kham.phet.login@example.la"
    _p, profile, user = world["trainee"]("Kham Phet", username=login)
    services.update_my_profile(user, profile.pk, {"headline": "Brake specialist"}, profile.version,
                               reason="moved to Savannakhet")
    url = f"/api/employment/job-seeker-profiles/{profile.pk}/history/"
    company = _api(world["company_user"])
    answer = company.get(url)
    assert answer.status_code == 200
    client.force_login(world["company_user"])
    page = client.get(f"/employment/job-seeker-profiles/{profile.pk}/history/")
    assert page.status_code == 200
    for body in (answer.content.decode(), page.content.decode()):
        assert "Brake specialist" in body
        assert login not in body and "moved to Savannakhet" not in body and "signed consent form" not in body
    admin = _api(users["secretariat_admin"]).get(url).content.decode()
    assert login in admin and "moved to Savannakhet" in admin


@pytest.mark.parametrize("posted", [{"action": "maybe"}, {}, {"action": ""}])
def test_an_unknown_consent_action_on_the_page_changes_nothing(world, mechanic, client, posted):
    """Only "revoke" revokes: a missing or unknown action is refused with a message, the consent stays."""
    _person, profile, user = mechanic
    client.force_login(user)
    response = client.post("/employment/me/consent/", posted)
    assert response.status_code == 400
    assert "give" in response.content.decode() and "revoke" in response.content.decode()
    profile.refresh_from_db()
    assert profile.consent_in_force
    assert client.post("/employment/me/consent/", {"action": "revoke"}).status_code == 302
    profile.refresh_from_db()
    assert not profile.consent_in_force


def test_placements_by_occupation_give_no_masked_count_back(orgs, system_user, users, client):
    """Placements: 8 as mechanics (7231), 1 as a shop assistant (5223), 9 in all. A viewer sees the one as "< 5" and,
    since 9 - 8 would give it back, the eight as "≥ 5"; the secretariat sees both exactly."""
    import datetime
    import re

    from skillsnet.core import services as core
    from skillsnet.directory.models import IscoOccupation
    from skillsnet.employment.models import Placement
    from skillsnet.people import services as people_services

    for i, code in enumerate(["7231"] * 8 + ["5223"]):
        person = people_services.create_person(system_user, {"name": f"Worker {i}", "sex": "female",
                                                             "organisation": orgs["own"], "kind": "student"})
        core.create_object(system_user, Placement, {"person": person, "employer_name": "Garage",
                                                    "occupation": IscoOccupation.objects.get(pk=code),
                                                    "start_date": datetime.date(2025, 8, 1)})

    def figures(role):
        client.force_login(users[role])
        page = client.get("/employment/").content.decode()
        rows = re.findall(r"<td>(\d+) [^<]*</td><td class=\"num\">([^<]*)</td>", page)
        placements = re.search(r"Placements</dt><dd>([^<]*)</dd>", page).group(1)
        return dict(rows), placements
    assert figures("secretariat_admin") == ({"7231": "8", "5223": "1"}, "9")
    assert figures("viewer") == ({"7231": "≥ 5", "5223": "&lt; 5"}, "9")


def test_a_stale_edit_names_who_changed_the_record_only_to_who_reads_its_actors(world, api_as, users):
    """A company reads its vacancy's history without who changed it (a sign-in can be an e-mail address): the
    refusal of its stale edit does not name the secretariat's user either."""
    vacancy = world["vacancy"]
    seen = vacancy.version
    services.update_vacancy(users["secretariat_admin"], vacancy.pk, {"positions": 4}, seen)
    company = APIClient()
    company.credentials(HTTP_AUTHORIZATION=f"Token {token_for(world['company_user']).key}")
    refused = company.patch(f"/api/employment/vacancies/{vacancy.pk}/", {"positions": 5, "version": seen},
                            format="json")
    assert refused.status_code == 409
    assert "admin1" not in refused.content.decode() and "was changed after you opened it" in refused.content.decode()
    refused = api_as("secretariat_admin").patch(f"/api/employment/vacancies/{vacancy.pk}/",
                                                {"positions": 5, "version": seen}, format="json")
    assert refused.status_code == 409 and "by admin1" in refused.content.decode()
