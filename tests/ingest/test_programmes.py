"""Programmes an article names (Luban Workshop, Panda Workshops...) are draft items of their own: proposed against
the recorded programmes (activities.Initiative), linked or created only by the reviewer's decision, and the
draft's activity is put in the programme."""
import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied

from skillsnet.accounts import rules
from skillsnet.activities.models import Activity, Initiative
from skillsnet.activities.services import create_initiative
from skillsnet.core.models import ChangeLogEntry
from skillsnet.ingest.models import DraftItem
from skillsnet.ingest.services import decide_item, ingest_article, match_programme, initiative_gazetteer

K = DraftItem.Kind

LUBAN = ("On 5 June 2023, Tianjin Bohai Vocational Technical College launched the Luban Workshop Project at the "
         "National Polytechnic Institute of Cambodia in Phnom Penh. 30 teachers took part in the launch.")
PANDA = ("On 3 May 2023, the Panda Workshop Programme was launched at Sichuan Vocational College of Engineering "
         "in Chengdu.")


def items(article, kind):
    return list(article.draft.items.filter(kind=kind).order_by("order"))


def programme_item(article):
    found = items(article, K.PROGRAMME)
    assert len(found) == 1, [i.payload for i in found]
    return found[0]


def changes_of(obj):
    return ChangeLogEntry.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))


@pytest.fixture
def panda_workshops(reference, system_user):
    return create_initiative(system_user, {"name": "Panda Workshops"})


def test_an_article_naming_a_luban_workshop_proposes_a_programme_apart_from_the_institutions(reference, system_user):
    article = ingest_article(system_user, text=LUBAN)
    item = programme_item(article)
    p = item.payload
    assert (item.label, p["name"], p["action"], p["target_id"]) == ("Luban Workshop Project", "Luban Workshop Project",
                                                                    "create", None)
    assert "possible_match" not in p
    assert p["evidence"].startswith("On 5 June 2023, Tianjin Bohai Vocational Technical College launched the Luban")
    orgs = [i.payload["canonical_name"] for i in items(article, K.ORGANISATION)]
    assert "National Polytechnic Institute of Cambodia" in orgs
    assert not any("Luban" in name for name in orgs)
    assert Initiative.objects.count() == 0  # proposed, never created silently


def test_a_recorded_programme_is_proposed_by_its_exact_or_normalised_name(reference, system_user):
    exact = create_initiative(system_user, {"name": "Luban Workshop Project"})
    item = programme_item(ingest_article(system_user, text=LUBAN))
    assert (item.payload["action"], item.payload["target_id"], item.payload["target_name"]) == (
        "link", exact.pk, "Luban Workshop Project")
    # without its generic ending the name is the same programme: "Luban Workshop"
    exact.delete()
    short = create_initiative(system_user, {"name": "Luban Workshop"})
    item = programme_item(ingest_article(system_user, text=LUBAN))
    assert (item.payload["action"], item.payload["target_id"]) == ("link", short.pk)


def test_programme_names_in_another_language_match_and_unrelated_names_do_not(reference, system_user):
    luban = create_initiative(system_user, {"name": "Luban Workshops (Africa)", "name_zh_hans": "鲁班工坊"})
    create_initiative(system_user, {"name": "Skills for Dream Action"})
    entries = initiative_gazetteer(Initiative.objects.all())
    assert match_programme({"canonical_name": "鲁班工坊项目"}, entries)[:2] == (str(luban.pk), "alias")
    assert match_programme({"canonical_name": "Mekong Teacher Exchange Programme"}, entries)[:2] == (None, "new")


def test_programme_and_project_are_the_same_name_and_a_longer_title_is_only_a_possibility(reference, system_user):
    ilo = create_initiative(system_user, {"name": "ILO/China Partnership Programme"})
    entries = initiative_gazetteer([ilo])
    assert match_programme({"canonical_name": "ILO/China Partnership Project"}, entries)[:2] == (str(ilo.pk), "alias")
    assert match_programme({"canonical_name": "ILO-China Partnership Programme"}, entries)[:2] == (str(ilo.pk), "exact")
    longer = {"canonical_name": "ILO-China Partnership Project on Skills Development"}
    assert match_programme(longer, entries)[:2] == (str(ilo.pk), "fuzzy")
    article = ingest_article(system_user, text=(
        "On 2 April 2024, the ILO-China Partnership Project on Skills Development held a workshop at the "
        "Lao-German Technical College in Vientiane."))
    p = programme_item(article).payload
    assert (p["action"], p["target_id"], p["possible_match"]["id"]) == ("create", None, ilo.pk)


