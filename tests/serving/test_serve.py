"""`skillsnet serve` as an operator runs it: a subprocess with production settings, answering over HTTP, stopped
by SIGTERM with exit status 0."""
import json
import re

import httpx

from .helpers import SECRET, Server, env_for, free_port, migrated_copy, run


def test_serve_answers_and_stops_cleanly_on_sigterm(migrated_template, tmp_path):
    data_dir = migrated_copy(migrated_template, tmp_path / "data")
    port = free_port()
    env = env_for(data_dir, SKILLSNET_SECRET_KEY=SECRET, SKILLSNET_ALLOWED_HOSTS="127.0.0.1")
    server = Server(["serve", "--bind", f"127.0.0.1:{port}", "--workers", "2"], env, port, tmp_path / "serve.log")
    try:
        server.wait_ready()
        with httpx.Client(base_url=server.url, timeout=30) as client:
            ready = client.get("/readyz")
            assert (ready.status_code, ready.text) == (200, "ready")
            assert client.get("/healthz").text == "ok"

            home = client.get("/", headers={"Accept-Encoding": "gzip"})
            assert home.status_code == 200
            assert home.headers["content-encoding"] == "gzip"  # HTML compressed
            assert "<html" in home.text and 'lang="en"' in home.text
            assert home.headers.get("server", "").startswith("gunicorn")
            # DEBUG is off: an unknown address is the site's 404 page, not Django's debug page
            missing = client.get("/no-such-page/")
            assert missing.status_code == 404 and "URLconf" not in missing.text

            # static files: collected at start, names carry a content hash, served compressed, cached for long
            css = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', home.text)
            assert css, home.text[:2000]
            asset = client.get(css.group(1), headers={"Accept-Encoding": "gzip"})
            assert asset.status_code == 200 and asset.headers["content-encoding"] == "gzip"
            assert "immutable" in asset.headers["cache-control"]

            schema = client.get("/api/schema/?format=json")
            assert schema.status_code == 200 and schema.json()["openapi"].startswith("3.")
    finally:
        code = server.stop()
    assert code == 0, server.output()
    log = [json.loads(line) for line in server.output().splitlines() if line.startswith("{")]
    access = [e for e in log if e.get("logger") == "gunicorn.access"]
    assert any(e["path"] == "/readyz" and e["status"] == 200 for e in access), log
    assert all(re.fullmatch(r"[0-9a-f]{32}", e["request_id"]) for e in access if e["path"] == "/readyz")
    assert any("Shutting down" in e["message"] for e in log)
    # Django's own log lines are JSON too, with the request id of the request that wrote them
    not_found = [e for e in log if e.get("logger") == "django.request" and "/no-such-page/" in e["message"]]
    assert not_found and re.fullmatch(r"[0-9a-f]{32}", not_found[0]["request_id"]), log


def test_serve_refuses_to_start_without_a_secret_key(migrated_template, tmp_path):
    data_dir = migrated_copy(migrated_template, tmp_path / "data")
    done = run(["serve", "--bind", f"127.0.0.1:{free_port()}"], env_for(data_dir), timeout=120, check=False)
    assert done.returncode == 2
    assert "SKILLSNET_SECRET_KEY" in done.stderr
    assert not (data_dir / "secret_key").exists()  # no key was made up for production


def test_default_workers_are_cores_plus_one_with_two_threads(monkeypatch):
    from skillsnet.core import serve

    monkeypatch.delenv("SKILLSNET_WORKERS", raising=False)
    monkeypatch.delenv("SKILLSNET_THREADS", raising=False)
    monkeypatch.setattr(serve.os, "cpu_count", lambda: 2)
    opts = serve.options()
    assert (opts["workers"], opts["threads"], opts["worker_class"]) == (3, 2, "gthread")
    monkeypatch.setattr(serve.os, "cpu_count", lambda: 8)
    assert serve.options()["workers"] == 9
    monkeypatch.setenv("SKILLSNET_WORKERS", "5")
    assert serve.options()["workers"] == 5  # the operator's choice wins
    assert serve.options(workers=2)["workers"] == 2
