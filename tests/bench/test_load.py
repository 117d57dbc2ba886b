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


def test_load_client_connection_reads_every_kind_of_answer_on_one_kept_connection():
    """The measured requests' client: status codes, bodies by length, chunked and up to the close, one connection
    kept alive across answers, the session's cookies and gzip asked for, and a kept connection the server closed
    while idle opened anew."""
    import asyncio

    from skillsnet.bench.load import Connection

    seen = []  # (connection number, request head)

    async def serve(reader, writer):
        number = len({n for n, _h in seen}) + 1
        while True:
            try:
                head = await reader.readuntil(b"\r\n\r\n")
            except (asyncio.IncompleteReadError, ConnectionError):
                break
            seen.append((number, head.decode()))
            path = head.split()[1]
            if path == b"/length":
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello")
            elif path == b"/chunked":
                writer.write(b"HTTP/1.1 403 Forbidden\r\nTransfer-Encoding: chunked\r\n\r\n"
                             b"3\r\nabc\r\n4;x=y\r\ndefg\r\n0\r\n\r\n")
            elif path == b"/idle-close":  # answers, then closes as an idle keep-alive would
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
                await writer.drain()
                writer.close()
                return
            else:
                writer.write(b"HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\nuntil the close")
                await writer.drain()
                writer.close()
                return
            await writer.drain()

    async def scenario():
        server = await asyncio.start_server(serve, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        connection = Connection(f"http://127.0.0.1:{port}", {"sessionid": "abc", "csrftoken": "xyz"})
        statuses = [await connection.get(path) for path in
                    ("/length", "/chunked", "/length", "/idle-close", "/length", "/gone", "/length")]
        connection.close()
        server.close()
        await server.wait_closed()
        return statuses

    # in a thread of its own: a browser test run before in this process may have left an event loop running here
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        statuses = pool.submit(asyncio.run, scenario()).result(timeout=60)
    assert statuses == [200, 403, 200, 200, 200, 404, 200]
    assert [n for n, _h in seen] == [1, 1, 1, 1, 2, 2, 3]  # kept alive until the server closed it
    assert all("Cookie: sessionid=abc; csrftoken=xyz\r\n" in h and "Accept-Encoding: gzip\r\n" in h
               for _n, h in seen)