def test_a_near_name_is_a_possible_match_never_linked_without_the_reviewer(panda_workshops, system_user):
    article = ingest_article(system_user, text=PANDA)
    item = programme_item(article)
    p = item.payload
    assert (p["canonical_name"], p["action"], p["target_id"]) == ("Panda Workshop Programme", "create", None)
    assert p["possible_match"]["id"] == panda_workshops.pk and p["possible_match"]["name"] == "Panda Workshops"
    assert 85 <= p["possible_match"]["score"] < 100
    # confirming without choosing the match records a new programme and leaves the recorded one alone
    done = decide_item(system_user, item.pk, "confirmed")
    created = Initiative.objects.get(pk=done.linked_id)
    assert created.pk != panda_workshops.pk and created.name == "Panda Workshop Programme"
    assert done.linked_model == "activities.Initiative" and done.note == "created Panda Workshop Programme"
    assert Initiative.objects.get(pk=panda_workshops.pk).name == "Panda Workshops"


def test_the_reviewer_chooses_the_possible_match_in_the_review_page(panda_workshops, system_user, client):
    article = ingest_article(system_user, text=PANDA)
    item = programme_item(article)
    client.force_login(system_user)
    page = client.get(f"/ingest/articles/{article.pk}/").content.decode()
    score = item.payload["possible_match"]["score"]
    assert f"possible match: Panda Workshops ({score}) — not linked unless you choose it" in page
    assert f'value="link:{panda_workshops.pk}"' in page
    response = client.post(f"/ingest/items/{item.pk}/decide/", {
        "decision": "confirmed", "version": item.version, "name": "Panda Workshop Programme",
        "proposal": f"link:{panda_workshops.pk}"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.decision, item.linked_model, item.linked_id) == ("edited", "activities.Initiative",
                                                                  str(panda_workshops.pk))
    assert Initiative.objects.count() == 1


def test_accepting_creates_the_programme_and_puts_the_accepted_activity_in_it(reference, system_user):
    article = ingest_article(system_user, text=LUBAN, source_url="https://example.org/luban")
    for org in items(article, K.ORGANISATION):
        decide_item(system_user, org.pk, "confirmed")
    activity_item = decide_item(system_user, items(article, K.ACTIVITY)[0].pk, "confirmed")
    assert activity_item.linked_model == "activities.Activity"
    activity = Activity.objects.get(pk=activity_item.linked_id)
    assert activity.initiative is None
    item = decide_item(system_user, programme_item(article).pk, "confirmed",
                       changes={"name": "Cambodia Luban Workshop"}, reason="named in the article")
    assert item.decision == "edited"
    luban = Initiative.objects.get(pk=item.linked_id)
    assert luban.name == "Cambodia Luban Workshop" and "https://example.org/luban" in luban.source
    activity.refresh_from_db()
    assert activity.initiative == luban
    assert item.note == f"created Cambodia Luban Workshop · {activity} put in the programme Cambodia Luban Workshop"
    created = changes_of(luban).get()
    assert created.action == "create" and created.actor == system_user and "Luban Workshop Project" in created.reason
    update = changes_of(activity).filter(action="update").get()
    assert update.before["initiative_id"] is None and update.after["initiative_id"] == luban.pk


def test_a_programme_accepted_first_takes_the_activity_accepted_after_it(reference, system_user):
    recorded = create_initiative(system_user, {"name": "Luban Workshop"})
    article = ingest_article(system_user, text=LUBAN)
    item = decide_item(system_user, programme_item(article).pk, "confirmed")
    assert (item.linked_id, item.note) == (str(recorded.pk), "linked to Luban Workshop")
    assert Initiative.objects.count() == 1 and not changes_of(recorded).exclude(action="create").exists()
    activity_item = decide_item(system_user, items(article, K.ACTIVITY)[0].pk, "confirmed")
    activity = Activity.objects.get(pk=activity_item.linked_id)
    assert activity.initiative == recorded
    assert "put in the programme Luban Workshop" in activity_item.note


def test_an_activity_already_in_another_programme_is_not_moved(reference, system_user):
    other = create_initiative(system_user, {"name": "ILO/China Partnership Programme"})
    article = ingest_article(system_user, text=LUBAN)
    activity_item = decide_item(system_user, items(article, K.ACTIVITY)[0].pk, "confirmed")
    activity = Activity.objects.get(pk=activity_item.linked_id)
    Activity.objects.filter(pk=activity.pk).update(initiative=other)
    item = decide_item(system_user, programme_item(article).pk, "confirmed")
    activity.refresh_from_db()
    assert activity.initiative == other
    assert "is already part of ILO/China Partnership Programme: not changed" in item.note


def test_rejecting_drops_the_programme(reference, system_user):
    article = ingest_article(system_user, text=LUBAN)
    decide_item(system_user, items(article, K.ACTIVITY)[0].pk, "confirmed")
    item = decide_item(system_user, programme_item(article).pk, "rejected", reason="not a programme")
    assert (item.decision, item.linked_id, item.note) == ("rejected", "", "not a programme")
    assert Initiative.objects.count() == 0 and Activity.objects.get().initiative is None


@pytest.fixture
def reviewer_without_programmes(users, monkeypatch):
    """A reviewer who may decide draft items but not record programmes (no role of the shipped policy is
    both: the rule is added for the test)."""
    extra = rules.R("viewer", {"ingest.article", "ingest.draft", "ingest.draftitem"}, rules.ALL_ACTIONS, "all",
                    personal_data=True)
    monkeypatch.setattr(rules, "RULES", [*rules.RULES, extra])
    return users["viewer"]


def test_a_reviewer_who_may_not_record_programmes_is_refused_clearly(reference, system_user,
                                                                      reviewer_without_programmes, client):
    article = ingest_article(system_user, text=LUBAN)
    item = programme_item(article)
    with pytest.raises(PermissionDenied) as info:
        decide_item(reviewer_without_programmes, item.pk, "confirmed")
    assert "You may not record new programmes" in str(info.value)
    client.force_login(reviewer_without_programmes)
    response = client.post(f"/ingest/items/{item.pk}/decide/", {"decision": "confirmed", "version": item.version},
                           HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 400 and "You may not record new programmes" in body and 'role="alert"' in body
    response = client.post(f"/ingest/items/{item.pk}/decide/", {"decision": "confirmed", "version": item.version})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.decision == "pending" and Initiative.objects.count() == 0
    # linking to a recorded programme needs no right to record one
    recorded = create_initiative(system_user, {"name": "Luban Workshop Project"})
    done = decide_item(reviewer_without_programmes, item.pk, "confirmed",
                       changes={"action": "link", "target_id": recorded.pk})
    assert done.linked_id == str(recorded.pk)


def test_the_review_page_shows_the_programmes_section_with_its_controls(reference, system_user, client):
    article = ingest_article(system_user, text=LUBAN)
    item = programme_item(article)
    client.force_login(system_user)
    response = client.get(f"/ingest/articles/{article.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h2>Programmes</h2>" in page
    section = page[page.index("<h2>Programmes</h2>"):]
    section = section[:section.index("</section>")]
    assert f'id="item-{item.pk}"' in section and "Luban Workshop Project" in section
    assert "new: no recorded programme of this name" in section
    assert f'hx-post="/ingest/items/{item.pk}/decide/"' in section and 'name="name"' in section
    assert 'value="confirmed"' in section and 'value="rejected"' in section
    response = client.post(f"/ingest/items/{item.pk}/decide/", {"decision": "confirmed", "version": item.version,
                                                                 "name": "Luban Workshop Project"},
                           HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body and "created Luban Workshop Project" in body
    item.refresh_from_db()
    assert item.decision == "confirmed"
