"""Reads about activities and programmes; every scoped queryset goes through restrict()."""
import calendar
import datetime
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from skillsnet.accounts.permissions import restrict
from skillsnet.core.privacy import sees_small_counts
from skillsnet.core.registry import object_url
from skillsnet.directory.queries import organisation_memberships

from .filters import initiatives_of
from .models import Activity, Initiative


def activities_of_organisation(organisation, user):
    """Activities the organisation hosts or takes part in (any role), that `user` may see."""
    # one semi-join over the UNION of two index lookups (host, role), as accounts.permissions writes a focal
    # point's scope: an OR across the two, joined or as a subquery, makes PostgreSQL walk every activity
    roles = apps.get_model("activities", "ActivityOrganisation").objects.filter(organisation=organisation)
    hosted = Activity.objects.filter(host=organisation)
    where = Q(pk__in=hosted.order_by().values("pk").union(roles.order_by().values("activity_id")))
    qs = Activity.objects.filter(where).select_related("host", "country")
    return restrict(qs, user, "view")


def initiatives_of_organisation(organisation, user):
    """Programmes the organisation leads, partners or hosts a site of, that `user` may see."""
    qs = Initiative.objects.filter(pk__in=initiatives_of(organisation).values("pk")).select_related("lead")
    return restrict(qs, user, "view")


def _for_page(organisation, user, name, build):
    """`build()` once per organisation object and user: an organisation's page shows its activities and
    programmes in their panels and again in its timeline (one query each instead of two)."""
    memo = organisation.__dict__.setdefault("_skillsnet_page_rows", {})
    key = (name, getattr(user, "pk", None))
    if key not in memo:
        memo[key] = Timeline(build())
    return memo[key]


def organisation_activities(organisation, user):
    """activities_of_organisation as a list (with count()), kept for the page."""
    return _for_page(organisation, user, "activities", lambda: activities_of_organisation(organisation, user))


def organisation_initiatives(organisation, user):
    return _for_page(organisation, user, "initiatives", lambda: initiatives_of_organisation(organisation, user))


def participation_model():
    return apps.get_model("people", "Participation")


FLAGS = ("registered", "attended", "completed")


def _activity_figures(participations):
    """{activity id: (counts, [(role, people)])} of the participations `participations` (a queryset): per activity,
    {"people", "registered", "attended", "completed"} (distinct persons) and its people by role, in role order."""
    figures = {}
    rows = participations.values("activity").annotate(
        people=Count("person", distinct=True),
        registered=Count("person", filter=Q(registered=True), distinct=True),
        attended=Count("person", filter=Q(attended=True), distinct=True),
        completed=Count("person", filter=Q(completed=True), distinct=True),
    ).order_by()
    for row in rows:
        figures[row.pop("activity")] = (row, [])
    for row in (participations.values("activity", "role").annotate(n=Count("person", distinct=True))
                .order_by("activity", "role")):
        figures[row["activity"]][1].append((row["role"], row["n"]))
    return figures


EMPTY = {"people": 0, "registered": 0, "attended": 0, "completed": 0}


def participant_counts(activity, user=None):
    """{"people", "registered", "attended", "completed"}: distinct persons, from people.Participation.

    Counts are aggregates, shown to every role that may see the activity; to `user`, unless it may view every
    participation of the activity (core.privacy.sees_small_counts), they are protected as `_protected` says — with
    its people by role, which the registration page shows beside them, so that both pages show the same figures
    (one page's exact number of people would give back what the other hides). None if the people app is absent.
    """
    return registration_counts(activity, user, by_role=False)


def _protected(counts, by_role):
    """The counts of an activity and its people by role (a list of counts, possibly empty) as shown to a user
    without exact small counts (core.privacy.suppressed). Every figure is a count of people, shown beside the
    number of people: a role's count is a part of it, and so is each flag's count together with its complement,
    the people NOT registered / attended / completed, which no page shows but anyone can work out by subtraction
    (30 people, 28 attended: 2 did not), and the completed are a part of the attended (people.Participation
    refuses a completion without attendance). Such a complement of 1–4 is a small count like any other, so the
    flag's count is hidden too ("≥ 5"); where nothing is left to hide, the number of people itself — and then,
    since the roles add up to it too, one role of five or more as well."""
    from skillsnet.core.privacy import AT_LEAST, THRESHOLD, group_sum_shown, suppressed

    people, attended, completed = (counts[k] or 0 for k in ("people", "attended", "completed"))
    values = [counts[flag] for flag in FLAGS] + [people - (counts[flag] or 0) for flag in FLAGS]
    values.append(attended - completed)  # 6: attended, not completed
    groups = [[i, i + len(FLAGS)] for i in range(len(FLAGS))] + [[FLAGS.index("completed"), 6]]
    groups.append(list(range(len(values), len(values) + len(by_role))))
    shown, exposed = suppressed(values + list(by_role), groups)
    out = {flag: shown[i] for i, flag in enumerate(FLAGS)}
    # every group adds up to the people but the completed and their complement, which add up to the attended:
    # that group can be left unprotected only when the attended are fewer than five, "< 5" themselves
    out["people"] = group_sum_shown(counts["people"], bool(exposed - {len(FLAGS)}))
    roles = shown[len(values):]
    if isinstance(out["people"], str) and roles and not any(isinstance(n, str) for n in roles):
        # the roles shown whole would add up to the number of people hidden: one of them hidden too
        largest = max(range(len(roles)), key=lambda i: roles[i])
        if roles[largest] >= THRESHOLD:
            roles[largest] = AT_LEAST
    return out, roles


