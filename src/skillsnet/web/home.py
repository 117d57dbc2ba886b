"""What the home page shows each role: what needs attention today, and the records the user looks after.

Plain functions of (user, today) returning lists of dicts; the view only renders them. Every read goes
through restrict()/for_user so that nobody is shown a count of records they may not see. Apps may add an
attention item with add_attention(function(user, today) -> item or None).
"""
import datetime

from django.apps import apps
from django.core.cache import cache
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from skillsnet.accounts.permissions import can, is_admin, restrict

EXPIRY_DAYS = 90
SHOWN = 5


def _url(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _config_url(model, action="list", obj=None):
    from skillsnet.core.registry import config_for

    config = config_for(model)
    if config is None:
        return ""
    return config.url(action, obj) if obj is not None else config.url(action)


def _roles(user):
    if not getattr(user, "is_authenticated", False):
        return []
    return list(user.role_assignments.select_related("organisation", "country"))


def is_secretariat(user):
    return is_admin(user)


def item(key, icon, title, count, url, rows=(), empty=""):
    """One attention card: `rows` are (text, url) of the first few records."""
    return {"key": key, "icon": icon, "title": title, "count": count, "url": url, "rows": list(rows)[:SHOWN],
            "empty": empty}


# ---------------------------------------------------------------- attention items (secretariat)
def articles_to_review(user, today):
    from skillsnet.ingest.models import Article

    if not (is_secretariat(user) and can(user, "view", Article)):
        return None
    qs = restrict(Article.objects.filter(status=Article.Status.REVIEW), user, "view").order_by("-created_at", "-id")
    rows = [(a.title, _url("ingest:review", a.pk)) for a in qs[:SHOWN]]
    return item("ingest", "inbox", _("Articles to turn into records"), qs.count(), _url("ingest:articles"), rows)


def overdue_commitments(user, today):
    from skillsnet.agreements.models import Commitment
    from skillsnet.agreements.queries import overdue_commitments as overdue

    if not can(user, "view", Commitment):
        return None
    qs = overdue(user, today)
    rows = [(f"{c.agreement} — {c}", _config_url(Commitment, "detail", c)) for c in qs[:SHOWN]]
    return item("overdue", "clock", _("Overdue commitments"), qs.count(), _url("agreements:overdue_commitments"), rows)


def agreements_expiring(user, today):
    from skillsnet.agreements.models import Agreement

    if not can(user, "view", Agreement):
        return None
    until = today + datetime.timedelta(days=EXPIRY_DAYS)
    qs = restrict(Agreement.objects.filter(
        status__in=[Agreement.Status.SIGNED, Agreement.Status.ACTIVE],
        ends_on__gte=today.isoformat(), ends_on__lte=until.isoformat()), user, "view").order_by("ends_on", "id")
    rows = [(f"{a} ({a.ends_on})", _config_url(Agreement, "detail", a)) for a in qs[:SHOWN]]
    return item("expiring", "calendar", _("Agreements ending within 90 days"), qs.count(),
                _config_url(Agreement) + "?status=active", rows)


def periods_awaiting_approval(user, today):
    from skillsnet.results.models import PeriodApproval

    if not (is_secretariat(user) and can(user, "view", PeriodApproval)):
        return None
    qs = restrict(PeriodApproval.objects.filter(status=PeriodApproval.Status.SUBMITTED), user, "view") \
        .select_related("period", "period__project", "country").order_by("id")
    rows = [(str(a), _config_url(PeriodApproval, "detail", a)) for a in qs[:SHOWN]]
    return item("approvals", "circle-check", _("Periods awaiting approval"), qs.count(),
                _config_url(PeriodApproval) + "?status=submitted", rows)


def possible_duplicates(user, today):
    from skillsnet.people.duplicates import find_duplicates
    from skillsnet.people.models import Person

    if not (is_secretariat(user) and can(user, "change", Person) and can(user, "delete", Person)):
        return None
    key = f"home:duplicates:{user.pk}"
    pairs = cache.get(key)
    if pairs is None:  # the pair search reads every person: kept for five minutes
        found = find_duplicates(restrict(Person.objects.all(), user, "change"))[:200]
        pairs = [(str(d.first), d.first.pk, str(d.second), d.second.pk) for d in found]
        cache.set(key, pairs, 300)
    rows = [(f"{a} · {b}", _url("people:person_merge", pa) + f"?merge={pb}") for a, pa, b, pb in pairs]
    return item("duplicates", "copy", _("Possible duplicate people"), len(pairs), _url("people:duplicates"), rows)


ATTENTION = [articles_to_review, overdue_commitments, agreements_expiring, periods_awaiting_approval,
             possible_duplicates]


def add_attention(function):
    if function not in ATTENTION:
        ATTENTION.append(function)


def attention(user, today=None):
    today = today or timezone.localdate()
    return [i for f in ATTENTION if (i := f(user, today)) is not None]


# ---------------------------------------------------------------- what a user looks after
def _activities(user, **filters):
    from skillsnet.activities.models import Activity

    if not can(user, "view", Activity):
        return []
    qs = restrict(Activity.objects.filter(**filters), user, "view").select_related("host", "country")
    return list(qs.order_by("-start", "-id")[:SHOWN])


def organisation_summary(user, org):
    """A focal point's institution: its latest activities and its people."""
    from skillsnet.directory.models import Organisation

    out = {"organisation": org, "url": _config_url(Organisation, "detail", org), "activities": [], "people": [],
           "people_count": 0, "activity_count": 0}
    from django.db.models import Q

    from skillsnet.activities.models import Activity

    if can(user, "view", Activity):
        qs = restrict(Activity.objects.filter(Q(host=org) | Q(organisation_roles__organisation=org)).distinct(),
                      user, "view")
        out["activity_count"] = qs.count()
        out["activities"] = [(a, _config_url(Activity, "detail", a)) for a in qs.order_by("-start", "-id")[:SHOWN]]
    from skillsnet.people.models import Person

    if can(user, "view", Person):
        qs = restrict(Person.objects.filter(organisation=org), user, "view")
        out["people_count"] = qs.count()
        out["people"] = [(p, _config_url(Person, "detail", p)) for p in qs.order_by("name")[:SHOWN]]
    return out


def country_summary(user, country):
    """A country coordinator's country: its organisations, activities and periods to submit."""
    from skillsnet.directory.models import Organisation

    orgs = restrict(Organisation.objects.filter(country=country), user, "view")
    out = {"country": country, "org_count": orgs.count(),
           "orgs_url": _config_url(Organisation) + f"?country={country.pk}",
           "organisations": [(o, _config_url(Organisation, "detail", o)) for o in orgs.order_by("name")[:SHOWN]],
           "activities": [], "activity_count": 0, "to_submit": []}
    from skillsnet.activities.models import Activity

    if can(user, "view", Activity):
        qs = restrict(Activity.objects.filter(country=country), user, "view")
        out["activity_count"] = qs.count()
        out["activities"] = [(a, _config_url(Activity, "detail", a)) for a in qs.order_by("-start", "-id")[:SHOWN]]
    from skillsnet.results.models import PeriodApproval

    if can(user, "view", PeriodApproval):
        qs = restrict(PeriodApproval.objects.filter(country=country, status=PeriodApproval.Status.OPEN),
                      user, "view").select_related("period", "period__project")
        out["to_submit"] = [(str(a), _config_url(PeriodApproval, "detail", a)) for a in qs[:SHOWN]]
    return out


def looked_after(user):
    """[("organisation", summary) | ("country", summary)] for the user's scoped roles."""
    out = []
    for a in _roles(user):
        # a role scoped to an organisation (focal points) or to a country (coordinators): see accounts.rules
        if a.organisation_id:
            out.append(("organisation", organisation_summary(user, a.organisation)))
        elif a.country_id:
            out.append(("country", country_summary(user, a.country)))
    return out


def quick_actions(user):
    """[(icon, title, url)] of the common tasks the user may do."""
    out = []
    candidates = [("activities.activity", "plus", _("Add an activity")),
                  ("directory.organisation", "building-2", _("Add an organisation")),
                  ("agreements.agreement", "handshake", _("Add an agreement")),
                  ("people.person", "user-plus", _("Add a person"))]
    for label, icon, title in candidates:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        if can(user, "add", model) and (url := _config_url(model, "add")):
            out.append((icon, title, url))
    return out
