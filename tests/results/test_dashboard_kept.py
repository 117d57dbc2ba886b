"""The results dashboard is kept per process under the data's version (core.keep): a committed write of anything
is seen by the next view at once, in any worker; two scopes never share a kept dashboard, whichever asks first.
The version here is the token alone, as in production (the tests' cache is the process's own, where the change
log's last entry would be part of the version too)."""
import re

import pytest
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.db import connection

from skillsnet.core import keep

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("keep_token_alone")]


def per_year(client, user):
    client.force_login(user)
    html = client.get("/results/dashboard/").content.decode()
    return dict(re.findall(r"<title>((?:female|male) – 2024): ([^<]+?)(?: people)?</title>", html)), html


def test_a_committed_participation_is_seen_at_once(training, system_user, django_capture_on_commit_callbacks):
    keep.reset()  # the fixture's writes as if committed (the test's transaction stays open)
    with django_capture_on_commit_callbacks(execute=True):
        training("Ana")
    client = Client()
    assert per_year(client, system_user)[0] == {"female – 2024": "1"}
    with CaptureQueriesContext(connection) as second:
        assert per_year(client, system_user)[0] == {"female – 2024": "1"}
    assert not [q for q in second.captured_queries if "results_completioncell" in q["sql"]]  # kept
    with django_capture_on_commit_callbacks(execute=True):
        training("Bea")
        training("Carl", sex="male")
    assert per_year(client, system_user)[0] == {"female – 2024": "2", "male – 2024": "1"}


def test_another_workers_commit_is_seen(training, system_user):
    """A write committed elsewhere reaches this process through the token in the shared cache."""
    training("Ana")
    keep.reset()  # the fixture's write as if committed by another process: only the token tells
    client = Client()
    assert per_year(client, system_user)[0] == {"female – 2024": "1"}
    training("Bea")  # uncommitted in this test's transaction; another worker's commit bumps the token:
    keep.reset()
    keep.bump()
    assert per_year(client, system_user)[0] == {"female – 2024": "2"}


def test_an_open_write_is_not_kept(training, system_user):
    """The thread that wrote in a transaction still open neither reads nor keeps dashboards."""
    training("Ana")
    client = Client()
    assert per_year(client, system_user)[0] == {"female – 2024": "1"}
    assert not keep._VALUES


def test_two_scopes_never_share_a_kept_dashboard(training, system_user, users,
                                                 django_capture_on_commit_callbacks):
    """The secretariat sees the exact small count; a viewer does not (results.privacy), asked after the
    secretariat's dashboard was kept or before."""
    keep.reset()  # the fixture's writes as if committed
    with django_capture_on_commit_callbacks(execute=True):
        training("Ana")
    for first, second in ((system_user, users["viewer"]), (users["viewer"], system_user)):
        keep.reset()
        seen = {}
        for user in (first, second, first, second):
            counts, html = per_year(Client(), user)
            seen.setdefault(user.pk, set()).add(html.count("&lt; 5"))
            assert counts == ({"female – 2024": "1"} if user is system_user else {}), user
        assert seen[users["viewer"].pk] != {0} and seen[system_user.pk] == {0}
        assert len([k for k in keep._VALUES if k[0] == "results.dashboard"]) == 2  # one per scope
