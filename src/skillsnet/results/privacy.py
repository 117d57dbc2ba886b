"""Small counts of people are shown as "< 5" to roles that may not see personal data (DESIGN §8), and no such
count can be worked out by subtraction from what is shown beside it (core.privacy.suppressed): one set of functions
here decides what the framework page, the donor report, the IATI file and the API show of an indicator
(shown_framework, shown_item, shown_value) and of a source's figure beside the records (shown_reconciliation)."""
from skillsnet.core.privacy import (AT_LEAST, HIDDEN, MASK, THRESHOLD, group_sum_shown, mask_count,  # noqa: F401
                                      sees_small_counts, shown_count, suppressed)

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


def _hidden(value):
    return isinstance(value, str)


def _matches(row, dims):
    return all(str(row["dims"].get(d)) == str(v) for d, v in dims.items())


def shown_value(value, user, people, cells=()):
    """An indicator's value (a live Actual or an approved Frozen) as `user` may see it: {"total", "numerator",
    "denominator", "rows", "cells"}, the same numbers or, for a role that may not see small counts of people, with
    the small-count rules applied to the breakdown and its total together (core.privacy.suppressed): a cell of 1–4
    shows "< 5"; a cell whose subtraction from the total would give a masked one shows "≥ 5"; a percentage whose
    numerator or denominator is hidden shows "—" (the percentage times the other would give it back).

    `cells`: the dims of further sums of the breakdown published beside it (per-cell targets: {"sex": "female"}),
    each protected as a group of the rows it sums. "cells" holds per cell, in order: for a count, its sum as
    shown; for a percentage, whether it may show (its rows' numerators and denominators all shown); None where
    the rows do not hold its dims (the caller decides on its own)."""
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
        shown, exposed = suppressed([r.get(key) for r in value.rows], groups)
        for row, cell in zip(rows, shown):
            row[key] = cell
        out[total_key] = group_sum_shown(out[total_key], 0 in exposed)
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


def shown_frozen(frozen, user, people, cells=()):
    """An approved value (queries.Frozen) as `user` may see it: shown_value, with the approval's facts."""
    if frozen is None:
        return None
    shown = shown_value(frozen, user, people, cells)
    live = shown_count(frozen.live_same_definition, user, people)
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
    live = shown_value(item["actual"], user, people, cells)
    approved = shown_frozen(item["approved"], user, people, cells)
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
