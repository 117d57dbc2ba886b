"""Vacancy pages carry a schema.org JobPosting (JSON-LD); the public feeds (JSON Feed and Atom) list open vacancies
only; the demo holds no vacancy, the examples are labelled."""
import datetime
import json

import jsonschema
from lxml import etree, html

from skillsnet.directory.models import Country, IscoOccupation
from skillsnet.employment import services

from .conftest import TODAY

# Hand-written from schema.org/JobPosting and Google's structured-data rules for job postings: the required
# properties, and the shape of the recommended ones when the vacancy states them.
JOB_POSTING = {
    "type": "object",
    "required": ["@context", "@type", "title", "description", "datePosted", "hiringOrganization", "jobLocation"],
    "properties": {
        "@context": {"enum": ["https://schema.org/", "https://schema.org", "http://schema.org"]},
        "@type": {"const": "JobPosting"},
        "title": {"type": "string", "minLength": 1},
        "description": {"type": "string", "minLength": 1},
        "datePosted": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "validThrough": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}"},
        "employmentType": {"enum": ["FULL_TIME", "PART_TIME", "CONTRACTOR", "TEMPORARY", "INTERN", "VOLUNTEER",
                                    "PER_DIEM", "OTHER"]},
        "hiringOrganization": {"type": "object", "required": ["@type", "name"],
                               "properties": {"@type": {"const": "Organization"}}},
        "jobLocation": {"type": "object", "required": ["@type", "address"], "properties": {
            "@type": {"const": "Place"},
            "address": {"type": "object", "required": ["@type", "addressCountry"],
                        "properties": {"@type": {"const": "PostalAddress"},
                                       "addressCountry": {"type": "string", "pattern": "^[A-Z]{2}$"}}}}},
        "baseSalary": {"type": "object", "required": ["@type", "currency", "value"], "properties": {
            "@type": {"const": "MonetaryAmount"}, "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
            "value": {"type": "object", "required": ["@type", "unitText"], "properties": {
                "@type": {"const": "QuantitativeValue"},
                "unitText": {"enum": ["HOUR", "DAY", "WEEK", "MONTH", "YEAR"]},
                "minValue": {"type": "number"}, "maxValue": {"type": "number"}}}}},
    },
}


def _jsonld(body):
    doc = html.fromstring(body)
    scripts = doc.xpath('//script[@type="application/ld+json"]')
    assert len(scripts) == 1
    return json.loads(scripts[0].text)


def test_vacancy_page_carries_a_valid_job_posting(world, client):
    v = world["vacancy"]
    response = client.get(f"/jobs/{v.pk}/")  # anonymous: open vacancies are public
    assert response.status_code == 200
    data = _jsonld(response.content)
    jsonschema.validate(data, JOB_POSTING)
    assert data["title"] == "Light-vehicle mechanic"
    assert data["hiringOrganization"]["name"] == "Mekong Auto Service Co."
    assert data["jobLocation"]["address"] == {"@type": "PostalAddress", "addressCountry": "KH",
                                              "addressLocality": "Phnom Penh"}
    assert data["datePosted"] == TODAY.isoformat()
    assert data["validThrough"] == (TODAY + datetime.timedelta(days=20)).isoformat()
    assert data["employmentType"] == "FULL_TIME"
    assert data["baseSalary"] == {"@type": "MonetaryAmount", "currency": "USD", "value": {
        "@type": "QuantitativeValue", "unitText": "MONTH", "minValue": 350.0, "maxValue": 500.0}}
    # the staff page of the same vacancy carries it too
    client.force_login(world["company_user"])
    jsonschema.validate(_jsonld(client.get(f"/employment/vacancies/{v.pk}/").content), JOB_POSTING)


def test_job_posting_leaves_out_what_is_not_known(world, system_user, client):
    v = services.create_vacancy(system_user, {
        "title": "Welder", "description": "Welding.", "employer": world["company"], "status": "open",
        "occupation": IscoOccupation.objects.get(pk="7212"), "country": Country.objects.get(pk="KH")})
    data = _jsonld(client.get(f"/jobs/{v.pk}/").content)
    jsonschema.validate(data, JOB_POSTING)
    assert not {"validThrough", "employmentType", "baseSalary"} & set(data)


