"""The OpenAPI document lists the error answers of every operation and says which are public."""
import pytest


@pytest.fixture
def schema(client, db):
    from skillsnet.core import schema as cached

    cached.clear()
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def _operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                yield path, method, operation


def test_every_operation_documents_its_errors(schema):
    count = 0
    for path, method, operation in _operations(schema):
        count += 1
        codes = set(operation["responses"])
        assert {"400", "403"} <= codes, (method, path)
        assert operation["x-public"] or "401" in codes, (method, path)
        if "{" in path:
            assert "404" in codes, (method, path)
        if method in ("put", "patch", "delete"):
            assert "409" in codes, (method, path)
    assert count > 100
    # public operations are the ones the rules open to anonymous callers
    ops = {(method, path): op for path, method, op in _operations(schema)}
    assert ops[("get", "/api/directory/organisations/")]["x-public"] is True
    assert {} in ops[("get", "/api/directory/organisations/")]["security"]
    assert ops[("get", "/api/people/people/")]["x-public"] is False
    assert ops[("post", "/api/directory/organisations/")]["x-public"] is False
    assert ops[("get", "/api/accounts/security-events/")]["x-public"] is False
    assert ops[("post", "/api/accounts/tokens/")]["x-public"] is True
    assert "429" in ops[("post", "/api/accounts/tokens/")]["responses"]


def test_the_schema_is_valid_and_generated_without_warnings(tmp_path, db):
    """drf-spectacular's own checks: every view described (unified search and the IATI file included), no two
    components of one name, choice sets named; the document validates against the OpenAPI 3 schema."""
    from django.core.management import call_command

    from skillsnet.core import schema as cached

    cached.clear()
    out = tmp_path / "schema.json"
    call_command("spectacular", "--fail-on-warn", "--validate", "--format", "openapi-json", "--file", str(out))
    import json

    paths = json.loads(out.read_text())["paths"]
    assert "/api/knowledge/search/" in paths and "get" in paths["/api/knowledge/search/"]
    assert "/results/api/projects/{id}/iati.xml" in paths
    search = paths["/api/knowledge/search/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert search == {"$ref": "#/components/schemas/SearchResults"}
