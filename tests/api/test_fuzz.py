"""Schema-driven fuzzing (schemathesis) of every API operation, reads and writes, as the secretariat:
whatever the generated input (valid for the schema, or deliberately not), the answer is never a 5xx.
Bounded: a few examples per operation and mode, run in-process through the WSGI application against the
test database (SQLite or PostgreSQL, whichever the suite runs on). SKILLSNET_FUZZ_EXAMPLES raises it."""
import collections
import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.generation.modes import GenerationMode

from skillsnet.accounts.services import token_for

EXAMPLES = int(os.environ.get("SKILLSNET_FUZZ_EXAMPLES", "2"))


@pytest.fixture
def keep_the_test_connection():
    """Like Django's test client: a request does not close the test's database connection (PostgreSQL)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_no_operation_answers_5xx(users, orgs, keep_the_test_connection):
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
    headers = {"Authorization": f"Token {token_for(users['secretariat_admin']).key}"}
    failures, seen, statuses = [], set(), collections.Counter()
    for result in schema.get_all_operations():
        operation = result.ok()
        seen.add((operation.method.upper(), operation.path))
        has_input = bool(operation.query or operation.path_parameters or operation.body)
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE) if has_input else (GenerationMode.POSITIVE,):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=EXAMPLES if mode == GenerationMode.POSITIVE else max(1, EXAMPLES // 2), deadline=None, derandomize=True, database=None,
                      phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
            def run(case):
                response = case.call(headers=headers)
                statuses[response.status_code // 100] += 1
                if response.status_code >= 500:
                    failures.append(f"{case.method} {case.formatted_path} query={case.query!r:.200} "
                                    f"body={case.body!r:.300} -> {response.status_code} {response.text[:300]}")

            try:
                run()
            except Unsatisfiable:  # nothing invalid to send (e.g. no parameters at all)
                pass
    methods = {method for method, _path in seen}
    assert {"GET", "POST", "PUT", "PATCH", "DELETE"} <= methods  # writes are fuzzed too
    assert len(seen) > 100
    assert statuses[2] > 0  # authenticated: some calls succeed
    assert not failures, "\n".join(failures)
