"""The independent oracle: every registered model × every role × every door, checked against a hand-written
table (oracle.csv), with sentinel names seeded in the database and looked for in response BODIES.

The world: the demo, plus three people named SENTINEL-OWN-…, SENTINEL-LA-…, SENTINEL-KH-… in three institutes
(the focal point's own in Lao PDR, another Lao one, a Cambodian one), each linked into every kind of record that
can point at a person (participation, title, signatory, agenda speaker, follow-up owner, commitment, contact,
tracer record, recognition case, credential), and changed by SENTINEL-ACTOR with reason SENTINEL-REASON.
Which sentinel may appear where is decided here by hand (the role's people and the table's scopes),
never with the application's own can().
"""
import csv
import datetime
import io
import re
import zipfile
from pathlib import Path

import pytest
from django.db import transaction
from django.test import Client

from skillsnet.core.registry import REGISTRY

ROLES = ["anonymous", "viewer", "recognition_authority", "focal_point", "country_coordinator", "secretariat_admin"]
TAGS = ("OWN", "LA", "KH")
# Whose people each role may read, by hand: the focal point keeps its institute (OWN), the Lao coordinator
# its country (OWN and LA), the secretariat everyone; the others no one.
PEOPLE_OF = {"anonymous": set(), "viewer": set(), "recognition_authority": set(), "focal_point": {"OWN"},
             "country_coordinator": {"OWN", "LA"}, "secretariat_admin": set(TAGS)}
SENTINEL = re.compile(r"SENTINEL-(OWN|LA|KH)-[A-Z]+")
ACTOR, REASON = "SENTINEL-ACTOR", "SENTINEL-REASON"
REFUSED = {302, 401, 403, 404}
pytestmark = pytest.mark.django_db


def load_oracle():
    rows = {}
    text = (Path(__file__).parent / "oracle.csv").read_text(encoding="utf-8")
    reader = csv.DictReader(line for line in text.splitlines() if line and not line.startswith("#"))
    for row in reader:
        rows[row["model"]] = row
    return rows


ORACLE = load_oracle()


def test_the_oracle_covers_every_registered_model():
    labels = {m._meta.label_lower for m in REGISTRY}
    assert sorted(labels - set(ORACLE)) == []
    assert sorted(set(ORACLE) - labels) == []


