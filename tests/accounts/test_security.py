"""Accounts that cannot be taken over: rate limits on every sign-in door, lockouts that cannot be used
against others, hashed expiring tokens, idle sessions, the security log, role grants through a service."""
import json
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from skillsnet.accounts.models import ApiToken, RoleAssignment, SecurityEvent, User
from skillsnet.accounts.services import create_user, token_for
from skillsnet.core.models import ChangeLogEntry

from ..conftest import PASSWORD

OFFICE = "10.1.1.1"


def _login(client, username, password, address=OFFICE, path="/accounts/login/"):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=address)


def _signed_in(client):
    return "_auth_user_id" in client.session


# ------------------------------------------------------------------ rate limits on every door
def test_admin_login_is_rate_limited(client, system_user):
    for _ in range(6):
        _login(client, "system-admin", "wrong", path="/admin/login/")
    response = _login(client, "system-admin", PASSWORD, path="/admin/login/")
    assert not _signed_in(client)
    assert "Too many failed sign-ins" in response.content.decode()
    assert SecurityEvent.objects.filter(kind="lockout", username="system-admin").exists()


def test_one_persons_typos_do_not_lock_out_the_office(client, users):
    for _ in range(6):
        _login(client, "viewer1", "wrong")
    assert _login(client, "viewer1", PASSWORD).status_code == 429
    # a colleague behind the same address signs in
    colleague = client.__class__()
    assert _login(colleague, "admin1", PASSWORD).status_code == 302
    # the owner from another address too
    other = client.__class__()
    assert _login(other, "viewer1", PASSWORD, address="10.9.9.9").status_code == 302


def test_attack_from_many_addresses_does_not_lock_the_owner_out_of_a_known_address(client, users, settings):
    settings.SKILLSNET_LOGIN_MAX_FAILURES_PER_ACCOUNT = 10
    assert _login(client, "viewer1", PASSWORD).status_code == 302  # the office is a known-good address
    client.post("/accounts/logout/")
    attacker = client.__class__()
    for i in range(12):
        _login(attacker, "viewer1", "guess", address=f"192.0.2.{i}")
    # the account is locked for new addresses, even with the right password
    assert _login(attacker, "viewer1", PASSWORD, address="192.0.2.200").status_code == 429
    owner = client.__class__()
    assert _login(owner, "viewer1", PASSWORD).status_code == 302


def test_password_spraying_from_one_address_is_stopped(client, users, settings):
    settings.SKILLSNET_LOGIN_MAX_FAILURES_PER_ADDRESS = 8
    for i in range(8):
        _login(client, f"nobody{i}", "wrong", address="198.51.100.7")
    assert _login(client, "admin1", PASSWORD, address="198.51.100.7").status_code == 429
    assert SecurityEvent.objects.filter(kind="lockout", detail__limit="address").exists()


def test_api_token_creation_with_a_password_is_rate_limited(client, users):
    url = "/api/accounts/tokens/"
    for _ in range(5):
        response = client.post(url, {"username": "viewer1", "password": "wrong"}, content_type="application/json",
                               REMOTE_ADDR=OFFICE)
        assert response.status_code == 401
    response = client.post(url, {"username": "viewer1", "password": PASSWORD}, content_type="application/json",
                           REMOTE_ADDR=OFFICE)
    assert response.status_code == 429
    assert not ApiToken.objects.filter(user=users["viewer"]).exists()
    fresh = client.post(url, {"username": "viewer1", "password": PASSWORD, "name": "laptop"},
                        content_type="application/json", REMOTE_ADDR="10.2.2.2")
    assert fresh.status_code == 201
    key = fresh.json()["key"]
    assert client.get("/api/accounts/tokens/", HTTP_AUTHORIZATION=f"Token {key}").json()["results"][0]["name"] == "laptop"


