import io

import pytest
from django.contrib.auth.hashers import get_hasher
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from skillsnet.accounts.models import RoleAssignment
from skillsnet.accounts.services import create_user

from ..conftest import PASSWORD


def test_production_hasher_is_argon2(db):
    from skillsnet import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    with override_settings(PASSWORD_HASHERS=project_settings.PASSWORD_HASHERS):
        user = create_user(None, "argon", PASSWORD)
        assert user.password.startswith("argon2$")
        assert get_hasher("default").algorithm == "argon2"


def test_login_logout_and_rate_limit(client, users):
    response = client.post("/accounts/login/", {"username": "viewer1", "password": PASSWORD})
    assert response.status_code == 302
    client.post("/accounts/logout/")
    for _ in range(5):
        assert client.post("/accounts/login/", {"username": "viewer1", "password": "wrong"}).status_code == 200
    response = client.post("/accounts/login/", {"username": "viewer1", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()


def test_password_change_and_reset(client, users, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    users["viewer"].email = "viewer@example.org"
    users["viewer"].save()
    client.login(username="viewer1", password=PASSWORD)
    response = client.post("/accounts/password/", {"old_password": PASSWORD, "new_password1": "a new long passphrase 7",
                                                   "new_password2": "a new long passphrase 7"})
    assert response.status_code == 302
    client.logout()
    assert client.login(username="viewer1", password="a new long passphrase 7")
    client.logout()
    client.post("/accounts/password/reset/", {"email": "viewer@example.org"})
    assert len(mail.outbox) == 1 and "/accounts/password/reset/" in mail.outbox[0].body


def test_token_command_and_token_auth(users, client):
    out = io.StringIO()
    call_command("token", "viewer1", stdout=out)
    key = out.getvalue().strip()
    assert len(key) == 40
    response = client.get("/api/directory/organisations/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert client.get("/api/directory/contacts/", HTTP_AUTHORIZATION="Token wrong").status_code == 401


def test_scoped_roles_need_their_scope(db):
    from django.core.exceptions import ValidationError

    user = create_user(None, "nobody", PASSWORD)
    with pytest.raises(ValidationError, match="organisation"):
        RoleAssignment(user=user, role="focal_point").full_clean()
    with pytest.raises(ValidationError, match="country"):
        RoleAssignment(user=user, role="country_coordinator").full_clean()


def test_profile_regenerates_token(client, users):
    client.login(username="viewer1", password=PASSWORD)
    response = client.post("/accounts/token/", follow=True)
    assert "Your new token" in response.content.decode()
