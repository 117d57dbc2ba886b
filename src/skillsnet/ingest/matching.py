"""Is an article about an event already recorded? Match existing activities and agreements by date
(± a few days, or the same partial date) and by linked organisations (at least two shared, or one
shared and the same kind)."""
import datetime as dt
import re

from django.apps import apps
from django.db.models import Q


DAYS = 3
EVENT_ROLES = ("signing", "event", "start", "other")
AGREEMENT_WORDS = re.compile(r"\b(MoU|memorandum of understanding|agreement|amendment|charter)\b", re.I)


def _model(label):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def event_date(data):
    """(start, end) partial ISO dates of the event the article is about, or (None, None)."""
    dates = [d for d in data.get("dates") or [] if d.get("start")]
    for role in ("signing", "event"):
        for d in dates:
            if d.get("role") == role:
                return d["start"], d.get("end")
    return None, None


def record_type(data, text=""):
    """('agreement', kind) or ('activity', kind) for what the article reports."""
    kind = data.get("activity_kind")
    words = AGREEMENT_WORDS.findall(text or "")
    if kind == "signing_ceremony" or (words and kind in (None, "signing_ceremony")):
        lowered = " ".join(w.lower() for w in words)
        if "amendment" in lowered:
            return "agreement", "amendment"
        if "mou" in lowered or "memorandum" in lowered:
            return "agreement", "mou"
        if "charter" in lowered:
            return "agreement", "charter"
        return "agreement", "partnership" if "partnership" in (text or "").lower() else "cooperation"
    return "activity", kind or "exchange_visit"


def _parse(partial):
    try:
        return dt.date.fromisoformat(partial) if partial and len(partial) == 10 else None
    except ValueError:
        return None


def dates_match(a_start, a_end, b_start, b_end, days=DAYS):
    """Whether two (partial) periods coincide: day-precise periods within `days` days of each other,
    otherwise the same year / month at the coarser precision."""
    if not a_start or not b_start:
        return False
    a0, b0 = _parse(a_start), _parse(b_start)
    if a0 and b0:
        a1, b1 = _parse(a_end) or a0, _parse(b_end) or b0
        slack = dt.timedelta(days=days)
        return a0 - slack <= b1 and b0 - slack <= a1
    n = min(len(a_start), len(b_start))
    return a_start[:n] == b_start[:n]


def _shared_ok(shared, same_kind):
    return shared >= 2 or (shared >= 1 and same_kind)


def find_existing(user, data, org_ids, text=""):
    """Existing records the article is probably about, best first:
    [{"model": label, "id": pk, "title": str, "shared": n, "same_kind": bool, "date": iso}]."""
    org_ids = [int(i) for i in org_ids if i]
    start, end = event_date(data)
    if not org_ids or not start:
        return []
    kind_of_record, kind = record_type(data, text)
    found = []
    Agreement = _model("agreements.Agreement")
    if Agreement is not None:
        qs = Agreement.objects.for_user(user, "view").filter(parties__organisation__in=org_ids).distinct()
        for agreement in qs.prefetch_related("parties"):
            shared = len({p.organisation_id for p in agreement.parties.all()} & set(org_ids))
            same = agreement.kind == kind and kind_of_record == "agreement"
            if dates_match(agreement.signed_on, None, start, end) and _shared_ok(shared, same):
                found.append({"model": "agreements.Agreement", "id": agreement.pk, "title": str(agreement),
                              "shared": shared, "same_kind": same, "date": agreement.signed_on})
    Activity = _model("activities.Activity")
    if Activity is not None:
        qs = Activity.objects.for_user(user, "view").filter(
            Q(host__in=org_ids) | Q(organisation_roles__organisation__in=org_ids)).distinct()
        for activity in qs.prefetch_related("organisation_roles"):
            orgs = {r.organisation_id for r in activity.organisation_roles.all()}
            if activity.host_id:
                orgs.add(activity.host_id)
            shared = len(orgs & set(org_ids))
            same = activity.kind == kind and kind_of_record == "activity"
            a_start = activity.start.isoformat() if activity.start else activity.period
            a_end = activity.end.isoformat() if activity.end else None
            if dates_match(a_start, a_end, start, end) and _shared_ok(shared, same):
                found.append({"model": "activities.Activity", "id": activity.pk, "title": str(activity),
                              "shared": shared, "same_kind": same, "date": a_start})
    preferred = "agreements.Agreement" if kind_of_record == "agreement" else "activities.Activity"
    found.sort(key=lambda f: (f["model"] != preferred, not f["same_kind"], -f["shared"]))
    return found