def test_password_reset_requests_are_throttled(client, users, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    User.objects.filter(pk=users["viewer"].pk).update(email="viewer@example.org")
    statuses = [client.post("/accounts/password/reset/", {"email": "viewer@example.org"},
                            REMOTE_ADDR=f"10.3.3.{i}").status_code for i in range(5)]
    assert statuses == [302, 302, 302, 429, 429]
    assert len(mail.outbox) == 3
    for i in range(6):
        client.post("/accounts/password/reset/", {"email": f"x{i}@example.org"}, REMOTE_ADDR="10.4.4.4")
    assert client.post("/accounts/password/reset/", {"email": "y@example.org"},
                       REMOTE_ADDR="10.4.4.4").status_code == 429


# ------------------------------------------------------------------ tokens
def test_tokens_are_hashed_at_rest_and_shown_once(client, users):
    token = token_for(users["viewer"])
    key = token.key
    stored = ApiToken.objects.get(pk=token.pk)
    assert not hasattr(stored, "key")
    values = json.dumps(list(ApiToken.objects.values()), default=str)
    assert key not in values and key[8:] not in values
    assert client.get("/api/directory/organisations/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    listing = client.get("/api/accounts/tokens/", HTTP_AUTHORIZATION=f"Token {key}").json()["results"]
    assert [t["prefix"] for t in listing] == [key[:8]] and "key" not in listing[0]


def test_expired_token_is_refused(client, users):
    token = token_for(users["viewer"])
    ApiToken.objects.filter(pk=token.pk).update(expires=timezone.now() - timedelta(minutes=1))
    assert client.get("/api/accounts/tokens/", HTTP_AUTHORIZATION=f"Token {token.key}").status_code == 401
    assert token_for(users["viewer"]).expires > timezone.now() + timedelta(days=30)


def test_password_change_and_reset_revoke_tokens(client, users, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    user = users["viewer"]
    first = token_for(user)
    client.force_login(user)
    response = client.post("/accounts/password/", {"old_password": PASSWORD, "new_password1": "another long phrase 42",
                                                   "new_password2": "another long phrase 42"})
    assert response.status_code == 302
    assert client.get("/api/accounts/tokens/", HTTP_AUTHORIZATION=f"Token {first.key}").status_code == 401
    second = token_for(user)
    User.objects.filter(pk=user.pk).update(email="viewer@example.org")
    anonymous = client.__class__()
    anonymous.post("/accounts/password/reset/", {"email": "viewer@example.org"})
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/accounts/password/reset/" in line).strip()
    path = link[link.index("/accounts/"):]
    form_url = anonymous.get(path).url or path
    anonymous.post(form_url, {"new_password1": "a third long phrase 99", "new_password2": "a third long phrase 99"})
    assert User.objects.get(pk=user.pk).check_password("a third long phrase 99")
    assert anonymous.get("/api/accounts/tokens/", HTTP_AUTHORIZATION=f"Token {second.key}").status_code == 401


def test_owner_lists_and_revokes_tokens_on_the_page_and_in_the_api(client, users):
    viewer, other = users["viewer"], users["focal_point"]
    a, b = token_for(viewer, name="script A"), token_for(viewer, name="script B")
    foreign = token_for(other, name="not yours")
    client.force_login(viewer)
    page = client.get("/accounts/profile/").content.decode()
    assert "script A" in page and "script B" in page and "not yours" not in page and a.key not in page
    client.post(f"/accounts/token/{a.pk}/revoke/")
    assert client.get("/api/accounts/tokens/", HTTP_AUTHORIZATION=f"Token {a.key}").status_code == 401
    auth = {"HTTP_AUTHORIZATION": f"Token {b.key}"}
    assert client.delete(f"/api/accounts/tokens/{foreign.pk}/", **auth).status_code == 404
    assert ApiToken.objects.get(pk=foreign.pk).revoked is None
    assert client.delete(f"/api/accounts/tokens/{b.pk}/", **auth).status_code == 204
    assert ApiToken.objects.get(pk=b.pk).revoked is not None
    response = client.post("/accounts/token/", {"name": "new one"})
    assert response.status_code == 302
    shown = client.get("/accounts/profile/").content.decode()
    new = ApiToken.objects.get(user=viewer, name="new one")
    assert f"<code>{new.prefix}" in shown
    assert "Copy it now" in shown and "Copy it now" not in client.get("/accounts/profile/").content.decode()


# ------------------------------------------------------------------ sessions
def test_idle_session_is_signed_out(client, users, settings):
    settings.SKILLSNET_SESSION_IDLE_SECONDS = 60
    assert _login(client, "viewer1", PASSWORD).status_code == 302
    assert client.get("/accounts/profile/").status_code == 200
    session = client.session
    session["skillsnet_last_seen"] = int(time.time()) - 61
    session.save()
    response = client.get("/accounts/profile/")
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert SecurityEvent.objects.filter(kind="session_expired", username="viewer1").exists()


# ------------------------------------------------------------------ the security log and role grants
def test_security_log_records_the_doors_and_only_the_secretariat_reads_it(client, users):
    _login(client, "viewer1", "wrong")
    for _ in range(5):
        _login(client, "coord_la", "wrong")
    _login(client, "viewer1", PASSWORD)
    token = token_for(users["viewer"])
    client.get("/api/directory/organisations/", HTTP_AUTHORIZATION=f"Token {token.key}")
    kinds = set(SecurityEvent.objects.values_list("kind", flat=True))
    assert {"login", "login_failed", "lockout", "token_created", "token_used", "role_granted"} <= kinds
    assert SecurityEvent.objects.filter(kind="login", username="viewer1", address=OFFICE).exists()

    viewer_client = client.__class__()
    viewer_client.force_login(users["viewer"])
    assert viewer_client.get("/accounts/security-events/").status_code == 403
    assert viewer_client.get("/api/accounts/security-events/").status_code == 403
    assert client.__class__().get("/api/accounts/security-events/").status_code in (401, 403)
    admin = client.__class__()
    admin.force_login(users["secretariat_admin"])
    page = admin.get("/accounts/security-events/?kind=lockout").content.decode()
    assert "coord_la" in page and "viewer1" not in page
    rows = admin.get("/api/accounts/security-events/?kind=login_failed").json()["results"]
    assert {r["username"] for r in rows} == {"viewer1", "coord_la"}


def test_secretariat_grants_and_revokes_roles_on_the_page_and_in_the_api(client, users, orgs):
    target = create_user(None, "newcomer", PASSWORD)
    admin = client.__class__()
    admin.force_login(users["secretariat_admin"])
    response = admin.post("/accounts/roles/", {"user": "newcomer", "role": "focal_point",
                                               "organisation": orgs["own"].pk, "reason": "new focal point"})
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=target, role="focal_point")
    assert ChangeLogEntry.objects.filter(action="create", object_id=str(assignment.pk),
                                         actor_name="admin1", reason="new focal point").exists()
    assert SecurityEvent.objects.filter(kind="role_granted", username="newcomer", actor=users["secretariat_admin"]).exists()
    # a scoped role without its scope is refused with a message
    bad = admin.post("/accounts/roles/", {"user": "newcomer", "role": "country_coordinator"})
    assert bad.status_code == 400 and "country" in bad.content.decode()
    # the country by its code in any case, from a list of names; an unknown one is refused on the form
    page = admin.get("/accounts/roles/").content.decode()
    assert '<option value="LA">Laos</option>' in page and "Organisation (id)" not in page
    assert admin.post("/accounts/roles/", {"user": "newcomer", "role": "country_coordinator",
                                           "country": "la"}).status_code == 302
    coordinator = RoleAssignment.objects.get(user=target, role="country_coordinator", country="LA")
    admin.post(f"/accounts/roles/{coordinator.pk}/revoke/")
    unknown = admin.post("/accounts/roles/", {"user": "newcomer", "role": "focal_point", "organisation": 999999})
    assert unknown.status_code == 400 and "Select a valid choice" in unknown.content.decode()

    api = {"HTTP_AUTHORIZATION": f"Token {token_for(users['secretariat_admin']).key}"}
    response = client.post("/api/accounts/role-assignments/", {"user": "newcomer", "role": "viewer"},
                           content_type="application/json", **api)
    assert response.status_code == 201, response.content
    viewer_role = RoleAssignment.objects.get(user=target, role="viewer")
    assert client.delete(f"/api/accounts/role-assignments/{viewer_role.pk}/", **api).status_code == 204
    assert SecurityEvent.objects.filter(kind="role_revoked", username="newcomer").exists()
    assert ChangeLogEntry.objects.filter(action="delete", object_id=str(viewer_role.pk)).exists()
    admin.post(f"/accounts/roles/{assignment.pk}/revoke/")
    assert not RoleAssignment.objects.filter(user=target).exists()


def test_others_cannot_grant_roles(client, users, orgs):
    for role in ("focal_point", "country_coordinator", "viewer"):
        c = client.__class__()
        c.force_login(users[role])
        assert c.post("/accounts/roles/", {"user": users[role].username, "role": "secretariat_admin"}).status_code == 403
        api = {"HTTP_AUTHORIZATION": f"Token {token_for(users[role]).key}"}
        response = c.post("/api/accounts/role-assignments/", {"user": users[role].username, "role": "secretariat_admin"},
                          content_type="application/json", **api)
        assert response.status_code == 403
        assert c.get("/api/accounts/role-assignments/", **api).status_code == 403
        assert c.get("/accounts/roles/").status_code == 403
    others = [users[r] for r in ("focal_point", "country_coordinator", "viewer")]
    assert not RoleAssignment.objects.filter(role="secretariat_admin", user__in=others).exists()


def test_admin_is_for_superusers_and_cannot_edit_roles(client, users, system_user):
    staff = users["secretariat_admin"]
    User.objects.filter(pk=staff.pk).update(is_staff=True)
    client.force_login(User.objects.get(pk=staff.pk))
    assert client.get("/admin/").status_code == 302  # sent to the admin's sign-in: not a superuser
    root = client.__class__()
    root.force_login(system_user)
    page = root.get(f"/admin/accounts/user/{users['viewer'].pk}/change/").content.decode()
    assert "role_assignments" not in page
    from django.contrib import admin as django_admin

    assert RoleAssignment not in django_admin.site._registry
    response = root.post(f"/admin/accounts/user/{users['viewer'].pk}/change/", {
        "username": "viewer1", "email": "v@example.org", "is_active": "on", "is_staff": "on",
        "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00", "initial-date_joined_0": "2026-01-01",
        "initial-date_joined_1": "00:00:00"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ChangeLogEntry.objects.filter(object_id=str(users["viewer"].pk), reason="admin", actor_name="system-admin").exists()
    assert SecurityEvent.objects.filter(kind="admin_change", username="viewer1").exists()


# ------------------------------------------------------------------ HTTPS settings
def _settings_with(env):
    code = ("import json, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'skillsnet.settings');"
            "from django.conf import settings as s;"
            "print(json.dumps([s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS,"
            " s.SECURE_SSL_REDIRECT, s.SECURE_PROXY_SSL_HEADER]))")
    import os

    src = os.path.join(os.path.dirname(__file__), "..", "..", "src")
    out = subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": src, **env},
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_https_settings_come_from_the_environment(tmp_path):
    base = {"SKILLSNET_DATA_DIR": str(tmp_path)}
    assert _settings_with(base) == [False, False, 0, False, None]
    on = _settings_with({**base, "SKILLSNET_HTTPS": "1", "SKILLSNET_PROXY_SSL_HEADER": "X-Forwarded-Proto"})
    assert on[:2] == [True, True] and on[2] >= 31536000 and on[3] is True
    assert on[4] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_rehashing_a_password_at_sign_in_keeps_the_tokens(client, users):
    from django.contrib.auth.hashers import make_password

    user = users["viewer"]
    User.objects.filter(pk=user.pk).update(password=make_password(PASSWORD, hasher="pbkdf2_sha256"))
    token = token_for(User.objects.get(pk=user.pk))
    assert _login(client, "viewer1", PASSWORD).status_code == 302
    assert not User.objects.get(pk=user.pk).password.startswith("pbkdf2")  # re-hashed with the preferred hasher
    assert client.get("/api/accounts/tokens/", HTTP_AUTHORIZATION=f"Token {token.key}").status_code == 200