def registration_counts(activity, user=None, by_role=True):
    """(participant_counts, [(role label, people)]) as the registration page shows them together, protected as one
    (`_protected`: a masked count may not be worked out by subtraction from the number of people); with
    `by_role` False, the counts alone (the activity's page)."""
    model = participation_model()
    if model is None:
        return (None, []) if by_role else None
    counted = model.objects.filter(activity=activity)
    counts, rows = _activity_figures(counted).get(activity.pk, (dict(EMPTY), []))
    if not (user is None or sees_small_counts(user, counted)):
        counts, shown = _protected(counts, [n for _role, n in rows])
        rows = [(role, n) for (role, _n), n in zip(rows, shown)]
    if not by_role:
        return counts
    labels = dict(model.Role.choices) if hasattr(model, "Role") else {}
    return counts, [(labels.get(role, role), n) for role, n in rows]


def every_activity_figures():
    """({activity id: {"people", "registered", "attended", "completed"}} exact, {activity id: the same as its pages
    show them to someone who may not see its small counts (an integer, "< 5" or "≥ 5")}) of every activity with
    participations: what anyone reads about each activity, for figures that add activities up
    (people.queries.participation_counts, the results dashboard). The same for every user: read from the figures
    the participations' post-write step keeps per activity (people.ActivityFigures: counted from a million
    participations they took seconds after every write), once per machine and kept per process under the data's
    version (core.keep.shared)."""
    from skillsnet.core import keep

    def build():
        if participation_model() is None:
            return {}, {}
        from skillsnet.people import figures as kept

        exact, public, seen = {}, {}, {}
        for pk, (counts, roles) in kept.read().items():
            exact[pk] = counts
            key = (*counts.values(), *(n for _role, n in roles))  # many activities have the same figures
            if key not in seen:
                seen[key] = _protected(counts, [n for _role, n in roles])[0]
            public[pk] = seen[key]
        return exact, public
    return keep.shared("activities.figures", "every", build)


# ------------------------------------------------------------------ calendar
def month_bounds(year, month):
    first = datetime.date(year, month, 1)
    return first, datetime.date(year, month, calendar.monthrange(year, month)[1])


def month_activities(queryset, year, month):
    """(dated, undated): activities with dates overlapping the month, and those known only as 'YYYY-MM'."""
    first, last = month_bounds(year, month)
    dated = queryset.filter(start__isnull=False, start__lte=last).filter(
        Q(end__gte=first) | Q(end__isnull=True, start__gte=first)).order_by("start", "title")
    undated = queryset.filter(start__isnull=True, period=f"{year:04d}-{month:02d}").order_by("title")
    return list(dated), list(undated)


def nearest_month(queryset, today):
    """(year, month) of the dated activity nearest to `today` (the current month when it has one, or none at all)."""
    first = today.replace(day=1)
    after = queryset.filter(start__gte=first).order_by("start").values_list("start", flat=True).first()
    before = queryset.filter(start__lt=first).order_by("-start").values_list("start", flat=True).first()
    if after is None and before is None:
        return today.year, today.month
    if after is None or (before is not None and (first - before) < (after - today)):
        return before.year, before.month
    return after.year, after.month


def month_agenda(weeks):
    """[(day, [activities])] of the days of the month that have activities: the calendar as a list."""
    return [(day, todays) for week in weeks for day, in_month, todays in week if in_month and todays]


def month_grid(year, month, activities):
    """Weeks of (day, in_month, [activities on that day])."""
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        row = []
        for day in week:
            todays = [a for a in activities if a.start <= day <= (a.end or a.start)]
            row.append((day, day.month == month, todays))
        weeks.append(row)
    return weeks


# ------------------------------------------------------------------ timeline
@dataclass
class TimelineEntry:
    date: str  # partial ISO date: "YYYY", "YYYY-MM", "YYYY-MM-DD" or "" when unknown
    kind: Any
    title: str
    url: str
    obj: Any
    note: str = ""


class Timeline(list):
    """A list that also answers count() like a queryset (for core.registry.Panel)."""

    def count(self, *args):
        return len(self) if not args else super().count(*args)


def timeline_key(entry):
    return (entry.date == "", entry.date, str(entry.title))


def _agreement_entries(user, organisation):
    from skillsnet.agreements.queries import organisation_agreements  # the rows its Agreements panel read

    return [TimelineEntry(a.signed_on or "", _("Agreement signed"), str(a), object_url(a), a,
                          getattr(a, "signed_on_note", "") or "") for a in organisation_agreements(organisation, user)]


def organisation_timeline(user, organisation):
    """The organisation's agreements, activities, programmes and memberships in one dated list.

    Oldest first; a partial date sorts before the full dates it contains; unknown dates come last.
    """
    from skillsnet.core.templatetags.skillsnet import choice_label  # get_kind_display(), its labels kept

    entries = _agreement_entries(user, organisation)
    kind = Activity._meta.get_field("kind")
    for a in organisation_activities(organisation, user):
        if a.parent_id is not None:
            continue
        entries.append(TimelineEntry(a.sort_date or "", choice_label(kind, a.kind), str(a), object_url(a), a,
                                     a.date_note))
    for i in organisation_initiatives(organisation, user):
        entries.append(TimelineEntry(i.start or "", _("Programme started"), str(i), object_url(i), i, i.date_note))
    for m in organisation_memberships(organisation, user):  # the rows its two membership panels read
        other = m.network if m.member_id == organisation.pk else m.member
        entries.append(TimelineEntry(m.joined_on or "", _("Joined") if m.member_id == organisation.pk
                                     else _("Member joined"), str(other), object_url(m), m))
        if m.left_on:
            entries.append(TimelineEntry(m.left_on, _("Left") if m.member_id == organisation.pk
                                         else _("Member left"), str(other), object_url(m), m))
    return Timeline(sorted(entries, key=timeline_key))
