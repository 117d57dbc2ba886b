"""REDIS_URL: the cache (and with it the sign-in rate limits) and the sessions are shared by every process.
Runs against the machine's Redis (127.0.0.1:6379); skipped where none answers."""
import json
import socket
import uuid

import httpx
import pytest

from .helpers import SECRET, Server, env_for, free_port, migrated_copy, run

REDIS_URL = "redis://127.0.0.1:6379/15"


def _redis_answers():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


pytestmark = pytest.mark.skipif(not _redis_answers(), reason="no Redis answers on 127.0.0.1:6379")

SHOW = """
import json
from django.conf import settings
from django.core.cache import cache
from importlib import import_module
store = import_module(settings.SESSION_ENGINE).SessionStore
print(json.dumps({"backend": settings.CACHES["default"]["BACKEND"], "sessions": settings.SESSION_ENGINE,
                  "value": cache.get("shared-key")}))
"""
WRITE = """
from django.core.cache import cache
from django.conf import settings
from importlib import import_module
cache.set("shared-key", "written by process A", 60)
for _i in range(3):
    cache.get_or_set("failures", 0, 60)
    cache.incr("failures")
session = import_module(settings.SESSION_ENGINE).SessionStore()
session["who"] = "A"
session.create()
print(session.session_key)
"""
READ = """
from django.core.cache import cache
from django.conf import settings
from importlib import import_module
session = import_module(settings.SESSION_ENGINE).SessionStore(session_key="{key}")
print(cache.get("shared-key"), cache.get("failures"), session.get("who"))
"""


def test_redis_backs_cache_and_sessions_across_processes(migrated_template, tmp_path):
    import redis

    prefix = f"skillsnet-test-{uuid.uuid4().hex[:8]}"
    data_dir = migrated_copy(migrated_template, tmp_path / "data")
    with_redis = env_for(data_dir, REDIS_URL=REDIS_URL, SKILLSNET_CACHE_PREFIX=prefix)
    r = redis.Redis.from_url(REDIS_URL)
    try:
        shown = json.loads(run(["shell", "--no-imports", "-c", SHOW], with_redis).stdout)
        assert shown == {"backend": "django.core.cache.backends.redis.RedisCache",
                         "sessions": "django.contrib.sessions.backends.cached_db", "value": None}
        key = run(["shell", "--no-imports", "-c", WRITE], with_redis).stdout.strip()
        assert r.keys(f"{prefix}:*"), "nothing was written to Redis"
        # another process (another worker, another machine) sees the same cache and the same session
        assert run(["shell", "--no-imports", "-c", READ.format(key=key)], with_redis).stdout.split() == [
            "written", "by", "process", "A", "3", "A"]
        # without REDIS_URL each process has its own memory cache: nothing is shared, and nothing breaks
        alone = env_for(data_dir)
        assert json.loads(run(["shell", "--no-imports", "-c", SHOW], alone).stdout)["backend"].endswith("LocMemCache")
        assert run(["shell", "--no-imports", "-c", READ.format(key=key)], alone).stdout.split() == ["None", "None", "A"]
    finally:
        for k in r.scan_iter(f"{prefix}:*"):
            r.delete(k)


def test_served_with_redis_is_ready_and_signs_in(migrated_template, tmp_path):
    prefix = f"skillsnet-test-{uuid.uuid4().hex[:8]}"
    data_dir = migrated_copy(migrated_template, tmp_path / "data")
    env = env_for(data_dir, REDIS_URL=REDIS_URL, SKILLSNET_CACHE_PREFIX=prefix, SKILLSNET_SECRET_KEY=SECRET,
                  SKILLSNET_ALLOWED_HOSTS="127.0.0.1")
    run(["shell", "--no-imports", "-c", "from skillsnet.accounts.models import User; "
         "User.objects.create_user('redis-user', password='a long test password 1')"], env)
    port = free_port()
    server = Server(["serve", "--bind", f"127.0.0.1:{port}", "--workers", "2"], env, port, tmp_path / "serve.log")
    import redis

    r = redis.Redis.from_url(REDIS_URL)
    try:
        server.wait_ready()
        with httpx.Client(base_url=server.url, timeout=30) as client:
            assert client.get("/readyz").text == "ready"
            client.get("/accounts/login/")
            response = client.post("/accounts/login/", data={
                "username": "redis-user", "password": "a long test password 1",
                "csrfmiddlewaretoken": client.cookies["csrftoken"]}, headers={"Referer": server.url + "/"})
            assert response.status_code == 302, response.text[:500]
            session_key = client.cookies["sessionid"]
            assert r.keys(f"{prefix}:*{session_key}*"), "the session is not cached in Redis"
            for _i in range(6):  # two workers answer in turn; the signed-in session holds on every one
                assert client.get("/accounts/login/").status_code in (200, 302)
    finally:
        assert server.stop() == 0, server.output()
        for k in r.scan_iter(f"{prefix}:*"):
            r.delete(k)