# ------------------------------------------------------------------ the world
def _seed():
    from skillsnet.accounts.services import create_user
    from skillsnet.activities.models import Activity, AgendaItem, FollowUpAction
    from skillsnet.agreements.models import Agreement, Commitment, Party, Signatory
    from skillsnet.core import services
    from skillsnet.core.changelog import change_context
    from skillsnet.core.demo import load_demo
    from skillsnet.directory.models import Contact, Country, Organisation
    from skillsnet.labour.models import TracerRecord
    from skillsnet.people.models import Affiliation, Person
    from skillsnet.people.services import record_participation
    from skillsnet.recognition.models import Qualification, RecognitionCase

    load_demo()
    actor = create_user(None, ACTOR, "x-" * 10, roles=[("secretariat_admin", None, None)], is_superuser=True)
    la, kh = Country.objects.get(pk="LA"), Country.objects.get(pk="KH")
    orgs = {
        "OWN": Organisation.objects.get(name="Lao-German Technical College"),
        "LA": Organisation.objects.get(name="Lao Polytechnic College"),
        "KH": services.create_object(actor, Organisation, {"name": "Institute of Technology of Cambodia",
                                                           "kind": "tvet_institute", "country": kh}),
    }
    qualification = Qualification.objects.first()
    records = []  # (model label, pk, tag)

    def made(obj, tag):
        records.append((obj._meta.label_lower, obj.pk, tag))
        return obj

    with change_context("web"):
        for tag, org in orgs.items():
            person = made(services.create_object(actor, Person, {"name": f"SENTINEL-{tag}-PERSON", "organisation": org}),
                          tag)
            services.update_object(actor, Person, person.pk, {"notes": "checked"}, expected_version=person.version,
                                   reason=REASON)
            activity = services.create_object(actor, Activity, {
                "title": f"Workshop hosted by {org.name}", "kind": "peer_to_peer_workshop", "host": org,
                "country": org.country, "start": datetime.date(2024, 5, 6)})
            item = made(services.create_object(actor, AgendaItem, {"activity": activity, "title": f"Talk {tag}",
                                                                   "speaker": person}), tag)
            services.update_object(actor, AgendaItem, item.pk, {"order": 2}, expected_version=item.version,
                                   reason=REASON)
            made(services.create_object(actor, FollowUpAction, {"activity": activity, "what": f"Follow up {tag}",
                                                                "owner_person": person}), tag)
            made(services.create_object(actor, Affiliation, {"person": person, "organisation": org,
                                                             "title": "Director"}), tag)
            participation = made(record_participation(actor, person.pk, activity.pk, registered=True,
                                                      attended=True, completed=True), tag)
            agreement = services.create_object(actor, Agreement, {"title": f"Agreement {tag}", "kind": "mou"})
            services.create_object(actor, Party, {"agreement": agreement, "organisation": org})
            made(services.create_object(actor, Signatory, {"agreement": agreement, "person": person,
                                                           "organisation": org}), tag)
            made(services.create_object(actor, Commitment, {"agreement": agreement, "description": f"Deliver {tag}",
                                                            "responsible_person": person}), tag)
            made(services.create_object(actor, Contact, {"organisation": org, "name": f"SENTINEL-{tag}-CONTACT"}),
                 tag)
            made(services.create_object(actor, TracerRecord, {"person": person, "participation": participation,
                                                              "status": TracerRecord._meta.get_field("status")
                                                              .choices[0][0], "surveyed_on": "2025"}), tag)
            if qualification is not None:
                made(services.create_object(actor, RecognitionCase, {"person": person, "qualification": qualification,
                                                                     "target_country": la}), tag)
    from skillsnet.ingest.models import Article

    article = services.create_object(actor, Article, {
        "title": "Delegation visit", "text": "SENTINEL-KH-PERSON of the Institute of Technology of Cambodia spoke."})
    users = {}
    for role in ROLES[1:]:
        org = orgs["OWN"] if role == "focal_point" else None
        country = la if role == "country_coordinator" else None
        users[role] = create_user(None, f"oracle-{role}", "x-" * 10, roles=[(role, org, country)])
    return {"records": records, "users": users, "orgs": orgs, "article": article}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One seeded database for the whole module, rolled back at the end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield _seed()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def clients(world):
    out = {"anonymous": Client()}
    for role, user in world["users"].items():
        client = Client()
        client.force_login(user)
        out[role] = client
    return out


# ------------------------------------------------------------------ reading bodies
def body_text(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":  # an XLSX: the text of every part
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return " ".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist()
                            if n.endswith(".xml"))
    return content.decode("utf-8", "replace")


def sentinels(text):
    return {m.group(1) for m in SENTINEL.finditer(text)}


def allowed_tags(role, label):
    """Which people's names may appear in the doors of `label` for `role` (by hand, from the table)."""
    row = ORACLE[label]
    if row["personal"] == "yes":
        scope = row[role]
        return set(TAGS) if scope == "all" else PEOPLE_OF[role] if scope == "own" else set()
    return PEOPLE_OF[role]  # links to people show only to those who may read the person


def may_read(role, label, tag):
    scope = ORACLE[label][role]
    return scope == "all" or (scope == "own" and tag in PEOPLE_OF[role])


def full_history(role, label, tag):
    """Whether the change log of a record shows its actors and reasons to `role` (by hand)."""
    if role == "secretariat_admin":
        return True
    if role == "recognition_authority":
        return label.startswith("recognition.")
    if role in ("focal_point", "country_coordinator"):
        return tag in PEOPLE_OF[role]
    return False


