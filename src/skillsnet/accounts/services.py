from django.db import transaction
from rest_framework.authtoken.models import Token

from skillsnet.core.changelog import record_change

from .permissions import forget_cached_roles


def token_for(user):
    token, _created = Token.objects.get_or_create(user=user)
    return token


def regenerate_token(user):
    with transaction.atomic():
        Token.objects.filter(user=user).delete()
        token = Token.objects.create(user=user)
        record_change(user, user, "update", None, {"api_token": "regenerated"}, reason="API token regenerated")
    return token


def create_user(actor, username, password=None, *, email="", roles=(), is_superuser=False, reason=""):
    """Create a user with role assignments: roles = [(role, organisation_or_None, country_or_None)]."""
    from .models import RoleAssignment, User
    from skillsnet.core.changelog import snapshot

    with transaction.atomic():
        user = User(username=username, email=email, is_superuser=is_superuser, is_staff=is_superuser)
        user.set_password(password) if password else user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        for role, organisation, country in roles:
            assignment = RoleAssignment(user=user, role=role, organisation=organisation, country=country)
            assignment.full_clean()
            assignment.save()
        after = {k: v for k, v in snapshot(user).items() if k != "password"}
        after["roles"] = [[r, getattr(o, "pk", None), getattr(c, "pk", None)] for r, o, c in roles]
        record_change(actor, user, "create", None, after, reason=reason)
    forget_cached_roles(user)
    return user
