"""Small counts of people are shown as "< 5" to roles that may not see personal data (DESIGN §8), and no such
count can be worked out by subtraction from what is shown beside it (core.privacy.suppressed): one set of functions
here decides what the framework page, the donor report, the IATI file and the API show of an indicator
(shown_framework, shown_item, shown_value) and of a source's figure beside the records (shown_reconciliation)."""
from decimal import Decimal

from skillsnet.core.privacy import (AT_LEAST, HIDDEN, MASK, THRESHOLD, group_sum_shown, mask_count,  # noqa: F401
                                      sees_small_counts, shown_count, suppressed)

# the measures whose sum over activities adds up what each activity's page shows (its completed people)
ACTIVITY_PAGE_MEASURES = {"persons_completed", "completions"}
CHUNK = 2000  # activities per query (SQLite's limit of bound parameters)


def sums_giving_back_an_activity(facts, key=None):
    """The values of `key` (a column of the completion facts: "year"; None for the whole of `facts`, answered as
    {None}) whose sum of completed people over the facts `facts` (a slice: a project's, a country's, a period's)
    would give back what an activity's own page hides (its completed, "< 5" or "≥ 5";
    activities.queries.every_activity_figures).

    The sum minus the activities whose share of it anyone reads (an activity wholly in the slice whose page shows
    its completed exactly) is the sum of the others, which must hold as a group of hidden cells does
    (core.privacy.protected_group) when one of them is such a hidden page figure. Only the activities whose page
    hides their completed are read (a few in a hundred; in chunks): one of them partly in the slice (some of its
    completers from another country, say) is a share nobody reads and counts as hidden; an activity whose page
    shows its figure and which is partly in the slice would protect too but is not looked for, and people
    completing two activities count once in the sum and once per activity here: both can only hide more. The
    answer is the same for every user (the slice is not the user's): computed once per machine and kept per data
    version (core.keep.shared) under the slice's SQL."""
    from django.core.exceptions import EmptyResultSet

    from skillsnet.core import keep

    try:
        sql, params = facts.query.sql_with_params()
    except EmptyResultSet:  # a slice that can hold nothing (no year, an empty list of activities)
        return set()
    return keep.shared("results.activity-sums", (sql, params, key), lambda: _sums_giving_back(facts, key))


def _sums_giving_back(facts, key):
    from collections import defaultdict

    from django.db.models import Count

    from skillsnet.activities.queries import every_activity_figures
    from skillsnet.core.privacy import protected_group

    exact, public = every_activity_figures()
    candidates = sorted(pk for pk, shown in public.items() if isinstance(shown["completed"], str))
    members = defaultdict(list)
    columns = ["activity_id"] + ([key] if key else [])
    for at in range(0, len(candidates), CHUNK):
        chunk = facts.filter(activity_id__in=candidates[at:at + CHUNK], completed=True)
        for row in chunk.values(*columns).annotate(n=Count("person_id", distinct=True)).order_by():
            whole = row["n"] == exact[row["activity_id"]]["completed"]
            shown = public[row["activity_id"]]["completed"] if whole else AT_LEAST
            members[row[key] if key else None].append((row["n"], shown, whole))
    out = set()
    for value, cells in members.items():
        values = [n for n, _s, _w in cells]
        markers = [MASK if s == MASK else AT_LEAST for _n, s, _w in cells]
        if any(whole for _n, _s, whole in cells) and not protected_group(values, markers, range(len(cells))):
            out.add(value)
    return out


def gives_back_an_activity(indicator, span, project, country=None):
    """Whether the indicator's value over `span` (a computed count of completed people or completions, the
    project's) would give back, minus the activities whose pages show their figures, what an activity's page
    hides (sums_giving_back_an_activity): then it is not shown exactly to roles without exact small counts."""
    from .measures import _facts
    from .models import Indicator
    from .queries import _merge_country

    if indicator.method != Indicator.Method.COMPUTED or indicator.measure not in ACTIVITY_PAGE_MEASURES \
            or indicator.unit == Indicator.Unit.PERCENTAGE:
        return False
    facts = _facts(indicator.measure, _merge_country(indicator.filters, country), span,
                   project if getattr(project, "pk", None) else None)
    return bool(sums_giving_back_an_activity(facts))


