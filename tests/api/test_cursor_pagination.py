"""Keyset (cursor) pages on the API and bounded counts on HTML lists: every row exactly once, in the list's order,
without counting the table; `page`/`page_size` unchanged."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from tests.conftest import make_org

# (name, country): repeated names and missing countries, to test ties and NULLs in the sort
ROWS = [("Alpha Institute", "LA"), ("Beta College", None), ("Alpha Institute", "KH"), ("Gamma School", "CN"),
        ("Delta Centre", None), ("Alpha Institute", None), ("Epsilon Academy", "LA"), ("Beta College", "TH"),
        ("Zeta Polytechnic", "KH"), ("Eta Institute", "CN"), ("Theta College", "LA")]


@pytest.fixture
def rows(api_as, system_user, reference):
    """Every organisation in the database: ours and the fixtures' (the users' organisations)."""
    from skillsnet.directory.models import Organisation

    for name, country in ROWS:
        make_org(system_user, name, country)
    return list(Organisation.objects.all())


def _walk(client, url, follow="next"):
    seen, pages = [], 0
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        assert "count" not in body
        chunk = [r["id"] for r in body["results"]]
        seen.extend(chunk if follow == "next" else reversed(chunk))
        url, pages = body[follow], pages + 1
        assert pages < 50
    return seen, pages


def _expected(rows, key, reverse=False):
    return [o.pk for o in sorted(rows, key=key, reverse=reverse)]


def test_cursor_pages_walk_every_row_once_in_name_order(api_as, rows):
    client = api_as("secretariat_admin")
    seen, pages = _walk(client, "/api/directory/organisations/?cursor=&page_size=3&q=")
    # the model's order: name, then id (hand-sorted here)
    assert seen == _expected(rows, key=lambda o: (o.name, o.pk))
    assert pages == -(-len(rows) // 3)


def test_cursor_follows_the_sort_with_nulls_and_ties_both_ways(api_as, rows):
    client = api_as("secretariat_admin")
    url = "/api/directory/organisations/?cursor=&page_size=4&sort=-country"
    forward, _pages = _walk(client, url)
    # descending by country code: rows without a country first, then TH, LA, KH, CN; ties by id
    rank = {None: 0, "TH": 1, "LA": 2, "KH": 3, "CN": 4}
    expected = [o.pk for o in sorted(rows, key=lambda o: (rank[o.country_id], o.pk))]
    assert forward == expected
    # from the last page back to the first through `previous`
    last = client.get(url)
    while last.json()["next"]:
        last = client.get(last.json()["next"])
    backward, _pages = _walk(client, last.json()["previous"], follow="previous")
    assert list(reversed(backward)) + [r["id"] for r in last.json()["results"]] == expected


def test_cursor_pages_do_not_count(api_as, rows):
    client = api_as("secretariat_admin")
    first = client.get("/api/directory/organisations/?cursor=&page_size=5").json()
    with CaptureQueriesContext(connection) as queries:
        second = client.get(first["next"])
    assert second.status_code == 200 and len(second.json()["results"]) == 5
    assert not [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert second.json()["previous"]


def test_filters_apply_in_cursor_mode(api_as, rows):
    client = api_as("secretariat_admin")
    seen, _pages = _walk(client, "/api/directory/organisations/?cursor=&page_size=2&country=LA&q=")
    assert seen == _expected([o for o in rows if o.country_id == "LA"], key=lambda o: (o.name, o.pk))


def _cursor(values):
    from skillsnet.core.pagination import encode_cursor

    return encode_cursor(values)


@pytest.mark.parametrize("cursor", ["not-base64!!", "eyJ2IjpbMV19", "e30", _cursor(["Alpha", "not a number"]),
                                    _cursor(["Alpha", 10**30]), _cursor([["nested"], 1]), _cursor([1, 2, 3])])
def test_a_bad_cursor_is_a_clear_400(api_as, rows, cursor):
    response = api_as("secretariat_admin").get(f"/api/directory/organisations/?cursor={cursor}")
    assert response.status_code == 400
    assert "cursor" in response.json()


def test_page_and_page_size_still_count(api_as, rows):
    body = api_as("secretariat_admin").get("/api/directory/organisations/?page=2&page_size=5&q=").json()
    assert body["count"] == len(rows)
    assert [r["id"] for r in body["results"]] == _expected(rows, key=lambda o: (o.name, o.pk))[5:10]


def test_api_page_counts_exactly_up_to_the_cap_and_exactly_on_request(api_as, rows):
    client = api_as("secretariat_admin")
    with override_settings(SKILLSNET_LIST_COUNT_CAP=20):
        body = client.get("/api/directory/organisations/?page_size=5&q=").json()
        assert body["count"] == len(rows) and body["count_is_exact"] is True
        assert "count_at_least" not in body
    with override_settings(SKILLSNET_LIST_COUNT_CAP=5):
        with CaptureQueriesContext(connection) as queries:
            body = client.get("/api/directory/organisations/?page_size=5&q=").json()
        # the table is not counted: the count stops after cap + 1 rows
        counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
        assert counts and all("LIMIT 6" in sql for sql in counts), counts
        assert body["count"] is None and body["count_is_exact"] is False
        assert body["count_at_least"] == 6
        expected_estimate = int if connection.vendor == "postgresql" else type(None)
        assert isinstance(body["count_estimate"], expected_estimate)
        assert [r["id"] for r in body["results"]] == _expected(rows, key=lambda o: (o.name, o.pk))[:5]
        assert body["next"]  # the following page is reachable without the exact count
        second = client.get(body["next"]).json()
        assert [r["id"] for r in second["results"]] == _expected(rows, key=lambda o: (o.name, o.pk))[5:10]
        exact = client.get("/api/directory/organisations/?page_size=5&q=&count=exact").json()
        assert exact["count"] == len(rows) and exact["count_is_exact"] is True
        last = client.get(f"/api/directory/organisations/?page_size=5&q=&page={-(-len(rows) // 5)}").json()
        assert last["next"] is None
        assert len(last["results"]) == (len(rows) % 5 or 5)
        beyond = client.get(f"/api/directory/organisations/?page_size=5&q=&page={-(-len(rows) // 5) + 1}")
        assert beyond.status_code == 404


def test_html_list_counts_exactly_up_to_the_cap_then_offers_the_exact_count(client, system_user, rows):
    client.force_login(system_user)
    with override_settings(SKILLSNET_LIST_COUNT_CAP=20):
        page = client.get("/directory/organisations/").content.decode()
        assert f"{len(rows)} records" in page and "Count them exactly" not in page
    with override_settings(SKILLSNET_LIST_COUNT_CAP=5):
        page = client.get("/directory/organisations/?page_size=5").content.decode()
        assert "More than 5 records" in page and "count=exact" in page
        assert "Page 1</span>" in page and "Page 1 of" not in page  # the number of pages is not known
        second = client.get("/directory/organisations/?page_size=5&page=2").content.decode()
        assert "Page 2</span>" in second and 'rel="next"' in second  # 11+ rows: a full second page, then more
        exact = client.get("/directory/organisations/?page_size=5&count=exact").content.decode()
        assert f"{len(rows)} records" in exact and f"Page 1 of {-(-len(rows) // 5)}" in exact
        with CaptureQueriesContext(connection) as queries:  # the exact count is kept a minute
            client.get("/directory/organisations/?page_size=5&count=exact&page=2")
        counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper() and "organisation" in q["sql"]]
        assert not counts, counts


def test_cursor_ascending_by_a_column_with_nulls_puts_them_last(api_as, rows):
    seen, _pages = _walk(api_as("secretariat_admin"), "/api/directory/organisations/?cursor=&page_size=3&sort=country")
    rank = {"CN": 0, "KH": 1, "LA": 2, "TH": 3, None: 4}
    assert seen == [o.pk for o in sorted(rows, key=lambda o: (rank[o.country_id], o.pk))]


def test_detail_panels_count_only_when_the_first_rows_do_not_hold_them_all(rows):
    from skillsnet.core.views import PANEL_ROWS, panel_count
    from skillsnet.directory.models import Organisation

    qs = Organisation.objects.order_by("pk")
    items = list(qs[:PANEL_ROWS])
    assert len(items) < PANEL_ROWS
    with CaptureQueriesContext(connection) as queries:
        assert panel_count(qs, items) == len(rows)
    assert not queries.captured_queries
    with CaptureQueriesContext(connection) as queries:
        assert panel_count(qs, items * PANEL_ROWS) == len(rows)  # a full first page: counted
    assert len(queries.captured_queries) == 1
