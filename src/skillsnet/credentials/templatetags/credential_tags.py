from django import template

from skillsnet.accounts.permissions import can

from .. import services
from ..models import IssuedCredential, IssuerKey
from ..urls_util import base_url, verify_url
from ..verification import verify_stored

register = template.Library()


@register.simple_tag(takes_context=True)
def credential_info(context, credential):
    """Verify URL, verification result and whether the user may revoke, for the credential's staff page."""
    request = context.get("request")
    user = getattr(request, "user", None)
    may = credential.revoked_at is None and services.may_issue(user, credential.issuer)
    return {
        "verify_url": verify_url(base_url(request), credential),
        "result": verify_stored(credential),
        "may_revoke": may,
        "may_suspend": may and credential.suspended_at is None,
        "may_lift": may and credential.suspended_at is not None,
    }


@register.simple_tag(takes_context=True)
def activity_credentials(context, activity):
    """Completers of the activity still without a credential, and whether the user may issue."""
    request = context.get("request")
    user = getattr(request, "user", None)
    may = services.may_issue(user, activity.host)
    completers = services.activity_completers(activity) if may else []
    held = set(IssuedCredential.objects.for_user(user, "view")
               .filter(participation__activity=activity, revoked_at__isnull=True)
               .values_list("participation__person_id", flat=True)) if may else set()
    pending = [p for p in completers if p.person_id not in held]
    return {"may_issue": may, "pending": pending[:200], "pending_count": len(pending)}


@register.simple_tag(takes_context=True)
def organisation_keys(context, organisation):
    request = context.get("request")
    user = getattr(request, "user", None)
    # the keys themselves are the panel's rows (core.views reads them for every panel): not read a second time
    return {"may_rotate": services.may_issue(user, organisation), "may_view": can(user, "view", IssuerKey)}
