"""Filter dropdowns over reference data (countries, fields of education) are built once per process and
language: the same options as the field's own query would give, the chosen value selected, and a change to the
reference data shown at once."""
import html
import re

import pytest
from django.conf import settings
from django.utils import translation
from django.db import connection
from django.test.utils import CaptureQueriesContext

from skillsnet.core import derived
from skillsnet.directory.models import Country

pytestmark = pytest.mark.django_db


def _options(page, name):
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return [(v, s, html.unescape(label))
            for v, s, label in re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', select)]


def test_country_filter_options_from_memory(client, users, orgs):
    client.force_login(users["focal_point"])
    first = client.get("/directory/organisations/?country=LA").content.decode()
    options = _options(first, "country")
    expected = [("", "", "---------")] + [(c.pk, "", str(c)) for c in Country.objects.order_by("name")]
    assert [(v, label) for v, _s, label in options] == [(v, label) for v, _s, label in expected]
    assert [v for v, selected, _l in options if selected] == ["LA"]
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/directory/organisations/?country=KH").content.decode()
    assert not [q for q in queries.captured_queries if 'FROM "directory_country"' in q["sql"]
                and "ORDER BY" in q["sql"] and "LIMIT" not in q["sql"]]  # the list of countries was not read again
    assert [v for v, selected, _l in _options(again, "country") if selected] == ["KH"]
    # a change of the reference data shows at once
    country = Country.objects.get(pk="KH")
    country.name = "Kampuchea (test)"
    country.save()
    derived.after_write(Country, [country.pk], "update")  # what every writer calls after its write (core.derived)
    renamed = dict((v, label) for v, _s, label in _options(client.get("/directory/organisations/").content.decode(),
                                                           "country"))
    assert renamed["KH"] == "Kampuchea (test)"


def test_labels_follow_the_language(client, users, orgs):
    client.force_login(users["focal_point"])
    english = dict((v, label) for v, _s, label in _options(client.get("/directory/organisations/").content.decode(),
                                                           "country"))
    client.cookies["django_language"] = "zh-hans"
    try:
        chinese = dict((v, label) for v, _s, label in _options(
            client.get("/directory/organisations/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode(), "country"))
    finally:
        translation.activate(settings.LANGUAGE_CODE)  # the request left Chinese active in this thread
    assert english["CN"] == "China" and chinese["CN"] == "中国"


def _rename(code, name):
    from django.db import transaction

    with transaction.atomic():
        country = Country.objects.get(pk=code)
        country.name = name
        country.save()
        derived.after_write(Country, [code], "update")


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_of_reference_data_is_not_kept(reference):
    from django.db import transaction

    from skillsnet.directory.queries import country_names

    assert country_names()["KH"] == "Cambodia"
    try:
        with transaction.atomic():
            _rename("KH", "Kampuchea (rolled back)")
            assert country_names()["KH"] == "Kampuchea (rolled back)"  # the writer reads its own change
            assert country_names()["KH"] == "Kampuchea (rolled back)"
            raise RuntimeError("the request fails after the write")
    except RuntimeError:
        pass
    assert Country.objects.get(pk="KH").name == "Cambodia"
    assert country_names()["KH"] == "Cambodia"  # before: the rolled-back name stayed for up to 5 minutes


@pytest.mark.django_db(transaction=True)
def test_a_committed_change_replaces_what_other_threads_kept_meanwhile(reference):
    import threading

    from django.db import transaction

    from skillsnet.directory.queries import country_names

    from django.utils import translation

    from skillsnet.core import refcache

    before = dict(country_names())
    language = translation.get_language()
    with transaction.atomic():
        _rename("KH", "Kampuchea (committed)")
        # another request, in another thread, reads before the commit: it sees the committed (old) names and keeps
        # them (its own read is stood in for by `before`: SQLite's shared test database locks the table meanwhile)
        reader = threading.Thread(target=lambda: refcache.cached(("country_names", language), lambda: before))
        reader.start()
        reader.join()
        assert refcache._VALUES[("country_names", language)][1]["KH"] == "Cambodia"
    assert country_names()["KH"] == "Kampuchea (committed)"
