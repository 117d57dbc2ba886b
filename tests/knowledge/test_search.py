"""One search across every kind of record, in English, Indonesian, Chinese, Lao and Khmer; ranked,
highlighted, faceted, and respecting who may see what."""
import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from skillsnet.core import services
from skillsnet.directory.models import Country
from skillsnet.knowledge import search as engine
from skillsnet.knowledge.models import Resource, SearchEntry
from skillsnet.knowledge.services import create_resource
from tests.conftest import make_org

KHMER_NPIC = "វិទ្យាស្ថានជាតិពហុបច្ចេកទេសកម្ពុជា"
CHINESE_TEXT = ("2025年5月13日，天津电子信息技师学院与老挝理工学院在天津签署谅解备忘录，"
                "双方将在师资培养、课程共建和实训教学方面开展职业技能培训合作。")


def _docx_bytes(*paragraphs):
    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def docs(orgs, system_user, media):
    khmer = make_org(system_user, "National Polytechnic Institute of Cambodia", "KH", acronyms=["NPIC"],
                     name_km=KHMER_NPIC)
    txt = create_resource(system_user, {
        "title": "MoU signing note", "kind": Resource.Kind.REPORT, "access": Resource.Access.PUBLIC,
        "published": "2025-05", "countries": [Country.objects.get(pk="CN"), Country.objects.get(pk="LA")],
        "file": SimpleUploadedFile("note.txt", CHINESE_TEXT.encode("utf-8"))})
    word = create_resource(system_user, {
        "title": "Curriculum outline", "kind": Resource.Kind.CURRICULUM, "access": Resource.Access.MEMBERS,
        "published": "2024", "countries": [Country.objects.get(pk="KH")],
        "file": SimpleUploadedFile("outline.docx", _docx_bytes("Modul pelatihan mekatronika untuk guru SMK.",
                                                              "机电一体化专业人才培养方案"))})
    return {"khmer": khmer, "txt": txt, "docx": word}


def titles(result):
    return [h.title for h in result.hits]


def test_sqlite_uses_fts5_trigram_table(db):
    from django.db import connection

    if connection.vendor == "sqlite":
        assert engine.fts_available()


@pytest.mark.parametrize("query,expected", [
    ("ເຕັກນິກລາວ", "Lao-German Technical College"),  # Lao, inside a name, no spaces
    ("ពហុបច្ចេកទេស", "National Polytechnic Institute of Cambodia"),  # Khmer, inside a name
    ("信息技师", "Tianjin Electronic Information Technician College"),  # Chinese, inside a name
    ("天津", "Tianjin Electronic Information Technician College"),  # two characters: below the trigram size
    ("lgtc", "Lao-German Technical College"),  # acronym, any case
    ("Lao German Technical Vocational", "Lao-German Technical College"),  # alias, punctuation ignored
])
def test_finds_names_in_any_script(docs, users, query, expected):
    result = engine.search(users["viewer"], query)
    assert result.hits and result.hits[0].title == expected, titles(result)


def test_finds_chinese_phrase_inside_uploaded_files(docs, users):
    result = engine.search(users["viewer"], "签署谅解备忘录")
    assert titles(result) == ["MoU signing note"]
    assert "<mark>签署谅解备忘录</mark>" in result.hits[0].snippet
    result = engine.search(users["viewer"], "人才培养")  # inside the DOCX
    assert "Curriculum outline" in titles(result)
    result = engine.search(users["viewer"], "pelatihan mekatronika")  # Indonesian, inside the DOCX
    assert titles(result) == ["Curriculum outline"]


def test_ranking_exact_title_then_title_then_text(orgs, system_user, users, media):
    make_org(system_user, "Mekong Skills Centre", "LA")
    make_org(system_user, "Mekong", "LA")
    create_resource(system_user, {"title": "Annual report", "summary": "Work with Mekong partners, Mekong "
                                  "region and the Mekong river basin.", "access": Resource.Access.PUBLIC})
    result = engine.search(users["viewer"], "mekong")
    assert titles(result)[:3] == ["Mekong", "Mekong Skills Centre", "Annual report"]


def test_more_occurrences_rank_higher(orgs, system_user, users, media):
    create_resource(system_user, {"title": "Note A", "summary": "robotics", "access": "public"})
    create_resource(system_user, {"title": "Note B", "summary": "robotics, robotics and more robotics",
                                  "access": "public"})
    assert titles(engine.search(users["viewer"], "robotics"))[:2] == ["Note B", "Note A"]


def test_snippet_escapes_html_around_the_mark(orgs, system_user, users, media):
    create_resource(system_user, {"title": "Unsafe", "summary": "<script>alert(1)</script> welding & cutting",
                                  "access": "public"})
    snippet = engine.search(users["viewer"], "welding").hits[0].snippet
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet
    assert "<mark>welding</mark>" in snippet and "&amp;" in snippet


def test_facets_type_country_year(docs, users):
    result = engine.search(users["viewer"], "college")
    types = {value: n for value, _label, n in result.facets["type"]}
    assert types["organisation"] >= 3
    result = engine.search(users["viewer"], "a", kind="resource")
    assert {h.kind for h in result.hits} == {"resource"}
    by_country = engine.search(users["viewer"], "note", country="KH")
    assert "MoU signing note" not in titles(by_country)
    by_year = engine.search(users["viewer"], "note", year=2025)
    assert titles(by_year) == ["MoU signing note"]
    years = {value for value, _label, _n in engine.search(users["viewer"], "o").facets["year"]}
    assert {2024, 2025} <= years