def links_people(model):
    from skillsnet.accounts.rules import PERSONAL_MODELS

    if model._meta.label_lower in PERSONAL_MODELS:
        return True
    return any(f.is_relation and f.concrete and f.related_model is not None
               and f.related_model._meta.label_lower in PERSONAL_MODELS for f in model._meta.get_fields())


def api_base(config):
    return f"/api/{config.model._meta.app_label}/{config.slug}/"


# ------------------------------------------------------------------ the doors
def test_list_filter_export_and_api_list_of_every_model(world, clients):
    problems = []
    for config in REGISTRY.values():
        label = config.label
        for role in ROLES:
            client, scope = clients[role], ORACLE[label][role]
            allowed = allowed_tags(role, label)
            doors = {"list": config.url("list"), "export csv": config.url("list") + "?export=csv"}
            if links_people(config.model):  # the XLSX holds the same rows as the CSV: checked where people are
                doors["export xlsx"] = config.url("list") + "?export=xlsx"
            if config.api:
                doors["api list"] = api_base(config)
            for door, url in doors.items():
                if door.startswith("export") and label in ("directory.subdivision", "directory.iscooccupation"):
                    url += "&q=Vientiane"  # thousands of reference rows: a slice keeps the test fast
                response = client.get(url)
                if scope == "-":
                    if response.status_code == 200:
                        text = body_text(response)
                        # an API list may answer 200 with nothing in it
                        if door == "api list" and '"results":[]' not in text.replace(" ", ""):
                            problems.append(f"{role} reads the {door} of {label}")
                        elif door != "api list":
                            problems.append(f"{role} reads the {door} of {label}")
                    elif response.status_code not in REFUSED:
                        problems.append(f"{role} {door} {label}: status {response.status_code}")
                    continue
                if response.status_code != 200:
                    problems.append(f"{role} {door} {label}: status {response.status_code}, expected 200")
                    continue
                text = body_text(response)
                leaked = sentinels(text) - allowed
                if leaked:
                    problems.append(f"{role} sees {sorted(leaked)} in the {door} of {label}")
                # user accounts (who submitted, who approved) are the secretariat's to read
                if (ACTOR in text and role != "secretariat_admin") or REASON in text:
                    problems.append(f"{role} sees the change log's actor/reason in the {door} of {label}")
    assert problems == []


def test_detail_history_and_api_detail_of_every_model(world, clients):
    """One record of every model (the sentinel ones where they exist, else the demo's first)."""
    problems = []
    targets = [(label, pk, tag) for label, pk, tag in world["records"]]
    have = {label for label, _pk, _tag in targets}
    for model, config in REGISTRY.items():
        if config.label not in have:
            obj = model._default_manager.order_by("pk").first()
            if obj is not None:
                targets.append((config.label, obj.pk, None))
    for label, pk, tag in targets:
        config = next(c for c in REGISTRY.values() if c.label == label)
        detail = config.url("list") + f"{pk}/"
        for role in ROLES:
            client = clients[role]
            readable = may_read(role, label, tag) if tag else ORACLE[label][role] == "all"
            allowed = allowed_tags(role, label) if readable else set()
            doors = {"detail": detail, "history": detail + "history/"}
            if config.api:
                doors.update({"api detail": f"{api_base(config)}{pk}/", "api history": f"{api_base(config)}{pk}/history/"})
            for door, url in doors.items():
                response = client.get(url)
                history_door = "history" in door
                expect_open = readable and not (history_door and role == "anonymous")
                if not expect_open:
                    if response.status_code not in REFUSED:
                        problems.append(f"{role} {door} {label} {tag}: status {response.status_code}, expected refused")
                        text = body_text(response)
                        if sentinels(text) - allowed or ACTOR in text:
                            problems.append(f"{role} sees names in the refused {door} of {label} {tag}")
                    continue
                if response.status_code != 200:
                    problems.append(f"{role} {door} {label} {tag}: status {response.status_code}, expected 200")
                    continue
                text = body_text(response)
                leaked = sentinels(text) - allowed
                if leaked:
                    problems.append(f"{role} sees {sorted(leaked)} in the {door} of {label} {tag}")
                if tag and door == "detail" and tag in allowed and f"SENTINEL-{tag}-" not in text:
                    problems.append(f"{role} does not see the {tag} name it may see in the {door} of {label}")
                shows_actor = ACTOR in text or REASON in text
                if door in ("history", "api history") or door == "detail":
                    may = tag is not None and full_history(role, label, tag) and role != "anonymous"
                    if shows_actor and not may:
                        problems.append(f"{role} sees the actor/reason in the {door} of {label} {tag}")
                    if may and door in ("history", "api history") and tag and label in (
                            "people.person", "activities.agendaitem") and ACTOR not in text:
                        problems.append(f"{role} misses the actor in the {door} of {label} {tag}")
                elif shows_actor:
                    problems.append(f"{role} sees the actor/reason in the {door} of {label} {tag}")
    assert problems == []


