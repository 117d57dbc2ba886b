"""The demo's sign-ins (password core.demo.DEMO_PASSWORD), made once every app's demo data exists."""
from skillsnet.core.demo import DEMO_PASSWORD


def load(actor):
    """Nothing before the other apps: focal points need their institutions (see finish)."""


def finish(actor):
    ensure_users(actor)


def ensure_users(actor, extra=()):
    """Create the demo sign-ins (password DEMO_PASSWORD) if missing."""
    from skillsnet.accounts.models import User
    from skillsnet.accounts.rules import DEMO_ACCOUNTS, SCOPED_ROLES, is_admin_role
    from skillsnet.accounts.services import create_user
    from skillsnet.directory.models import Country, Organisation

    made = []
    for username, role, scope in [*DEMO_ACCOUNTS, *extra]:
        if User.objects.filter(username=username).exists():
            continue
        org = country = None
        if SCOPED_ROLES.get(role) == "organisation":
            org = Organisation.objects.filter(name=scope).first()
            if org is None:
                continue
        if SCOPED_ROLES.get(role) == "country":
            country = Country.objects.get(pk=scope)
        user = create_user(actor, username, DEMO_PASSWORD, roles=[(role, org, country)],
                           is_superuser=is_admin_role(role), reason="demo user")
        made.append(user)
    return made