def test_feeds_list_open_vacancies_only(world, system_user, client):
    base = {"description": "x", "employer": world["company"], "occupation": IscoOccupation.objects.get(pk="7231"),
            "country": Country.objects.get(pk="KH")}
    services.create_vacancy(system_user, {**base, "title": "Draft one", "status": "draft"})
    services.create_vacancy(system_user, {**base, "title": "Closed one", "status": "closed"})
    services.create_vacancy(system_user, {**base, "title": "Past closing date", "status": "open",
                                          "posted_on": TODAY - datetime.timedelta(days=40),
                                          "closing_date": TODAY - datetime.timedelta(days=1)})
    services.create_vacancy(system_user, {**base, "title": "Open until further notice", "status": "open"})
    expected = {"Light-vehicle mechanic", "Open until further notice"}

    feed = client.get("/jobs/feed.json").json()
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert {item["title"] for item in feed["items"]} == expected
    assert all(item["_job_posting"]["@type"] == "JobPosting" for item in feed["items"])

    atom = etree.fromstring(client.get("/jobs/feed.atom").content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert atom.tag == "{http://www.w3.org/2005/Atom}feed"
    titles = {e.findtext("a:title", namespaces=ns) for e in atom.findall("a:entry", ns)}
    assert {t.split(" — ")[0] for t in titles} == expected
    assert all(e.find("a:link", ns).get("href").startswith("http") for e in atom.findall("a:entry", ns))

    page = client.get("/jobs/").content.decode()
    assert "Open until further notice" in page and "Draft one" not in page and "Past closing date" not in page
    closed = [v for v in world["company"].vacancies.all() if v.title == "Closed one"][0]
    assert client.get(f"/jobs/{closed.pk}/").status_code == 404
    assert client.get("/jobs/not-a-number/").status_code == 404
    api = client.get("/api/employment/jobs/").json()
    assert {row["title"] for row in api} == expected


def test_demo_holds_no_vacancy_and_examples_are_labelled(world, system_user, client):
    from skillsnet.employment import demo
    from skillsnet.employment.models import Application, JobSeekerProfile, Vacancy

    before = Vacancy.objects.count()
    demo.load(system_user)
    assert Vacancy.objects.count() == before
    made = demo.load_examples(system_user)
    demo.load_examples(system_user)  # twice: nothing more
    examples = Vacancy.objects.filter(is_example=True)
    assert examples.count() == len(made["vacancies"]) == 4
    assert all(v.title.startswith("[Example] ") and v.employer.name.startswith("[Example] ") for v in examples)
    assert all(p.is_example and str(p).startswith("[Example] ") for p in made["profiles"])
    assert JobSeekerProfile.objects.filter(is_example=True).count() == 3
    assert Application.objects.filter(is_example=True).count() == 1
    page = client.get("/jobs/").content.decode()
    assert page.count('class="badge example"') == 3  # the three open example vacancies
    open_example = examples.filter(status="open").first()
    assert "Example record" in client.get(f"/jobs/{open_example.pk}/").content.decode()


def test_vacancies_import_from_csv_and_become_matchable(world, mechanic, users, tmp_path):
    """Imported like every model (dry run, then commit through the services): the imported vacancy is in the feed
    and the mechanic is ranked for it."""
    import io as _io

    from django.core.management import call_command

    from skillsnet.core.tabular import LIST_SEPARATOR
    from skillsnet.employment import queries
    from skillsnet.employment.models import Vacancy

    header = "title,description,employer,occupation,country,city,status,positions,languages,required_qualifications\n"
    row = (f'Bus mechanic,Repair city buses.,{world["company"].pk},7231,KH,Siem Reap,open,2,'
           f'"km{LIST_SEPARATOR}lo",{world["kh_mechanic"].pk}\n')
    path = tmp_path / "vacancies.csv"
    path.write_text(header + row, encoding="utf-8")
    out = _io.StringIO()
    call_command("import", "employment.vacancy", str(path), "--as", "admin1", stdout=out)
    assert not Vacancy.objects.filter(title="Bus mechanic").exists()
    call_command("import", "employment.vacancy", str(path), "--as", "admin1", "--commit", stdout=out)
    v = Vacancy.objects.get(title="Bus mechanic")
    assert sorted(v.languages.values_list("code", flat=True)) == ["km", "lo"]
    ranked = queries.rank_profiles(users["secretariat_admin"], v)
    assert ranked[0].obj.pk == mechanic[1].pk
    assert ranked[0].component("language").points == 5  # speaks one of the two languages asked


def test_odd_requests_are_not_500(world, users, client, api_as):
    for who in (None, users["viewer"], world["company_user"]):
        client.logout()
        if who:
            client.force_login(who)
        for url in ("/jobs/", "/jobs/feed.atom", "/jobs/feed.json", "/jobs/0/", "/jobs/%00/", "/employment/",
                    "/employment/me/", "/employment/me/data.json", "/employment/vacancy/x/candidates/",
                    "/employment/vacancy/999999/candidates/", "/employment/vacancies/?status=nonsense&sort=zz"):
            assert client.get(url).status_code < 500, url
        for url, data in (("/employment/application/x/move/", {"stage": "hired"}),
                          (f"/employment/vacancy/{world['vacancy'].pk}/invite/", {"profile": "x"}),
                          ("/employment/invitations/x/respond/", {"accept": "1"}),
                          ("/employment/me/consent/", {"action": "give"}),
                          (f"/jobs/{world['vacancy'].pk}/apply/", {})):
            assert client.post(url, data).status_code < 500, url
    api = api_as("viewer")
    for url in ("/api/employment/vacancy/x/candidates/", "/api/employment/profile/x/vacancies/",
                "/api/employment/me/", "/api/employment/jobs/", "/api/employment/vacancy/1/candidates/?limit=x"):
        assert api.get(url).status_code < 500, url
    assert api.post("/api/employment/application/x/move/", {"stage": "bogus"}, format="json").status_code == 400
    assert api.post("/api/employment/me/consent/", {"action": "maybe"}, format="json").status_code < 500
