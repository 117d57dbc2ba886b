from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from skillsnet.core.changelog import record_change
from skillsnet.core.retry import retry_conflicts

from . import events, tokens
from .permissions import can, forget_cached_roles


def token_for(user, *, name="", days=None):
    """A new API token for `user` (its clear key in `.key`, shown once; only a digest is stored)."""
    return tokens.issue(user, name=name, days=days)


# Every write of this module is one transaction, run again from its start when it lost a transient conflict with
# another writer (core.retry); the roles kept in the cache are forgotten only after it committed.
@retry_conflicts
def regenerate_token(user, *, request=None, name=""):
    """Revoke the user's tokens and issue a new one (the profile page's button)."""
    tokens.revoke_all(user, actor=user, request=request, reason="replaced")
    token = tokens.issue(user, name=name, actor=user, request=request)
    record_change(user, user, "update", None, {"api_token": token.prefix}, reason="API token regenerated")
    return token


@retry_conflicts
def create_token(actor, *, name="", days=None, request=None):
    token = tokens.issue(actor, name=name, days=days, actor=actor, request=request)
    record_change(actor, actor, "update", None, {"api_token": token.prefix}, reason="API token created")
    return token


def revoke_token(actor, token_id, *, request=None):
    """The owner revokes one of their tokens (NotFound-like ValidationError for someone else's)."""
    from .models import ApiToken

    @retry_conflicts
    def write():  # the token read again by each attempt: a failed one may have marked it revoked in memory
        try:
            token = ApiToken.objects.get(pk=int(token_id), user=actor)
        except (ApiToken.DoesNotExist, ValueError, TypeError, OverflowError):
            raise ValidationError(_("No such token."))
        tokens.revoke(token, actor=actor, request=request, reason="revoked by its owner")
        record_change(actor, actor, "update", {"api_token": token.prefix}, None, reason="API token revoked")
        return token
    return write()


def _may_manage_roles(actor):
    from .models import RoleAssignment, User

    return can(actor, "add", RoleAssignment) and can(actor, "change", User)


def grant_role(actor, user, role, *, organisation=None, country=None, reason="", request=None):
    """Give `user` a role (scoped where the role needs it): change log + security event."""
    from skillsnet.core.changelog import snapshot

    from .models import RoleAssignment

    if not _may_manage_roles(actor):
        raise PermissionDenied(_("You may not grant roles."))

    @retry_conflicts
    def write():
        assignment = RoleAssignment(user=user, role=role, organisation=organisation, country=country)
        assignment.full_clean()
        assignment.save()
        record_change(actor, assignment, "create", None, snapshot(assignment), reason=reason)
        events.record("role_granted", user=user, actor=actor, request=request,
                      detail={"role": role, "organisation": getattr(organisation, "pk", None),
                              "country": getattr(country, "pk", None), "reason": reason})
        return assignment
    assignment = write()
    forget_cached_roles(user)
    return assignment


def revoke_role(actor, assignment_id, *, reason="", request=None):
    from skillsnet.core.changelog import snapshot

    from .models import RoleAssignment

    if not _may_manage_roles(actor):
        raise PermissionDenied(_("You may not revoke roles."))

    @retry_conflicts
    def write():
        try:
            assignment = RoleAssignment.objects.select_for_update().get(pk=int(assignment_id))
        except (RoleAssignment.DoesNotExist, ValueError, TypeError, OverflowError):
            raise ValidationError(_("No such role assignment."))
        before = snapshot(assignment)
        user, pk = assignment.user, assignment.pk
        detail = {"role": assignment.role, "organisation": assignment.organisation_id,
                  "country": assignment.country_id, "reason": reason}
        assignment.delete()
        record_change(actor, assignment, "delete", before, None, reason=reason, object_id=pk)
        events.record("role_revoked", user=user, actor=actor, request=request, detail=detail)
        return before, user
    before, user = write()
    forget_cached_roles(user)
    return before


def create_user(actor, username, password=None, *, email="", roles=(), is_superuser=False, reason=""):
    """Create a user with role assignments: roles = [(role, organisation_or_None, country_or_None)]."""
    from .models import RoleAssignment, User
    from skillsnet.core.changelog import snapshot

    @retry_conflicts
    def write():
        user = User(username=username, email=email, is_superuser=is_superuser, is_staff=is_superuser)
        user.set_password(password) if password else user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        for role, organisation, country in roles:
            assignment = RoleAssignment(user=user, role=role, organisation=organisation, country=country)
            assignment.full_clean()
            assignment.save()
            events.record("role_granted", user=user, actor=actor,
                          detail={"role": role, "organisation": getattr(organisation, "pk", None),
                                  "country": getattr(country, "pk", None), "reason": reason or "user created"})
        after = {k: v for k, v in snapshot(user).items() if k != "password"}
        after["roles"] = [[r, getattr(o, "pk", None), getattr(c, "pk", None)] for r, o, c in roles]
        record_change(actor, user, "create", None, after, reason=reason)
        return user
    user = write()
    forget_cached_roles(user)
    return user
