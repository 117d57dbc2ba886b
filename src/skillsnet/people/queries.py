"""Reads about people and participation.

Person rows are personal data (restrict() shows them only to roles that need them). Anyone who may
view activities gets counts (participation_counts, "< 5" for small groups unless the role has personal data);
roles with personal data may also export a pseudonymised table of the participations they may view
(pseudonymised_rows): names replaced by a stable pseudonym (HMAC of the id with SECRET_KEY), birth year by an
age group. Other roles export the counts they are shown (export_table).
"""
import datetime
import hashlib
import hmac

from django.conf import settings
from django.db.models import Count
from django.utils.translation import gettext as _

from skillsnet.accounts.permissions import can, may_see_personal_data, restrict, sees_all
from skillsnet.core.privacy import AT_LEAST, THRESHOLD, mask_count, masked_breakdown, sees_small_counts, suppressed

from .duplicates import find_duplicates  # noqa: F401  (a read as well)
from .models import Participation, Person

AGE_GROUPS = [(0, 14, "<15"), (15, 24, "15-24"), (25, 34, "25-34"), (35, 44, "35-44"), (45, 54, "45-54"),
              (55, 64, "55-64"), (65, 200, "65+")]
FILTERS = {  # query parameter -> ORM lookup on Participation
    "activity": "activity",
    "activity_kind": "activity__kind",
    "initiative": "activity__initiative",
    "host": "activity__host",
    "year": "activity__start__year",
    "role": "role",
    "sex": "person__sex",
    "kind": "person__kind",
    "country": "person__organisation__country",
    "organisation": "person__organisation",
    "attended": "attended",
    "completed": "completed",
}
BOOLEAN_FILTERS = {"attended", "completed"}
GROUPS = {
    "by_sex": "person__sex",
    "by_kind": "person__kind",
    "by_country": "person__organisation__country",
    "by_activity": "activity",
}