def counts_people(indicator):
    """Whether a computed indicator counts people (its measure, or its denominator's, is marked `people`: distinct
    persons trained, placed, traced …): then its small counts are masked."""
    from .measures import MEASURES

    if indicator.method != "computed":
        return False
    return any(getattr(MEASURES.get(code), "people", False)
               for code in (indicator.measure, getattr(indicator, "denominator_measure", None)) if code)


PEOPLE_FIGURES = {"persons_trained", "teachers_trained", "company_staff_trained"}


def _strict(user, people):
    return people and not sees_small_counts(user)


def _at_least(value):
    """A count of five or more as "≥ 5" (a hidden sum); anything else as it is."""
    return AT_LEAST if isinstance(value, (int, Decimal)) and value >= THRESHOLD else value


def _hidden(value):
    return isinstance(value, str)


def _matches(row, dims):
    return all(str(row["dims"].get(d)) == str(v) for d, v in dims.items())


def shown_value(value, user, people, cells=(), sum_hidden=False):
    """An indicator's value (a live Actual or an approved Frozen) as `user` may see it: {"total", "numerator",
    "denominator", "rows", "cells"}, the same numbers or, for a role that may not see small counts of people, with
    the small-count rules applied to the breakdown and its total together (core.privacy.suppressed): a cell of 1–4
    shows "< 5"; a cell whose subtraction from the total would give a masked one shows "≥ 5"; a percentage whose
    numerator or denominator is hidden shows "—" (the percentage times the other would give it back).

    `cells`: the dims of further sums of the breakdown published beside it (per-cell targets: {"sex": "female"}),
    each protected as a group of the rows it sums. "cells" holds per cell, in order: for a count, its sum as
    shown; for a percentage, whether it may show (its rows' numerators and denominators all shown); None where
    the rows do not hold its dims (the caller decides on its own).

    `sum_hidden`: the total would give back what an activity's page hides (gives_back_an_activity): it shows
    "≥ 5", and the largest row is hidden from the start so that the rows do not add up to it."""
    if value is None:
        return None
    rows = [dict(r) for r in value.rows]
    out = {"total": value.total, "numerator": value.numerator, "denominator": value.denominator, "rows": rows,
           "cells": [None] * len(cells), "notes": list(getattr(value, "notes", []))}
    if not _strict(user, people):
        return out
    percentage = value.denominator is not None or any(r.get("denominator") is not None for r in rows)
    held = {d for r in rows for d in r["dims"]}
    groups, of_cell = [list(range(len(rows)))], []
    for dims in cells:
        of_cell.append(len(groups) if rows and set(dims) <= held else None)
        if of_cell[-1] is not None:
            groups.append([i for i, r in enumerate(rows) if _matches(r, dims)])
    for key, total_key in ((("numerator", "numerator"), ("denominator", "denominator")) if percentage
                           else (("value", "total"),)):
        hide = [False] * len(rows)
        if sum_hidden and not percentage and rows:
            hide[max(range(len(rows)), key=lambda i: value.rows[i].get(key) or 0)] = True
        shown, exposed = suppressed([r.get(key) for r in value.rows], groups, hide=hide)
        for row, cell in zip(rows, shown):
            row[key] = cell
        out[total_key] = group_sum_shown(out[total_key], 0 in exposed or (sum_hidden and not percentage))
        if not percentage:
            out["cells"] = [None if g is None else group_sum_shown(sum(value.rows[i]["value"] or 0 for i in groups[g]),
                                                                   g in exposed) for g in of_cell]
    if percentage:
        def seen(i):
            return not (_hidden(rows[i].get("numerator")) or _hidden(rows[i].get("denominator")))
        for i, row in enumerate(rows):
            if not seen(i):
                row["value"] = HIDDEN
        if _hidden(out["numerator"]) or _hidden(out["denominator"]):
            out["total"] = HIDDEN
        out["cells"] = [None if g is None else all(seen(i) for i in groups[g]) for g in of_cell]
    return out


