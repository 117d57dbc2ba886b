"""Schema-driven fuzzing (schemathesis) of every API operation, reads and writes, as the secretariat:
whatever the generated input, the answer is never a 5xx. Bounded: a few examples per operation, run
in-process through the WSGI application against the test database."""
import os

import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, given, settings

from skillsnet.accounts.services import token_for

EXAMPLES = int(os.environ.get("SKILLSNET_FUZZ_EXAMPLES", "3"))


def test_no_operation_answers_5xx(users):
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
    headers = {"Authorization": f"Token {token_for(users['secretariat_admin']).key}"}
    failures, operations = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        def run(case):
            response = case.call(headers=headers)
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} query={case.query!r:.200} "
                                f"body={case.body!r:.300} -> {response.status_code} {response.text[:300]}")

        run()
    assert operations > 50
    assert not failures, "\n".join(failures)
