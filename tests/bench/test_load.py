"""`skillsnet bench --load` at a tiny scale, as an operator runs it: synthetic data, the production server started
on that database, concurrent clients signed in as every role, a report per endpoint and role. Correctness only:
no time is asserted."""
import os
import re

import pytest

from skillsnet.accounts.rules import ROLES
from skillsnet.bench.load import MIX
from tests.serving.helpers import env_for, run


def _rows(text):
    """{(role, endpoint): (requests, errors)} from the printed table."""
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip("│ ").split("│")]
        if len(cells) == 9 and cells[2].isdigit():
            rows[(cells[0], cells[1])] = (int(cells[2]), int(cells[7]))
    return rows


@pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"),
                    reason="its own SQLite database, whatever the suite's: runs once, in the SQLite pass")
def test_bench_load_drives_the_production_server_as_every_role(tmp_path):
    env = env_for(tmp_path / "data")
    run(["migrate", "--noinput", "-v", "0"], env)
    done = run(["bench", "--scale", "0.001", "--load", "--clients", "5", "--duration", "10", "--warmup", "1",
                "--server-workers", "2", "--think", "0"], env, timeout=600)
    text = done.stdout
    rows = _rows(text)
    for role in ROLES:
        for endpoint in MIX:
            requests, errors = rows[(role, endpoint)]  # every role went through the whole mix ...
            assert requests >= 1 and errors == 0, (role, endpoint, text)  # ... without an error
    for endpoint in MIX:
        assert rows[("all roles", endpoint)][1] == 0
    assert re.search(r"load: \d+ requests in \d+ s = [\d.]+ req/s, 0 errors", text), text
    memory = re.search(r"memory after warm-up (\d+) MiB RSS .*master \+ (\d+) workers\), at the end (\d+) MiB RSS",
                       text.replace("\n", " "))
    assert memory and int(memory.group(1)) > 0 and int(memory.group(2)) == 2 and int(memory.group(3)) > 0, text
    assert "server stopped with SIGTERM, exit status 0" in text
