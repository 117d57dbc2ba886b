"""Every role × directory endpoint × action, through the API and through the UI views, allowed or
refused as accounts.rules says. Expectations come from the rules (not re-typed) evaluated for the
concrete object: an object of the focal point's own institution in Lao PDR ("own") and one elsewhere."""
import pytest
from django.urls import reverse

from skillsnet.accounts.permissions import can, matching_rules
from skillsnet.core.registry import REGISTRY
from skillsnet.directory.models import Contact, Facility, Membership, Organisation, Programme

from ..conftest import PASSWORD

ROLES = ["anonymous", "secretariat_admin", "country_coordinator", "focal_point", "viewer"]
MODELS = [Organisation, Programme, Facility, Contact, Membership]
OK = {200, 201, 204}
REFUSED = {401, 403, 404}


@pytest.fixture
def objects(orgs, system_user):
    from skillsnet.core import services

    made = {}
    for key in ("own", "cn"):
        org = orgs[key]
        made[(Organisation, key)] = org
        made[(Programme, key)] = services.create_object(system_user, Programme, {"organisation": org, "title": f"Electronics {key}"})
        made[(Facility, key)] = services.create_object(system_user, Facility, {"organisation": org, "name": f"Lab {key}"})
        made[(Contact, key)] = services.create_object(system_user, Contact, {"organisation": org, "name": f"Contact {key}"})
        made[(Membership, key)] = services.create_object(system_user, Membership, {"network": orgs["network"], "member": org})
    return made


def payload(model, orgs, key):
    org = orgs[key]
    if model is Organisation:
        return {"name": f"New institute {key}", "kind": "tvet_institute", "country": org.country_id}
    if model is Membership:
        return {"network": orgs["network"].pk, "member": org.pk, "joined_on": "2024", "role": "member"}
    if model is Contact:
        return {"organisation": org.pk, "name": "New contact"}
    if model is Facility:
        return {"organisation": org.pk, "name": "New lab", "kind": "other"}
    return {"organisation": org.pk, "title": "New programme"}


def expected(user, model, action, obj):
    """What the rules allow. For add: whether a new object in obj's organisation/country may be created."""
    if user is None:
        from django.contrib.auth.models import AnonymousUser

        user = AnonymousUser()
    if action == "list":
        return can(user, "view", model)
    if action != "add":
        return can(user, action, obj)
    org = obj if model is Organisation else (obj.member if model is Membership else obj.organisation)
    for rule, org_ids, country_ids in matching_rules(user, model, "add"):
        if rule.scope == "all":
            return True
        if rule.scope == "own_countries" and org.country_id in country_ids:
            return True
        if rule.scope == "own_organisations" and org.pk in org_ids:
            return True
    return False


CELLS = [(r, m) for r in ROLES for m in MODELS]
IDS = [f"{r}-{m.__name__}" for r, m in CELLS]


def _fresh(obj):
    return type(obj).objects.filter(pk=obj.pk).first()


@pytest.mark.parametrize("role,model", CELLS, ids=IDS)
def test_api_matrix(role, model, api_as, users, orgs, objects):
    """list, view, change, add, delete — on the own-scope object and on one outside it."""
    client = api_as(role)
    user = users.get(role)
    config = REGISTRY[model]
    base = f"/api/{model._meta.app_label}/{config.slug}/"
    for key in ("own", "cn"):
        obj = objects[(model, key)]
        cell = f"{role} {model.__name__} {key}"
        allowed = expected(user, model, "list", obj)
        response = client.get(base)
        assert (response.status_code == 200) == allowed, (cell, "list", response.status_code)
        if allowed:
            visible = {r["id"] for r in response.json()["results"]}
            assert (obj.pk in visible) == expected(user, model, "view", obj), (cell, "list contents")

        response = client.get(f"{base}{obj.pk}/")
        assert response.status_code in (OK if expected(user, model, "view", obj) else REFUSED), (cell, "view")

        field = "name" if model in (Organisation, Facility, Contact) else ("title" if model is Programme else "notes")
        allowed = expected(user, model, "change", obj)
        response = client.patch(f"{base}{obj.pk}/", {field: "Changed", "version": obj.version}, format="json")
        assert response.status_code in (OK if allowed else REFUSED), (cell, "change", response.status_code)
        assert (getattr(_fresh(obj), field) == "Changed") == allowed

        allowed = expected(user, model, "add", obj)
        response = client.post(base, payload(model, orgs, key), format="json")
        assert response.status_code in (OK if allowed else REFUSED), (cell, "add", response.status_code,
                                                                      response.content[:300])

        obj = _fresh(obj)
        allowed = expected(user, model, "delete", obj)
        response = client.delete(f"{base}{obj.pk}/", HTTP_IF_MATCH=str(getattr(obj, "version", "")))
        assert response.status_code in (OK if allowed else REFUSED), (cell, "delete", response.status_code)
        assert (_fresh(obj) is None) == allowed


@pytest.mark.parametrize("role,model", CELLS, ids=IDS)
def test_ui_matrix(role, model, client, users, orgs, objects):
    """The same cells through the web views: detail, edit, add, delete."""
    user = users.get(role)
    if user is not None:
        assert client.login(username=user.username, password=PASSWORD)
    config = REGISTRY[model]
    for key in ("own", "cn"):
        obj = objects[(model, key)]
        cell = f"{role} {model.__name__} {key}"
        response = client.get(reverse(f"{config.url_base}_detail", args=[obj.pk]))
        assert (response.status_code == 200) == expected(user, model, "view", obj), (cell, "view")

        response = client.get(reverse(f"{config.url_base}_edit", args=[obj.pk]))
        assert (response.status_code == 200) == expected(user, model, "change", obj), (cell, "change")

        response = client.post(reverse(f"{config.url_base}_add"), payload(model, orgs, key))
        created = response.status_code == 302 and "/accounts/login/" not in response["Location"]
        assert created == expected(user, model, "add", obj), (cell, "add", response.status_code)

        allowed = expected(user, model, "delete", obj)
        client.post(reverse(f"{config.url_base}_delete", args=[obj.pk]), {"version": obj.version})
        assert (_fresh(obj) is None) == allowed, (cell, "delete")


def test_rules_are_data():
    from skillsnet.accounts.rules import RULES, Rule

    assert all(isinstance(r, Rule) for r in RULES)
    assert {r.role for r in RULES} >= {"secretariat_admin", "country_coordinator", "focal_point", "viewer", "public"}