def shown_frozen(frozen, user, people, cells=(), sum_hidden=False):
    """An approved value (queries.Frozen) as `user` may see it: shown_value, with the approval's facts."""
    if frozen is None:
        return None
    shown = shown_value(frozen, user, people, cells, sum_hidden)
    live = shown_count(frozen.live_same_definition, user, people)
    if sum_hidden and _strict(user, people):
        live = _at_least(live)
    # the drift is the live value minus the approved one: shown only where both are
    drift = HIDDEN if _hidden(live) or _hidden(shown["total"]) else frozen.drift
    return {**shown, "live_same_definition": live, "drift": drift, "revision": frozen.revision,
            "current_revision": frozen.current_revision, "definition_changed": frozen.definition_changed,
            "approved_at": frozen.approved_at}


def shown_count_beside(value, total, user, people):
    """A count of part of a total shown beside that total (what is shared with other projects; a cell with a
    target the breakdown does not hold): "< 5" below five, and "≥ 5" when the rest of the total (total − it) is
    a small count that subtraction would give."""
    if value is None or not _strict(user, people):
        return value
    shown = mask_count(value)
    if not _hidden(shown) and total is not None and not _hidden(total) and 0 < total - value < THRESHOLD:
        return AT_LEAST
    return shown


def shown_item(item, user):
    """Everything the framework page, the donor report and the API show of one indicator (queries.indicator_row)
    as `user` may see it: the same keys, each count passed through the small-count rules, a % of target hidden
    ("—" → None) where the count it is a percentage of is."""
    people = item["people"]
    targets = item["cell_targets"]
    cells = [t.dims for t, _v, _p in targets]
    live = shown_value(item["actual"], user, people, cells, item.get("gives_back", False))
    approved = shown_frozen(item["approved"], user, people, cells, item.get("gives_back", False))
    value = (approved or live)["total"]
    percentage = item["indicator"].unit == "percentage"
    cell_targets = []
    for (target, v, pct), from_rows in zip(targets, live["cells"]):
        if not _strict(user, people):
            shown = v
        elif percentage:
            shown = v if from_rows else HIDDEN
        else:
            shown = from_rows if from_rows is not None else shown_count_beside(v, live["total"], user, people)
        cell_targets.append((target, shown, None if _hidden(shown) else pct))
    life = shown_count(item["life_actual"], user, people) if not percentage else item["life_actual"]
    if item.get("life_gives_back") and _strict(user, people):
        life = _at_least(life)  # the project's life adds activities up too
    return {
        "value": value, "pct_of_target": None if _hidden(value) else item["pct_of_target"],
        "live": live, "approved": approved, "cell_targets": cell_targets,
        "life_actual": life, "life_pct": None if _hidden(life) else item["life_pct"],
        "shared_value": shown_count_beside(item["shared_value"], live["total"], user, people)
        if item["shared_value"] else item["shared_value"],
    }


def shown_reconciliation(rec, user):
    """A source's figure beside what the records count (queries.reconcile) as `user` may see it: a recorded count
    of people below five shows "< 5", and the ratio (recorded / reported, which would give it back) is hidden."""
    if rec["figure"].counts not in PEOPLE_FIGURES or not _strict(user, True):
        return rec
    recorded = mask_count(rec["recorded"]) if rec["recorded"] is not None else None
    if not _hidden(recorded):
        return rec
    return {**rec, "recorded": recorded, "ratio": None}


def shown_framework(rows, user):
    """queries.framework's blocks with, per indicator, "shown" (shown_item) and its figures as `user` may see
    them (shown_reconciliation): what every door (page, report, API) shows."""
    for block in rows:
        for item in block["indicators"]:
            item["shown"] = shown_item(item, user)
            item["figures"] = [shown_reconciliation(rec, user) for rec in item["figures"]]
    return rows
