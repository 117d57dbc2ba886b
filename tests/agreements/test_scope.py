from skillsnet.agreements.models import Agreement, Party

API = "/api/agreements/agreements/"


def test_focal_point_edits_own_agreement_not_another(agreements, api_as):
    api = api_as("focal_point")
    own, other = agreements["own"], agreements["other"]
    response = api.patch(f"{API}{own.pk}/", {"summary": "Joint curriculum", "version": own.version}, format="json")
    assert response.status_code == 200, response.content
    response = api.patch(f"{API}{other.pk}/", {"summary": "Hijacked", "version": other.version}, format="json")
    assert response.status_code in (403, 404)
    other.refresh_from_db()
    assert other.summary == ""
    response = api.post(f"{API}{other.pk}/transition/", {"status": "signed", "version": other.version},
                        format="json")
    assert response.status_code in (403, 404)
    assert Agreement.objects.get(pk=other.pk).status == "draft"


def test_focal_point_sees_and_edits_sub_records_of_own_agreement_only(agreements, orgs, api_as):
    api = api_as("focal_point")
    own, other = agreements["own"], agreements["other"]
    added = api.post("/api/agreements/parties/", {"agreement": own.pk, "organisation": orgs["network"].pk,
                                                   "role": "witness"}, format="json")
    assert added.status_code == 201, added.content
    refused = api.post("/api/agreements/parties/", {"agreement": other.pk, "organisation": orgs["own"].pk},
                       format="json")
    assert refused.status_code in (403, 404)
    assert not Party.objects.filter(agreement=other, organisation=orgs["own"]).exists()
    refused = api.post("/api/agreements/contributions-promised/", {
        "agreement": other.pk, "funder": orgs["cn"].pk, "amount": "10", "currency": "USD"}, format="json")
    assert refused.status_code in (403, 404)


def test_focal_point_creating_an_agreement_becomes_its_party(users, orgs, api_as):
    response = api_as("focal_point").post(API, {"title": "MoU with a new partner", "kind": "mou"}, format="json")
    assert response.status_code == 201, response.content
    agreement = Agreement.objects.get(pk=response.json()["id"])
    assert list(agreement.parties.values_list("organisation", "role")) == [(orgs["own"].pk, "party")]
    assert agreement.status == "draft"


def test_secretariat_creating_an_agreement_adds_no_party(api_as):
    response = api_as("secretariat_admin").post(API, {"title": "Network charter", "kind": "charter"}, format="json")
    assert response.status_code == 201
    assert not Party.objects.filter(agreement_id=response.json()["id"]).exists()


def test_organisation_page_lists_its_agreements(agreements, orgs, web_as):
    page = web_as("viewer").get(f"/directory/organisations/{orgs['own'].pk}/").content.decode()
    assert "MoU LGTC – TEITC" in page
    assert "MoU Lao Polytechnic – TEITC" not in page