def test_search_shows_only_the_people_a_role_may_read(world, clients):
    problems = []
    for role in ROLES:
        for url in ("/search/?q=SENTINEL", "/search/?q=PERSON", "/search/?q=CONTACT"):
            response = clients[role].get(url)
            if response.status_code != 200:
                if response.status_code not in REFUSED:
                    problems.append(f"{role} search: status {response.status_code}")
                continue
            leaked = sentinels(body_text(response)) - PEOPLE_OF[role]
            if leaked:
                problems.append(f"{role} finds {sorted(leaked)} by searching")
    assert problems == []


def test_the_whole_change_log_is_the_secretariats(world, clients):
    for role in ROLES:
        response = clients[role].get("/api/changes/")
        text = body_text(response)
        if role == "secretariat_admin":
            assert response.status_code == 200 and ACTOR in text
        else:
            assert ACTOR not in text and not sentinels(text), role


def test_ingestion_drafts_are_the_secretariats(world, clients):
    """Articles and the people the extractor proposes from them: the secretariat's working material."""
    article = world["article"]
    for role in ROLES:
        for url in ("/ingest/", f"/ingest/articles/{article.pk}/"):
            response = clients[role].get(url)
            if role == "secretariat_admin":
                assert response.status_code == 200, url
            else:
                assert response.status_code in REFUSED, (role, url)
                assert not sentinels(body_text(response)), (role, url)


def may_write(role, label, tag):
    """Who may change or delete a sentinel record (by hand): the secretariat any; a focal point its institute's;
    the Lao coordinator its country's; the recognition authority recognition cases; nobody else."""
    if role == "secretariat_admin":
        return True
    if role == "recognition_authority":
        return label.startswith("recognition.")
    return tag in PEOPLE_OF[role] and role in ("focal_point", "country_coordinator")


def test_edit_and_delete_doors_of_the_sentinel_records(world, clients):
    problems = []
    for label, pk, tag in world["records"]:
        config = next(c for c in REGISTRY.values() if c.label == label)
        if config.readonly:
            continue
        base = config.url("list") + f"{pk}/"
        for role in ROLES:
            for door in ("edit/", "delete/"):
                response = clients[role].get(base + door)
                allowed = may_write(role, label, tag)
                if allowed and response.status_code != 200:
                    problems.append(f"{role} cannot open {door} of {label} {tag}: {response.status_code}")
                elif not allowed and response.status_code not in REFUSED:
                    problems.append(f"{role} opens {door} of {label} {tag}: {response.status_code}")
                elif response.status_code == 200 and sentinels(body_text(response)) - PEOPLE_OF[role] - (
                        set(TAGS) if role == "recognition_authority" and label.startswith("recognition.") else set()):
                    problems.append(f"{role} sees other people's names on the {door} page of {label} {tag}")
    assert problems == []