def pseudonym(person_id):
    """A stable pseudonym for a person, e.g. 'P-3f9a1c04e2' (cannot be turned back into the id without the key)."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"person:{person_id}".encode(), hashlib.sha256).hexdigest()
    return f"P-{digest[:10]}"


def age_group(birth_year, on_year=None):
    if not birth_year:
        return _("unknown")
    age = (on_year or datetime.date.today().year) - birth_year
    for low, high, label in AGE_GROUPS:
        if low <= age <= high:
            return label
    return _("unknown")


def _clean_filters(filters):
    lookups = {}
    for name, value in (filters or {}).items():
        if name not in FILTERS or value in (None, ""):
            continue
        if name in BOOLEAN_FILTERS:
            value = str(value).lower() in ("1", "true", "yes", "on")
        elif name == "year":
            try:
                value = int(value)
            except (TypeError, ValueError):
                continue
            if not datetime.MINYEAR <= value <= datetime.MAXYEAR:
                lookups["pk__in"] = []  # a year no date can have: no participation is in it
                continue
        elif name == "country":
            value = str(value).upper()
        lookups[FILTERS[name]] = value
    return lookups


def visible_participations(user, filters=None):
    """Participations in the activities `user` may view (for counts, never names); none without that right."""
    from skillsnet.activities.models import Activity

    if not can(user, "view", Activity):
        return Participation.objects.none()
    activities = restrict(Activity.objects.all(), user, "view")
    qs = Participation.objects.filter(activity__in=activities.values("pk"))
    try:
        return qs.filter(**_clean_filters(filters))
    except (ValueError, TypeError):
        return qs.none()


def participation_counts(user, filters=None):
    """Counts of participations and of distinct people: total and by sex, kind, country and activity.

    Every figure a user may read without seeing exact small counts is a cell of ONE protected table, so that no
    two answers give a masked count back by subtraction: the unfiltered summary (its total, its breakdowns, its
    cards) and, under one filter, the filter's cell of the summary's breakdown by that filter (a view under a filter
    is a group of the unfiltered total, as a breakdown row is; its own breakdowns and cards, cells of a second
    dimension, are not shown). Two filters at once (a cell of a two-way table) are refused to such a user
    (TooNarrow); a user who may see every participation of the view reads everything exactly."""
    qs = visible_participations(user, filters)
    active = {name: value for name, value in (filters or {}).items() if name in FILTERS and value not in (None, "")}
    if active and not sees_small_counts(user, counted=qs):
        if len(active) > 1:
            raise TooNarrow(_("To keep small groups of people unidentifiable, the counts you may see can be filtered by "
                              "one thing at a time: remove a filter, or narrow by an institution or activity whose "
                              "trainees you may view."))
        [(name, value)] = active.items()
        return _one_filter_cell(user, name, value)
    return _summary(user, qs, kept=not active)


class TooNarrow(ValueError):
    """A query of counts that would give a masked count back (see participation_counts)."""


class _Counts:
    """What the summary counts of `qs` for `user`: per breakdown path, its rows (participations and distinct people
    per key, ordered as shown), the totals, the activities' keys; and, for a role whose personal data is scoped, the
    participations of each row it may NOT view (`outside`: None for a role that sees exact counts everywhere or has
    no personal data).

    The rows are the same for every user who counts every participation (a role that views every activity, with no
    filter: `shared`): they are computed once per machine and data version (core.keep.shared) and only the scoped
    roles' own part is counted per user — the participations each row holds that the user may view, over its own
    rows alone (a focal point's or a country's, through the scope copies' indexes). Counting a million participations
    by twelve paths took 10–27 s for each role; now the first role pays it once and the others share it."""

    def __init__(self, user, qs, shared=False):
        self.qs, self.shared = qs, shared
        self.everywhere = sees_small_counts(user)
        self.inside, self._outside = None, {}
        if not self.everywhere and may_see_personal_data(user, Participation):
            self.inside = restrict(qs, user, "view")  # a filter on qs's own rows (the scope copies' columns)

    def _kept(self, name, build):
        if not self.shared:
            return build()
        from skillsnet.core import keep

        return keep.shared("people.summary.counts", name, build)

    def _persons(self):
        """The persons of the participations counted (a semi-join: no COUNT(DISTINCT) over every participation)."""
        return Person._base_manager.filter(pk__in=self.qs.values("person"))

    def totals(self):
        qs = self.qs
        return dict(self._kept("totals", lambda: {
            "participations": qs.count(), "people": self._persons().count(),
            "attended": qs.filter(attended=True).count(), "completed": qs.filter(completed=True).count()}))

    def rows(self, path):
        """[{path: key, "participations", "people"}] by participations (most first), then key."""
        return self._kept(f"rows:{path}", lambda: self._count(path))

    def _count(self, path):
        people = None  # per key, where they can be counted without a COUNT(DISTINCT) over every participation
        if path.startswith("person__"):
            # a person's own attribute puts each person in one row: its people are its persons, counted from the
            # persons (at a million participations 0.5 s instead of 1.5 s for a COUNT(DISTINCT) over every one)
            attribute = path.split("__", 1)[1]
            people = {r[attribute]: r["people"] for r in self._persons().values(attribute)
                      .annotate(people=Count("pk")).order_by()}
        elif path == "activity" and self.shared:
            from skillsnet.activities.queries import every_activity_figures

            # every participation: each activity's people are its kept figures (people.ActivityFigures, what its
            # own page shows), kept in the same transaction as the participations
            people = {pk: counts["people"] for pk, counts in every_activity_figures()[0].items()}
        counted = {"participations": Count("pk")}
        if people is None:
            counted["people"] = Count("person", distinct=True)
        rows = list(self.qs.values(path).annotate(**counted).order_by("-participations", path))
        if people is not None:
            for row in rows:
                row["people"] = people.get(row[path], 0)
        return rows

    def outside(self, path):
        """{key: participations of the row `user` may not view}, or None (see the class)."""
        if self.inside is None:
            return None
        if path not in self._outside:
            inside = {r[path]: r["n"] for r in self.inside.values(path).annotate(n=Count("pk")).order_by()}
            self._outside[path] = {r[path]: r["participations"] - inside.get(r[path], 0) for r in self.rows(path)}
        return self._outside[path]

    def activity_keys(self, fields):
        """{activity id: {"pk", *fields}} of the activities counted."""
        from skillsnet.activities.models import Activity

        ids = self.qs.order_by().values("activity")
        return self._kept("activities:" + ",".join(fields), lambda: {
            r["pk"]: r for r in Activity.objects.filter(pk__in=ids).values("pk", *fields)})


def _breakdown(counts, path, activities=None):
    """The rows of the counted participations by `path` (participations and people) as shown, the keys whose total
    must not be shown exactly (core.privacy.masked_breakdown; a row is exact where the user may view all its
    participations), and the rows' counts with whether the user knows them otherwise (`fixed`: exact, or an
    activity's own page). `counts`: `_Counts`; `activities`: what the activities' own pages show (`_ActivityPages`),
    for the rows that add activities up."""
    rows, outside = counts.rows(path), counts.outside(path)
    exact = [counts.everywhere or (outside is not None and outside[r[path]] == 0) for r in rows]
    known, hide = [False] * len(rows), [False] * len(rows)
    if activities is not None and path in ACTIVITY_PATHS:
        known, hide = activities.rows(path, [r[path] for r in rows])
    shown, exposed = masked_breakdown(
        [{"key": r[path], "participations": r["participations"], "people": r["people"]} for r in rows],
        exact, ("participations", "people"), known, hide)
    raw = [{"participations": r["participations"], "people": r["people"], "fixed": e or k}
           for r, e, k in zip(rows, exact, known)]
    return shown, exposed, raw


# the breakdowns whose rows are activities or add activities up (by year, host, kind, programme)
ACTIVITY_PATHS = {path for path in FILTERS.values() if path.startswith("activity")}


class _ActivityPages:
    """What the pages of the activities counted show to anyone (activities.queries.every_activity_figures), for the
    rows of a breakdown that are an activity or add activities up.

    An activity's people show on its own page exactly from five, unless the page hides them; so a row of the
    summary that is one activity is known where its page shows it (no spare: hiding it protects nothing) and hidden
    where its page hides it; and a row that adds activities up (a year, a host …) would give back, minus the
    activities whose figures are public, the sum of the others — hidden unless those are at least two adding up
    to five or more and none of them can be pinned down (core.privacy's rule for a group of hidden cells)."""

    def __init__(self, counts):
        from skillsnet.activities.queries import every_activity_figures

        self.public = {pk: shown["people"] for pk, shown in every_activity_figures()[1].items()}
        outside = counts.outside("activity")
        self.figures = {r["activity"]: r for r in counts.rows("activity")}
        self.exact = {pk: counts.everywhere or (outside is not None and outside[pk] == 0) for pk in self.figures}
        fields = sorted(path.split("__", 1)[1] for path in ACTIVITY_PATHS if path != "activity")
        self.keys = counts.activity_keys(fields)

    def rows(self, path, keys):
        """(known, hide) per row key of the breakdown by `path`."""
        from skillsnet.core.privacy import AT_LEAST, MASK, protected_group

        if path == "activity":
            known = [isinstance(self.public.get(k), int) and self.public.get(k) >= THRESHOLD for k in keys]
            hide = [self.public.get(k) == AT_LEAST for k in keys]
            return known, hide
        field = path.split("__", 1)[1]
        members = {}
        for pk, row in self.keys.items():
            if pk in self.figures and not isinstance(self.public.get(pk), int) and not self.exact[pk]:
                members.setdefault(row[field], []).append(pk)
        known, hide = [], []
        for key in keys:
            hidden = members.get(key, [])
            values = [self.figures[pk]["participations"] for pk in hidden]
            markers = [MASK if self.public.get(pk) == MASK else AT_LEAST for pk in hidden]
            # a row of activities whose figures are all public is their sum: known, no spare
            known.append(not hidden)
            hide.append(bool(hidden) and not protected_group(values, markers, range(len(hidden))))
        return known, hide


def _cards(total, attended, completed):
    """The attended and completed cards beside the total, protected with their complements: the participations NOT
    attended (not completed; attended, not completed: a completion needs attendance) are differences of the cards
    (core.privacy.suppressed). Returns the five cells as shown (attended, completed, not attended, not completed,
    attended not completed) and whether the total must not be shown exactly."""
    cells = [attended, completed, total - attended, total - completed, attended - completed]
    shown, exposed = suppressed(cells, [[0, 2], [1, 3], [1, 4]])
    return shown, bool(exposed - {2})  # the last group adds up to the attended: open only when they are "< 5"


def _summary(user, qs, kept=False):
    """The summary of `qs` as `user` may read it (exact where it may view every participation counted); `kept`:
    `qs` is every participation `user` may count (no filter), whose protected tables are kept (`_kept_protected`)."""
    from skillsnet.activities.models import Activity
    from skillsnet.directory.models import Country

    every_dimension = not sees_small_counts(user, counted=qs)
    out, tables = _kept_protected(user, every_dimension) if kept else _protected(user, qs, every_dimension)
    out = dict(out)
    for group, path in GROUPS.items():
        keys = [r["key"] for r in tables[path]]
        if group == "by_country":
            labels = {c.pk: str(c) for c in Country.objects.filter(pk__in=[k for k in keys if k])}
        elif group == "by_activity":
            titles = [f.attname for f in Activity._meta.concrete_fields if f.name.split("_")[0] == "title"]
            labels = {a.pk: str(a) for a in Activity.objects.filter(pk__in=keys).only(*titles)}  # not whole rows
        else:
            labels = dict((Person.Sex if group == "by_sex" else Person.Kind).choices)
        out[group] = [{"key": r["key"], "label": str(labels.get(r["key"], _("unknown"))),
                       "participations": r["participations"], "people": r["people"]} for r in tables[path]]
    return out


def _protected(user, qs, every_dimension, shared=False):
    """({participations, people, attended, completed} as shown, {path: breakdown rows as shown}) of `qs`: the
    breakdowns the summary shows and, with `every_dimension`, those of every other filter (one filter's view shows
    its row). Exact small counts: for the system and roles that view every person, everywhere; for a role whose
    personal data is scoped (a focal point, a country coordinator), only in the groups whose every participation it
    may view itself; every other group (and every group for roles without personal data) shows "< 5", and no
    masked count can be worked out by subtraction from the total (core.privacy.masked_breakdown), nor from the cards
    (`_cards`). Where the total itself cannot be shown exactly ("≥ 5"), no breakdown may add up to it either: each
    one hides a count of its own (the smallest of five or more the user does not know otherwise)."""
    counts = _Counts(user, qs, shared)
    totals = counts.totals()
    exact = sees_small_counts(user, counted=qs)
    paths = [path for name, path in FILTERS.items() if name not in BOOLEAN_FILTERS and
             (every_dimension or path in GROUPS.values())]
    tables, hide_totals, raw = {}, set(), {}
    pages = None if exact else _ActivityPages(counts)
    for path in dict.fromkeys(paths):
        tables[path], exposed, raw[path] = _breakdown(counts, path, pages)
        hide_totals |= exposed  # the total minus the exact rows would give the masked ones: the total is not shown
    out = _shown(totals, exact)  # below five, a count of people re-identifies them
    if not exact:
        cards, exposed = _cards(totals["participations"], totals["attended"], totals["completed"])
        out["attended"], out["completed"] = cards[0], cards[1]
        if exposed:
            hide_totals.add("participations")
        if every_dimension:  # a filter attended/completed = yes/no shows its card or its complement
            for name, first in (("attended", 0), ("completed", 1)):
                rows = {r["key"]: r for r in _breakdown(counts, FILTERS[name])[0]}
                tables[FILTERS[name]] = [{"key": True, "participations": cards[first],
                                          "people": rows.get(True, {}).get("people", 0)},
                                         {"key": False, "participations": cards[first + 2],
                                          "people": rows.get(False, {}).get("people", 0)}]
    for key in hide_totals:
        if isinstance(out[key], int) and out[key] >= THRESHOLD:
            out[key] = AT_LEAST
            for path, rows in tables.items():
                if path in raw and not any(isinstance(r[key], str) for r in rows):
                    spare = [(raw[path][i][key], i) for i, r in enumerate(rows)
                             if raw[path][i][key] >= THRESHOLD and not raw[path][i]["fixed"]]
                    if spare:
                        rows[min(spare)[1]][key] = AT_LEAST
    if "participations" in hide_totals and isinstance(out["participations"], str):
        for name in sorted(BOOLEAN_FILTERS):
            rows = tables.get(FILTERS[name])
            if rows and not any(isinstance(r["participations"], str) for r in rows):
                # yes and no add up to the total: one of them hidden too, the card's own where it is five or more
                row = next((r for r in rows if r["participations"] >= THRESHOLD), None)
                if row is not None:
                    row["participations"] = AT_LEAST
                    if row["key"] is True:
                        out[name] = AT_LEAST
    return out, tables


def _kept_protected(user, every_dimension):
    """`_protected` of every participation `user` may count, kept per process under the data's version for the
    user's scope (core.keep; accounts.permissions.policy_key: what every rule reads of the user): at a million
    participations its breakdowns take seconds, and every one-filter answer (`_one_filter_cell`) reads them. The
    tables hold counts and keys only (labels are read in the user's language by the caller). Computed once per
    machine (core.keep.shared): the workers that need it under a new version wait for the first instead of each
    counting the million rows again at once."""
    from skillsnet.accounts.permissions import policy_key
    from skillsnet.activities.models import Activity
    from skillsnet.core import keep

    # a role that views every activity counts every participation: the same rows as every such role (_Counts)
    shared = sees_all(user, Activity)
    return keep.shared("people.summary", (policy_key(user), every_dimension),
                       lambda: _protected(user, visible_participations(user), every_dimension, shared=shared))


def _one_filter_cell(user, name, value):
    """The summary under one filter, for a user who may not see its small counts exactly: the filter's row of the
    unfiltered summary's breakdown by it, as protected there; no breakdown or card of its own (None)."""
    out = {"participations": 0, "people": 0, "attended": None, "completed": None, "withheld": True,
           **{group: [] for group in GROUPS}}
    lookup = _clean_filters({name: value})
    if FILTERS[name] not in lookup:  # a value no participation can have (a year out of range)
        return out
    wanted = lookup[FILTERS[name]]
    _totals, tables = _kept_protected(user, every_dimension=True)
    for row in tables[FILTERS[name]]:
        if str(row["key"]).upper() == str(wanted).upper():
            out["participations"], out["people"] = row["participations"], row["people"]
    return out


def _shown(row, exact):
    """`row` with its counts of people as shown: exact, or below five as "< 5"."""
    return row if exact else {k: (mask_count(v) if k in COUNT_KEYS else v) for k, v in row.items()}


COUNT_KEYS = {"participations", "people", "attended", "completed"}


PSEUDONYMISED_HEADER = ["person", "sex", "age_group", "kind", "country", "organisation", "activity", "activity_start",
                        "role", "registered", "attended", "completed", "hours", "assessment"]


COUNTS_HEADER = ["group", "key", "label", "participations", "people"]


def exports_rows(user):
    """Whether `user` may export row-level (pseudonymised) participations.

    One row per participation lets anyone count the people of a small group, so rows go only to roles with
    personal data, and only the participations they may view themselves (pseudonymised_rows); every other role
    exports the counts it is shown, with "< 5" kept (export_table)."""
    return may_see_personal_data(user, Participation)


def export_table(user, filters=None):
    """(header, rows, file stem) of the summary's export for `user`: pseudonymised rows or masked counts."""
    if exports_rows(user):
        header, rows = pseudonymised_rows(user, filters)
        return header, rows, "participation-pseudonymised"
    counts = participation_counts(user, filters)
    rows = [["total", "", _("All"), counts["participations"], counts["people"]]]
    for group in GROUPS:
        rows += [[group, "" if row["key"] is None else row["key"], row["label"], row["participations"], row["people"]]
                 for row in counts[group]]
    return COUNTS_HEADER, rows, "participation-counts"


def pseudonymised_rows(user, filters=None):
    """(header, rows) of participations with pseudonyms instead of names and age groups instead of birth years.

    Only the participations `user` may view themselves (for_user), within the activities they may view."""
    qs = (restrict(visible_participations(user, filters), user, "view")
          .select_related("person__organisation__country", "activity").order_by("activity__start", "activity", "pk"))
    rows = []
    for p in qs.iterator(chunk_size=2000):
        person, activity = p.person, p.activity
        org = person.organisation
        rows.append([
            pseudonym(person.pk), person.sex, age_group(person.birth_year, activity.start.year if activity.start else None),
            person.kind, org.country_id if org and org.country_id else "", org.name if org else "",
            activity.title, activity.start.isoformat() if activity.start else "", p.role,
            "true" if p.registered else "false", "true" if p.attended else "false",
            "true" if p.completed else "false", "" if p.hours is None else str(p.hours), p.assessment,
        ])
    return PSEUDONYMISED_HEADER, rows


def affiliation_on(person, day):
    """The title and affiliation `person` held on `day` (date or ISO text), or None when no record says.

    Among the titles whose known period allows that day, the one that most recently started (or was
    stated by a source) on or before the day wins."""
    iso = day.isoformat() if hasattr(day, "isoformat") else str(day)
    candidates = [a for a in person.affiliations.select_related("organisation") if a.covers(iso)]
    dated = [a for a in candidates if a.anchor and a.anchor[:len(iso)] <= iso[:len(a.anchor)]]
    if dated:
        return max(dated, key=lambda a: (a.anchor, a.pk))
    undated = [a for a in candidates if not a.anchor]
    return undated[0] if len(undated) == 1 else None


def title_on(person, day):
    """The title `person` held on `day` ('' when unknown)."""
    found = affiliation_on(person, day)
    return found.title if found else ""