def test_people_only_for_roles_that_may_see_them(orgs, system_user, users):
    from skillsnet.people.models import Person

    services.create_object(system_user, Person, {"name": "Khamsavay Gnommilavong", "organisation": orgs["own"]})
    assert engine.search(users["viewer"], "Gnommilavong").hits == []
    assert engine.search(users["secretariat_admin"], "Gnommilavong").hits[0].kind == "person"
    assert engine.search(users["focal_point"], "Gnommilavong").hits[0].kind == "person"  # own institution
    assert engine.search(None, "Gnommilavong").hits == []


def test_access_levels_respected_in_search(orgs, system_user, users, media):
    from django.contrib.auth.models import AnonymousUser

    create_resource(system_user, {"title": "Zeolite public", "access": "public"})
    create_resource(system_user, {"title": "Zeolite members", "access": "members"})
    create_resource(system_user, {"title": "Zeolite own", "access": "organisation", "organisations": [orgs["own"]]})
    create_resource(system_user, {"title": "Zeolite other", "access": "organisation",
                                  "organisations": [orgs["other_la"]]})
    seen = {role: set(titles(engine.search(u, "zeolite"))) for role, u in users.items()}
    seen["anonymous"] = set(titles(engine.search(AnonymousUser(), "zeolite")))
    assert seen["anonymous"] == {"Zeolite public"}
    assert seen["viewer"] == {"Zeolite public", "Zeolite members"}
    assert seen["country_coordinator"] == {"Zeolite public", "Zeolite members"}
    assert seen["focal_point"] == {"Zeolite public", "Zeolite members", "Zeolite own"}
    assert seen["secretariat_admin"] == {"Zeolite public", "Zeolite members", "Zeolite own", "Zeolite other"}


def test_index_follows_changes_and_reindex_rebuilds(orgs, system_user, users, media):
    org = orgs["other_la"]
    services.update_object(system_user, type(org), org.pk, {"name_lo": "ວິທະຍາໄລເຕັກນິກ ໂປລີ"},
                           expected_version=org.version)
    assert titles(engine.search(users["viewer"], "ໂປລີ")) == ["Lao Polytechnic College"]
    note = create_resource(system_user, {"title": "Quokka note", "access": "public"})
    assert titles(engine.search(users["viewer"], "quokka")) == ["Quokka note"]
    services.delete_object(system_user, Resource, note.pk, expected_version=Resource.objects.get(pk=note.pk).version)
    assert engine.search(users["viewer"], "quokka").hits == []
    create_resource(system_user, {"title": "Wombat guide", "title_lo": "ຄູ່ມືວອມແບັດ", "access": "public"})
    SearchEntry.objects.all().delete()
    assert engine.search(users["viewer"], "ຄູ່ມື").hits == []
    call_command("reindex", verbosity=0)
    assert titles(engine.search(users["viewer"], "ຄູ່ມື")) == ["Wombat guide"]
    assert titles(engine.search(users["viewer"], "ເຕັກນິກລາວ"))[0] == "Lao-German Technical College"


def test_search_page_and_header_search(client, docs):
    page = client.get("/knowledge/search/", {"q": "ពហុបច្ចេកទេស"}).content.decode()
    assert 'class="results"' in page and "National Polytechnic Institute of Cambodia" in page
    page = client.get("/search/", {"q": "签署谅解备忘录"}).content.decode()
    assert "MoU signing note" in page and "<mark>" in page
    page = client.get("/search/", {"q": "人才培养"}).content.decode()  # members-only: anonymous sees nothing
    assert "Curriculum outline" not in page
    fragment = client.get("/knowledge/search/", {"q": "天津"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and "Tianjin Electronic Information Technician College" in fragment


def test_search_api(api_as, docs):
    data = api_as("viewer").get("/api/knowledge/search/", {"q": "ເຕັກນິກ"}).json()
    assert data["results"][0]["title"] == "Lao-German Technical College"
    assert any(f["value"] == "organisation" for f in data["facets"]["type"])


def test_language_detected_by_script(docs):
    entry = SearchEntry.objects.get(title="MoU signing note")
    assert entry.language == "zh-hans"
    assert engine.detect_language(KHMER_NPIC) == "km"
    assert engine.detect_language("ວິທະຍາໄລ") == "lo"


@pytest.mark.parametrize("query,expected", [
    ("ວິທະຍາໄລເຕັກນິກລາວ", "Lao-German Technical College"),
    ("天津电子信息技师学院", "Tianjin Electronic Information Technician College"),
    ("天津", "Tianjin Electronic Information Technician College"),
    ("Tianjin Electronc Informaton", "Tianjin Electronic Information Technician College"),  # fuzzy still works
])
def test_header_search_lists_organisations_first(client, orgs, query, expected):
    """The header form posts to /search/, which is now the unified search: organisations in ul.results li."""
    import re

    page = client.get("/search/", {"q": query}).content.decode()
    first = re.search(r'<ul class="results">\s*<li[^>]*>(.*?)</li>', page, re.S)
    assert first and expected in first.group(1)


def test_a_bulk_write_reported_once_is_indexed_set_based(system_user, reference):
    """An import commit reports many organisations at once: they are all found by search afterwards."""
    from skillsnet.core import derived
    from skillsnet.directory.models import Organisation
    from skillsnet.knowledge.search import search

    made = Organisation.objects.bulk_create([Organisation(name=f"Bulk Loaded Institute {i}", kind="company")
                                             for i in range(60)])
    derived.after_write(Organisation, [o.pk for o in made], "bulk")
    assert search(system_user, "Bulk Loaded Institute").total == 60
    assert search(system_user, "Bulk Loaded Institute 42").hits[0].title == "Bulk Loaded Institute 42"
