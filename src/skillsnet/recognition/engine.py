"""Recognition engine: compare a qualification with the qualifications of another country.

Pure Python (no Django). Django models are converted into the dataclasses below and passed to
:func:`assess`, which returns a :class:`Decision` with plain-English reasons and a remedy.

Method (Lisbon Recognition Convention practice)
-----------------------------------------------
Recognise unless a *substantial difference* is shown, judged against the *purpose* of
recognition, by comparing level (through the AQRF) and learning outcomes (competency units).

1. Propose comparison qualifications (:func:`rank_candidates`): the qualifications of the target
   country ranked by field first - same ISCO-08 unit group (4 digits) beats minor group (3) beats
   sub-major group (2), then ISCED-F detailed (4) / narrow (3) / broad (2) field - then by level (the
   distance between AQRF levels; unknown last), then title similarity (rapidfuzz token-set ratio, only a
   tie-breaker), then id. Each proposal carries its reasons. A candidate is *comparable* only if it shares
   at least the ISCO minor group, or the ISCED-F narrow field, or its title similarity is
   >= ``TITLE_COMPARABLE_THRESHOLD``. The engine compares with the best comparable proposal unless the
   assessor chose one or several (``compare_with``); then it compares with each chosen one, and the most
   favourable decision is proposed, the others listed as ``alternatives``.
2. Level, via AQRF (difference = source AQRF level - target AQRF level):
   - either level unknown or not referenced to the AQRF -> substantial, not compensable;
   - 2 or more levels lower -> substantial, not compensable;
   - 1 level lower -> depends on the purpose (see ``PURPOSES``): not substantial for
     ``employment``; substantial for ``further_study`` and ``regulated_practice``, compensable by
     a skills assessment at the target level;
   - same or higher -> no substantial difference.
3. Units: each *core* unit of the target qualification is
   - covered when linked as ``equivalent`` to a source unit (decided by a person);
   - partially covered when linked as ``partial``, or when the share of its learning outcomes
     matched by source learning outcomes is >= ``UNIT_OVERLAP_THRESHOLD`` (an outcome is matched
     when its similarity to some source outcome is >= ``LO_MATCH_THRESHOLD``);
   - uncovered otherwise.
   Hours: when an equivalent unit's source hours fall short of the target hours by more than
   ``HOURS_TOLERANCE`` the shortfall is recorded; it is substantial (the unit counts as partially
   covered) only for purposes whose rule says so (``regulated_practice``), since a difference in
   duration alone is not a substantial difference under Lisbon practice.
   Partially covered and uncovered core units are substantial differences.
   (Steps: :func:`compare_level`, :func:`compare_units`, :func:`check_hours` / :func:`unit_gaps`,
   :func:`plan_top_ups`, :func:`decide_outcome`; :func:`compare` runs them for one target.)
4. Outcome:
   - ``full``: no substantial difference;
   - ``partial``: every substantial difference can be closed - each gap unit by an available
     top-up module (chosen by a deterministic greedy cover), a one-level gap by a skills
     assessment - and at least ``MIN_MATCHED_SHARE`` of the core units are (partially) covered;
   - ``credit_units``: the whole qualification cannot be recognised but some target units are
     covered by an equivalent source unit: credit for those units only;
   - ``none``: no candidate, no comparable candidate, no unit matched, or nothing to credit.

Every decision lists the level-table entries it used (``level_refs_used``) with their
provenance; when one is ``proposed`` or ``provisional`` the reasons say the comparison is
provisional. The result is deterministic: inputs are sorted, floats rounded.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

DATA_PATH = Path(__file__).resolve().parent / "data" / "frameworks.json"

FULL = "full"
PARTIAL = "partial"
CREDIT_UNITS = "credit_units"
NONE = "none"
OUTCOMES = (FULL, PARTIAL, CREDIT_UNITS, NONE)

EQUIVALENT = "equivalent"
PARTIAL_LINK = "partial"
RELATIONS = (EQUIVALENT, PARTIAL_LINK)

OFFICIAL = "official"
PROVISIONAL = "provisional"
PROPOSED = "proposed"
PROVENANCE_STATUSES = (OFFICIAL, PROVISIONAL, PROPOSED)

# Unit coverage statuses
COVERED = "covered"
PARTIALLY_COVERED = "partial"
UNCOVERED = "uncovered"

# --- documented thresholds ------------------------------------------------------------------
#: similarity (0-100) at which a target learning outcome counts as matched by a source outcome;
#: similarity = mean of rapidfuzz token_sort_ratio and token_set_ratio on normalised text.
LO_MATCH_THRESHOLD = 80.0
#: share of a target unit's learning outcomes that must be matched for "partially covered".
UNIT_OVERLAP_THRESHOLD = 0.5
#: relative hours shortfall of an equivalent unit that is tolerated (0.2 = 20 % fewer hours).
HOURS_TOLERANCE = 0.2
#: minimum share of target core units covered or partially covered for whole-qualification
#: recognition (full or partial); below it top-ups would amount to retraining.
MIN_MATCHED_SHARE = 0.5
#: title similarity (0-100, token-set ratio) that alone makes a candidate comparable.
TITLE_COMPARABLE_THRESHOLD = 60.0


@dataclass(frozen=True)
class PurposeRule:
    code: str
    label: str
    one_level_lower_substantial: bool
    hours_shortfall_substantial: bool
    explanation: str


#: Purposes of recognition and how they weigh differences.
PURPOSES: dict[str, PurposeRule] = {
    "employment": PurposeRule(
        "employment", "employment", one_level_lower_substantial=False,
        hours_shortfall_substantial=False,
        explanation=("for employment the employer judges competence, so a qualification one AQRF "
                     "level lower is not in itself a substantial difference; the comparison of "
                     "competency units decides")),
    "further_study": PurposeRule(
        "further_study", "further study", one_level_lower_substantial=True,
        hours_shortfall_substantial=False,
        explanation=("for further study, admission presupposes the level of the target "
                     "qualification, so one AQRF level lower is a substantial difference, which a "
                     "skills assessment at the target level can compensate")),
    "regulated_practice": PurposeRule(
        "regulated_practice", "licensing / regulated practice", one_level_lower_substantial=True,
        hours_shortfall_substantial=True,
        explanation=("for licensing and regulated practice the level and the required training "
                     "hours are conditions of the licence, so one AQRF level lower and an hours "
                     "shortfall are substantial differences; a skills assessment at the target "
                     "level can compensate the level gap")),
}
PURPOSE_ALIASES = {
    "licensing": "regulated_practice",
    "licensing/regulated_practice": "regulated_practice",
    "regulated practice": "regulated_practice",
    "further study": "further_study",
    "study": "further_study",
}


def normalise_purpose(purpose: str) -> str:
    key = (purpose or "").strip().lower()
    key = PURPOSE_ALIASES.get(key, key)
    if key not in PURPOSES:
        raise ValueError(
            f"Unknown purpose {purpose!r}; expected one of {sorted(PURPOSES)} (or 'licensing').")
    return key


# --- data classes ---------------------------------------------------------------------------
@dataclass(frozen=True)
class LevelRef:
    framework_code: str
    level_code: str
    level_title: str
    aqrf_level: int | None
    provenance_status: str
    source: str
    validated_by: str | None
    framework_name: str = ""
    note: str = ""
    date: str | None = None

    @property
    def display_framework(self) -> str:
        return self.framework_name or self.framework_code


@dataclass
class Unit:
    id: Any
    code: str
    title: str
    learning_outcomes: list[str] = field(default_factory=list)
    hours: float | None = None
    level: LevelRef | None = None


@dataclass
class UnitLink:
    unit_a_id: Any
    unit_b_id: Any
    relation: str  # 'equivalent' | 'partial'
    note: str = ""
    decided_by: str = ""


@dataclass
class Qualification:
    id: Any
    title: str
    country: str
    level: LevelRef | None = None
    isco_code: str | None = None
    isced_code: str | None = None
    core_units: list[Unit] = field(default_factory=list)
    elective_units: list[Unit] = field(default_factory=list)


@dataclass
class TopUpModule:
    id: Any
    title: str
    curriculum_title: str
    hours: float | None
    covers_unit_ids: list = field(default_factory=list)


@dataclass
class Difference:
    kind: str  # 'level' | 'level_unknown' | 'unit' | 'hours'
    substantial: bool
    description: str
    target_unit_id: Any = None
    closable_by: str | None = None  # 'top_up' | 'skills_assessment' | None


@dataclass
class UnitResult:
    target_unit_id: Any
    target_unit_code: str
    target_unit_title: str
    core: bool
    status: str  # covered | partial | uncovered
    via: str | None  # link_equivalent | link_partial | outcome_overlap | None
    source_unit_ids: list
    overlap: float  # share of the target unit's outcomes matched (0-1)
    target_hours: float | None
    source_hours: float | None
    hours_shortfall: float | None
    link_notes: list[str] = field(default_factory=list)


@dataclass
class CreditedUnit:
    target_unit_id: Any
    target_unit_code: str
    target_unit_title: str
    core: bool
    source_unit_ids: list


@dataclass
class CandidateScore:
    """One proposed comparison qualification, with why it ranks where it does."""
    qualification_id: Any
    title: str
    isco_match: str  # unit_group | minor_group | sub_major_group | none
    isced_match: str  # detailed | narrow | broad | none
    title_similarity: float
    comparable: bool
    aqrf_level: int | None = None
    level_distance: int | None = None  # |source AQRF - candidate AQRF|; None when either is unknown
    rank: int = 0
    reasons: list[str] = field(default_factory=list)


@dataclass
class Alternative:
    """The outcome of comparing with another qualification the assessor chose."""
    qualification_id: Any
    title: str
    outcome: str
    remedy: str


@dataclass
class Decision:
    outcome: str
    target_qualification_id: Any
    reasons: list[str]
    differences: list[Difference]
    top_ups: list[TopUpModule]
    credited_units: list[CreditedUnit]
    level_refs_used: list[LevelRef]
    remedy: str = ""
    purpose: str = ""
    target_country: str = ""
    source_qualification_id: Any = None
    level_difference: int | None = None
    skills_assessment_required: bool = False
    top_up_hours: float = 0.0
    provisional: bool = False
    unit_results: list[UnitResult] = field(default_factory=list)
    candidate_scores: list[CandidateScore] = field(default_factory=list)
    chosen_by_assessor: bool = False
    alternatives: list[Alternative] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


# --- reference data -------------------------------------------------------------------------
def load_frameworks(path: str | Path | None = None) -> list[dict]:
    """Read the shipped framework file (or ``path``) and return its list of frameworks."""
    with open(path or DATA_PATH, encoding="utf-8") as fh:
        data = json.load(fh)
    frameworks = data["frameworks"] if isinstance(data, dict) else data
    return sorted(frameworks, key=lambda fw: fw["code"])


def _title(title: Any) -> str:
    if isinstance(title, dict):
        return title.get("en") or next((title[k] for k in sorted(title)), "")
    return str(title or "")


def level_ref(frameworks: Iterable[dict], framework_code: str, level_code: Any) -> LevelRef:
    """Build the :class:`LevelRef` for one level of one framework; ``LookupError`` if absent."""
    for fw in frameworks:
        if fw["code"] != framework_code:
            continue
        for lvl in fw.get("levels", []):
            if str(lvl["code"]) != str(level_code):
                continue
            aqrf = lvl.get("aqrf") or {}
            prov = aqrf.get("provenance") or {}
            aqrf_level = aqrf.get("level")
            return LevelRef(
                framework_code=fw["code"],
                level_code=str(lvl["code"]),
                level_title=_title(lvl.get("title")) or str(lvl["code"]),
                aqrf_level=int(aqrf_level) if aqrf_level is not None else None,
                provenance_status=prov.get("status") or PROPOSED,
                source=prov.get("source") or "",
                validated_by=prov.get("validated_by"),
                framework_name=fw.get("short_name") or _title(fw.get("name")) or fw["code"],
                note=prov.get("note") or "",
                date=prov.get("date"),
            )
        raise LookupError(f"Framework {framework_code!r} has no level {level_code!r}.")
    raise LookupError(f"Unknown framework {framework_code!r}.")


# --- helpers --------------------------------------------------------------------------------
def _id_key(value: Any) -> tuple:
    if isinstance(value, int) and not isinstance(value, bool):
        return (0, value, "")
    return (1, 0, str(value))


def _k(value: Any) -> str:
    """Lookup key for ids, so that 7 and '7' match."""
    return str(value)


def _unit_sort_key(unit: Unit) -> tuple:
    return (unit.code or "", _id_key(unit.id))


def _r(x: float | None, nd: int = 4) -> float | None:
    return None if x is None else round(float(x), nd)


def _fmt_hours(h: float | None) -> str:
    if h is None:
        return "hours not stated"
    return f"{h:g} h"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _digits(code: str | None) -> str:
    return "".join(ch for ch in (code or "") if ch.isdigit())


def _isco_match(a: str | None, b: str | None) -> tuple[int, str]:
    a, b = _digits(a), _digits(b)
    for n, name, tier in ((4, "unit_group", 3), (3, "minor_group", 2), (2, "sub_major_group", 1)):
        if len(a) >= n and len(b) >= n and a[:n] == b[:n]:
            return tier, name
    return 0, "none"


def _isced_match(a: str | None, b: str | None) -> tuple[int, str]:
    a, b = _digits(a), _digits(b)
    for n, name, tier in ((4, "detailed", 3), (3, "narrow", 2), (2, "broad", 1)):
        if len(a) >= n and len(b) >= n and a[:n] == b[:n]:
            return tier, name
    return 0, "none"


def text_similarity(a: str, b: str) -> float:
    """Similarity 0-100 of two learning-outcome texts (deterministic)."""
    if not a or not b:
        return 0.0
    sort = fuzz.token_sort_ratio(a, b, processor=default_process)
    tset = fuzz.token_set_ratio(a, b, processor=default_process)
    return round((sort + tset) / 2.0, 4)


def outcome_overlap(target: Unit, source_units: list[Unit]) -> tuple[float, list]:
    """Share of ``target``'s learning outcomes matched by any source outcome, and the ids of the
    source units that supplied matches. A unit without outcomes is compared by its title."""
    target_los = [lo for lo in target.learning_outcomes if lo and lo.strip()] or [target.title]
    pool = []
    for su in source_units:
        los = [lo for lo in su.learning_outcomes if lo and lo.strip()] or [su.title]
        pool.extend((lo, su) for lo in los)
    if not target_los or not pool:
        return 0.0, []
    matched = 0
    contributors: dict[str, Any] = {}
    for lo in target_los:
        best_score, best_unit = -1.0, None
        for src_lo, su in pool:
            s = text_similarity(lo, src_lo)
            if s > best_score or (s == best_score and best_unit is not None
                                  and _id_key(su.id) < _id_key(best_unit.id)):
                best_score, best_unit = s, su
        if best_score >= LO_MATCH_THRESHOLD and best_unit is not None:
            matched += 1
            contributors[_k(best_unit.id)] = best_unit.id
    share = matched / len(target_los)
    ids = sorted(contributors.values(), key=_id_key)
    return round(share, 4), ids


def _provenance_sentence(ref: LevelRef) -> str:
    where = f"The {ref.display_framework} level '{ref.level_title}'"
    if ref.aqrf_level is None:
        return (f"{where} is not referenced to any AQRF level, so its level cannot be compared "
                f"across countries.")
    if ref.provenance_status == OFFICIAL:
        by = f", validated by {ref.validated_by}" if ref.validated_by else ""
        src = f" ({ref.source}{by})" if ref.source else ""
        return f"{where} is referenced to AQRF level {ref.aqrf_level} by an official referencing{src}."
    if ref.provenance_status == PROVISIONAL:
        return (f"{where} is mapped to AQRF level {ref.aqrf_level} by a provisional mapping that "
                f"has not yet been checked against the official referencing report; this "
                f"comparison is provisional.")
    return (f"{where} is mapped to AQRF level {ref.aqrf_level} by a proposed (unofficial) "
            f"referencing; this comparison is provisional.")


def _links_by_target(unit_links: list[UnitLink], source_ids: dict[str, Any],
                     target_ids: dict[str, Any]) -> dict[str, list[tuple[str, Any, UnitLink]]]:
    """Map target unit key -> [(relation, source_unit_id, link)] for links joining a source unit
    and a target unit (in either direction)."""
    out: dict[str, list[tuple[str, Any, UnitLink]]] = {}
    for link in unit_links:
        a, b = _k(link.unit_a_id), _k(link.unit_b_id)
        rel = (link.relation or "").strip().lower()
        if rel not in RELATIONS:
            continue
        pairs = []
        if a in source_ids and b in target_ids:
            pairs.append((b, source_ids[a]))
        if b in source_ids and a in target_ids:
            pairs.append((a, source_ids[b]))
        for tkey, sid in pairs:
            out.setdefault(tkey, []).append((rel, sid, link))
    for tkey in out:
        out[tkey].sort(key=lambda t: (t[0], _id_key(t[1]), t[2].note or "", t[2].decided_by or ""))
    return out


def _choose_top_ups(gap_keys: list[str], modules: list[TopUpModule]) -> tuple[list[TopUpModule], set]:
    """Greedy set cover of the gap units; deterministic (most gaps, then fewest hours, then id)."""
    remaining = set(gap_keys)
    pool = sorted(modules, key=lambda m: _id_key(m.id))
    chosen: list[TopUpModule] = []
    chosen_ids: set[str] = set()
    while remaining:
        best, best_key = None, None
        for m in pool:
            if _k(m.id) in chosen_ids:
                continue
            gain = len(remaining & {_k(u) for u in m.covers_unit_ids})
            if gain == 0:
                continue
            key = (-gain, m.hours if m.hours is not None else float("inf"), _id_key(m.id))
            if best_key is None or key < best_key:
                best, best_key = m, key
        if best is None:
            break
        chosen.append(best)
        chosen_ids.add(_k(best.id))
        remaining -= {_k(u) for u in best.covers_unit_ids}
    chosen.sort(key=lambda m: _id_key(m.id))
    return chosen, remaining


# --- step 1: which qualifications to compare with ----------------------------------------------
_ISCO_DIGITS = {"unit_group": 4, "minor_group": 3, "sub_major_group": 2}
_ISCED_DIGITS = {"detailed": 4, "narrow": 3, "broad": 2}


def _aqrf(q: Qualification) -> int | None:
    return q.level.aqrf_level if q.level is not None else None


def _proposal_reasons(source: Qualification, cand: Qualification, score: CandidateScore) -> list[str]:
    reasons = []
    if score.isco_match != "none":
        reasons.append(f"same ISCO-08 {score.isco_match.replace('_', ' ')} "
                       f"{_digits(cand.isco_code)[:_ISCO_DIGITS[score.isco_match]]}")
    if score.isced_match != "none":
        reasons.append(f"same ISCED-F {score.isced_match} field "
                       f"{_digits(cand.isced_code)[:_ISCED_DIGITS[score.isced_match]]}")
    if score.isco_match == "none" and score.isced_match == "none":
        reasons.append("no shared occupation (ISCO-08) or field of education (ISCED-F)")
    if score.level_distance is None:
        reasons.append("level not comparable (a level is not referenced to the AQRF)")
    elif score.level_distance == 0:
        reasons.append(f"same AQRF level ({score.aqrf_level})")
    else:
        reasons.append(f"AQRF level {score.aqrf_level}, {_plural(score.level_distance, 'level')} from the "
                       f"qualification's AQRF level {_aqrf(source)}")
    reasons.append(f"title similarity {score.title_similarity:g}/100")
    return reasons


def rank_candidates(source: Qualification, candidates: list[Qualification]) -> list[tuple[Qualification,
                                                                                          CandidateScore]]:
    """Rank the qualifications the source could be compared with, best first.

    Order: comparable ones first; then the closer field (ISCO-08 occupation, then ISCED-F field of
    education); then the closer level (AQRF distance; unknown levels last); then title similarity (only a
    tie-breaker: two qualifications of one field at different levels can have near-equal titles); then id.
    A candidate is *comparable* when it shares at least the ISCO minor group, or the ISCED-F narrow field, or
    its title similarity is >= TITLE_COMPARABLE_THRESHOLD.
    """
    src_aqrf = _aqrf(source)
    ranked = []
    for cand in candidates:
        isco_tier, isco_name = _isco_match(source.isco_code, cand.isco_code)
        isced_tier, isced_name = _isced_match(source.isced_code, cand.isced_code)
        sim = round(float(fuzz.token_set_ratio(source.title or "", cand.title or "",
                                               processor=default_process)), 2)
        cand_aqrf = _aqrf(cand)
        distance = abs(src_aqrf - cand_aqrf) if src_aqrf is not None and cand_aqrf is not None else None
        comparable = isco_tier >= 2 or isced_tier >= 2 or sim >= TITLE_COMPARABLE_THRESHOLD
        score = CandidateScore(cand.id, cand.title, isco_name, isced_name, sim, comparable, cand_aqrf, distance)
        score.reasons = _proposal_reasons(source, cand, score)
        key = (0 if comparable else 1, -isco_tier, -isced_tier, distance if distance is not None else 99, -sim,
               _id_key(cand.id))
        ranked.append((key, cand, score))
    ranked.sort(key=lambda t: t[0])
    for n, (_, _, score) in enumerate(ranked, start=1):
        score.rank = n
    return [(cand, score) for _, cand, score in ranked]


# --- step 2: level ---------------------------------------------------------------------------
@dataclass
class LevelComparison:
    state: str  # ok | minor | compensable | blocking
    difference: int | None  # source AQRF - target AQRF
    differences: list[Difference]
    reasons: list[str]
    refs: list[LevelRef]
    target_aqrf: int | None = None


def compare_level(source: Qualification, target: Qualification, rule: PurposeRule) -> LevelComparison:
    """Compare the levels through the AQRF, judged for the purpose (see the module docstring, step 2)."""
    refs = [ref for ref in (source.level, target.level) if ref is not None]
    reasons = [_provenance_sentence(ref) for ref in refs]
    s_aq, t_aq = _aqrf(source), _aqrf(target)
    out = LevelComparison("ok", None, [], reasons, refs, t_aq)
    if s_aq is None or t_aq is None:
        which = "the qualification" if s_aq is None else "the target qualification"
        text = (f"The level of {which} is unknown or not referenced to the AQRF, so the levels "
                f"cannot be compared; this is a substantial difference.")
        out.state = "blocking"
        out.differences.append(Difference("level_unknown", True, text))
        reasons.append(text)
        return out
    out.difference = diff = s_aq - t_aq
    if diff >= 0:
        rel = "the same AQRF level as" if diff == 0 else "a higher AQRF level than"
        reasons.append(f"The qualification (AQRF {s_aq}) is at {rel} the target qualification (AQRF {t_aq}): "
                       f"no substantial difference in level.")
    elif diff == -1:
        text = (f"The qualification (AQRF {s_aq}) is one AQRF level below the target qualification "
                f"(AQRF {t_aq}); {rule.explanation}.")
        if rule.one_level_lower_substantial:
            out.state = "compensable"
            out.differences.append(Difference("level", True, text, closable_by="skills_assessment"))
        else:
            out.state = "minor"
            out.differences.append(Difference("level", False, text))
        reasons.append(text)
    else:
        out.state = "blocking"
        text = (f"The qualification (AQRF {s_aq}) is {-diff} AQRF levels below the target qualification "
                f"(AQRF {t_aq}); a gap of two or more levels is a substantial difference that top-up "
                f"modules cannot close.")
        out.differences.append(Difference("level", True, text))
        reasons.append(text)
    return out


# --- step 3: units ---------------------------------------------------------------------------
def _unit_result(tu: Unit, is_core: bool, tlinks: list, src_units: list[Unit], src_by_key: dict) -> UnitResult:
    equiv = sorted({_k(s): s for r, s, _ in tlinks if r == EQUIVALENT}.values(), key=_id_key)
    part = sorted({_k(s): s for r, s, _ in tlinks if r == PARTIAL_LINK}.values(), key=_id_key)
    notes = [f"{link.relation}: {link.note}" + (f" (decided by {link.decided_by})" if link.decided_by else "")
             for _, _, link in tlinks if link.note]
    overlap, overlap_ids = outcome_overlap(tu, src_units) if is_core or not equiv else (0.0, [])
    src_hours = shortfall = None
    if equiv:
        status, via, sids = COVERED, "link_equivalent", equiv
        hours = [src_by_key[_k(s)].hours for s in equiv]
        if all(h is not None for h in hours) and tu.hours:
            src_hours = float(sum(hours))
            if src_hours < tu.hours:
                shortfall = float(tu.hours) - src_hours
    elif part:
        status, via, sids = PARTIALLY_COVERED, "link_partial", part
    elif overlap >= UNIT_OVERLAP_THRESHOLD:
        status, via, sids = PARTIALLY_COVERED, "outcome_overlap", overlap_ids
    else:
        status, via, sids = UNCOVERED, None, []
    return UnitResult(tu.id, tu.code, tu.title, is_core, status, via, list(sids), _r(overlap), _r(tu.hours, 2),
                      _r(src_hours, 2), _r(shortfall, 2), sorted(notes))


def compare_units(source: Qualification, target: Qualification, unit_links: list[UnitLink]) -> list[UnitResult]:
    """How each unit of the target is covered by the source's units (module docstring, step 3): by a recorded
    equivalence, a recorded partial equivalence, or the overlap of learning outcomes."""
    src_units = sorted(list(source.core_units) + list(source.elective_units), key=_unit_sort_key)
    src_ids = {_k(u.id): u.id for u in src_units}
    src_by_key = {_k(u.id): u for u in src_units}
    core = sorted(target.core_units, key=_unit_sort_key)
    electives = sorted(target.elective_units, key=_unit_sort_key)
    links = _links_by_target(unit_links, src_ids, {_k(u.id): u.id for u in core + electives})
    return [_unit_result(tu, is_core, links.get(_k(tu.id), []), src_units, src_by_key)
            for is_core, units in ((True, core), (False, electives)) for tu in units]


# --- step 4: hours ---------------------------------------------------------------------------
@dataclass
class UnitGaps:
    """The substantial and minor differences found in the core units."""
    gap_keys: list[str] = field(default_factory=list)  # target unit keys that need compensation
    texts: dict[str, str] = field(default_factory=dict)  # gap key -> why
    minor_texts: list[str] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)


def _add_gap(gaps: UnitGaps, r: UnitResult, kind: str, text: str) -> None:
    gaps.differences.append(Difference(kind, True, text, r.target_unit_id))
    gaps.texts[_k(r.target_unit_id)] = text
    gaps.gap_keys.append(_k(r.target_unit_id))


def check_hours(r: UnitResult, rule: PurposeRule, gaps: UnitGaps) -> bool:
    """An equivalent unit with fewer hours (beyond HOURS_TOLERANCE): a substantial difference only when the
    purpose says so (then the unit counts as partially covered). True when there was a shortfall to judge."""
    if not (r.status == COVERED and r.hours_shortfall and r.target_hours
            and r.hours_shortfall / r.target_hours > HOURS_TOLERANCE):
        return False
    label = f"core unit {r.target_unit_code} '{r.target_unit_title}'"
    pct = round(100 * r.hours_shortfall / r.target_hours)
    if rule.hours_shortfall_substantial:
        r.status, r.via = PARTIALLY_COVERED, "link_equivalent_hours_shortfall"
        _add_gap(gaps, r, "hours", f"The {label} is matched by an equivalent unit, but with {r.source_hours:g} h "
                                   f"against {r.target_hours:g} h ({pct}% fewer); for {rule.label} this hours "
                                   f"shortfall is a substantial difference.")
    else:
        text = (f"The {label} is matched by an equivalent unit with {r.source_hours:g} h against "
                f"{r.target_hours:g} h ({pct}% fewer); a difference in duration alone is not a substantial "
                f"difference for {rule.label}.")
        gaps.differences.append(Difference("hours", False, text, r.target_unit_id))
        gaps.minor_texts.append(text)
    return True


def unit_gaps(results: list[UnitResult], rule: PurposeRule) -> UnitGaps:
    """Hours (step 4) and coverage: which core units are substantial differences, and why."""
    gaps = UnitGaps()
    for r in (r for r in results if r.core):
        label = f"core unit {r.target_unit_code} '{r.target_unit_title}'"
        if check_hours(r, rule, gaps):
            continue
        if r.status == PARTIALLY_COVERED:
            why = ("is only partially matched (a recorded partial equivalence)" if r.via == "link_partial" else
                   f"is only partially matched: {round(100 * r.overlap)}% of its learning outcomes resemble "
                   f"outcomes of the qualification's units, but no equivalence has been recorded")
            _add_gap(gaps, r, "unit", f"The {label} {why}; this is a substantial difference.")
        elif r.status == UNCOVERED:
            _add_gap(gaps, r, "unit", f"The {label} is not covered by any unit of the qualification "
                                      f"({round(100 * r.overlap)}% of its learning outcomes matched); this is "
                                      f"a substantial difference.")
    return gaps


# --- step 5: top-ups -------------------------------------------------------------------------
@dataclass
class TopUps:
    chosen: list[TopUpModule]
    not_closable: set
    gap_reasons: list[str]  # each gap, and whether a module closes it
    module_reasons: list[str]  # what each chosen module covers
    hours: float


def plan_top_ups(gaps: UnitGaps, results: list[UnitResult], modules: list[TopUpModule]) -> TopUps:
    """The top-up modules that close the unit gaps (deterministic greedy cover), and the gaps none closes."""
    chosen, not_closable = _choose_top_ups(gaps.gap_keys, modules)
    for d in gaps.differences:
        if d.kind in ("unit", "hours") and d.substantial:
            d.closable_by = "top_up" if _k(d.target_unit_id) not in not_closable else None
    core = {_k(r.target_unit_id): r for r in results if r.core}
    gap_reasons = []
    for key in gaps.gap_keys:
        gap_reasons.append(gaps.texts[key])
        if key in not_closable:
            r = core[key]
            gap_reasons.append(f"No available top-up module covers the core unit {r.target_unit_code} "
                               f"'{r.target_unit_title}', so this difference cannot be closed by compensation.")
    gap_set = set(gaps.gap_keys)
    module_reasons = []
    for m in chosen:
        codes = sorted(core[_k(u)].target_unit_code for u in m.covers_unit_ids if _k(u) in core and _k(u) in gap_set)
        module_reasons.append(f"The top-up module '{m.title}' of '{m.curriculum_title}' ({_fmt_hours(m.hours)}) "
                              f"covers {', '.join(codes)}.")
    return TopUps(chosen, not_closable, gap_reasons, module_reasons, round(sum(m.hours or 0.0 for m in chosen), 2))


# --- step 6: outcome -------------------------------------------------------------------------
@dataclass
class OutcomeResult:
    outcome: str
    remedy: str
    reasons: list[str]
    credited: list[CreditedUnit] = field(default_factory=list)
    top_ups: list[TopUpModule] = field(default_factory=list)
    skills_assessment: bool = False
    top_up_hours: float = 0.0


def _credited(results: list[UnitResult]) -> list[CreditedUnit]:
    return [CreditedUnit(r.target_unit_id, r.target_unit_code, r.target_unit_title, r.core, list(r.source_unit_ids))
            for r in results if r.status == COVERED]


def _coverage_sentence(target: Qualification, core: list[UnitResult]) -> str:
    if not core:
        return f"'{target.title}' lists no core units, so only the level is compared."
    n_cov = sum(1 for r in core if r.status == COVERED)
    n_part = sum(1 for r in core if r.status == PARTIALLY_COVERED)
    return (f"Of the {_plural(len(core), 'core unit')} of '{target.title}', {n_cov} {'is' if n_cov == 1 else 'are'} "
            f"covered by an equivalent unit, {n_part} partially covered and {len(core) - n_cov - n_part} not "
            f"covered.")


def _compensated(source, target, rule, level, plan, credited) -> OutcomeResult:
    steps = []
    if plan.chosen:
        steps.append("complete the top-up module" + ("s " if len(plan.chosen) > 1 else " ")
                     + "; ".join(f"'{m.title}' ({_fmt_hours(m.hours)})" for m in plan.chosen)
                     + (f", {plan.hours:g} h in total" if len(plan.chosen) > 1 else ""))
    assessment = level.state == "compensable"
    if assessment:
        steps.append(f"pass a skills assessment at AQRF level {level.target_aqrf}")
    remedy = " and ".join(steps)
    remedy = remedy[:1].upper() + remedy[1:] + f"; then full recognition as '{target.title}' is granted."
    reasons = [f"All substantial differences can be closed by compensation, so '{source.title}' is recognised as "
               f"'{target.title}' for {rule.label} subject to compensation."]
    return OutcomeResult(PARTIAL, remedy, reasons, credited, plan.chosen, assessment, plan.hours)


def decide_outcome(source: Qualification, target: Qualification, rule: PurposeRule, level: LevelComparison,
                   results: list[UnitResult], gaps: UnitGaps, plan: TopUps) -> OutcomeResult:
    """full / partial / credit for units / none (module docstring, step 4), with the remedy."""
    core = [r for r in results if r.core]
    credited = _credited(results)
    matched = sum(1 for r in core if r.status in (COVERED, PARTIALLY_COVERED))
    if core and matched == 0 and not credited:
        return OutcomeResult(NONE, f"Enrol in '{target.title}', or apply for a skills assessment (recognition of prior "
                             f"learning) for its units.",
                       [f"No unit of '{source.title}' matches a unit of '{target.title}', so there is no basis "
                        f"for recognition."])
    if level.state in ("ok", "minor") and not gaps.gap_keys:
        return OutcomeResult(FULL, f"None needed: grant full recognition as '{target.title}'.",
                       [f"No substantial difference was shown: '{source.title}' is recognised as equivalent to "
                        f"'{target.title}' for {rule.label}."], credited)
    share = (matched / len(core)) if core else 1.0
    if level.state != "blocking" and not plan.not_closable and share >= MIN_MATCHED_SHARE:
        return _compensated(source, target, rule, level, plan, credited)
    if level.state == "blocking":
        why = "the level difference cannot be compensated"
    elif share < MIN_MATCHED_SHARE:
        why = (f"only {matched} of {len(core)} core units are even partially covered (at least "
               f"{round(100 * MIN_MATCHED_SHARE)}% are needed)")
    else:
        why = "some substantial differences cannot be closed by an available top-up module"
    if credited:
        codes = ", ".join(c.target_unit_code for c in credited)
        return OutcomeResult(CREDIT_UNITS, f"Credit the {_plural(len(credited), 'unit')} {codes} towards "
                                     f"'{target.title}'; complete the remaining units by enrolling, or have them "
                                     f"assessed through recognition of prior learning.",
                       [f"The whole qualification cannot be recognised because {why}; credit is given for the "
                        f"equivalent units only: {codes}."], credited)
    return OutcomeResult(NONE, f"Enrol in '{target.title}' (the partially matched units may shorten it), or apply for a "
                         f"skills assessment (recognition of prior learning) for its units.",
                   [f"The whole qualification cannot be recognised because {why}, and no unit is equivalent, so "
                    f"no credit can be given."])


# --- the assessment -------------------------------------------------------------------------
_OUTCOME_ORDER = {FULL: 0, PARTIAL: 1, CREDIT_UNITS: 2, NONE: 3}


def _refs(refs: list[LevelRef]) -> list[LevelRef]:
    return sorted({(r.framework_code, r.level_code): r for r in refs}.values(),
                  key=lambda r: (r.framework_code, r.level_code))


def _selection_sentence(target: Qualification, score: CandidateScore, country: str, chosen: bool) -> str:
    if chosen:
        return (f"The assessor chose to compare with '{target.title}' of {country} (proposal {score.rank}: "
                f"{'; '.join(score.reasons)}).")
    return f"The closest qualification of {country} is '{target.title}' ({'; '.join(score.reasons)})."


def compare(source: Qualification, target: Qualification, score: CandidateScore, country: str,
            rule: PurposeRule, unit_links: list[UnitLink], modules: list[TopUpModule], *,
            chosen: bool = False) -> Decision:
    """The decision for one comparison qualification: level, units, hours, top-ups, outcome."""
    reasons = [_selection_sentence(target, score, country, chosen),
               f"The comparison is made for the purpose of {rule.label}."]
    level = compare_level(source, target, rule)
    reasons += level.reasons
    results = compare_units(source, target, unit_links)
    gaps = unit_gaps(results, rule)
    reasons.append(_coverage_sentence(target, [r for r in results if r.core]))
    reasons += gaps.minor_texts
    plan = plan_top_ups(gaps, results, modules)
    outcome = decide_outcome(source, target, rule, level, results, gaps, plan)
    reasons += plan.gap_reasons
    if outcome.outcome == PARTIAL:
        reasons += plan.module_reasons
    reasons += outcome.reasons
    refs = _refs(level.refs)
    return Decision(
        outcome=outcome.outcome, target_qualification_id=target.id, reasons=reasons,
        differences=level.differences + gaps.differences, top_ups=outcome.top_ups,
        credited_units=outcome.credited, level_refs_used=refs, remedy=outcome.remedy, purpose=rule.code,
        target_country=country, source_qualification_id=source.id, level_difference=level.difference,
        skills_assessment_required=outcome.skills_assessment, top_up_hours=outcome.top_up_hours,
        provisional=any(r.provenance_status != OFFICIAL for r in refs), unit_results=results,
        chosen_by_assessor=chosen)


def _no_comparison(source: Qualification, country: str, rule: PurposeRule, reason: str, remedy: str,
                   scores: list[CandidateScore]) -> Decision:
    return Decision(outcome=NONE, target_qualification_id=None, reasons=[reason], differences=[], top_ups=[],
                    credited_units=[], level_refs_used=[], remedy=remedy, purpose=rule.code, target_country=country,
                    source_qualification_id=source.id, candidate_scores=scores)


def _compare_chosen(src, ranked, compare_with, country, rule, links, modules) -> Decision:
    """Compare with each qualification the assessor chose; the most favourable decision, the others as
    alternatives."""
    by_id = {_k(c.id): (c, s) for c, s in ranked}
    picked = [by_id[_k(i)] for i in dict.fromkeys(_k(i) for i in compare_with) if _k(i) in by_id]
    if not picked:
        raise ValueError("None of the chosen qualifications is a qualification of the target country.")
    decisions = [compare(src, c, s, country, rule, links, modules, chosen=True) for c, s in picked]
    best = min(range(len(decisions)), key=lambda n: (_OUTCOME_ORDER[decisions[n].outcome], n))
    decision = decisions[best]
    decision.alternatives = [Alternative(d.target_qualification_id, picked[n][0].title, d.outcome, d.remedy)
                             for n, d in enumerate(decisions) if n != best]
    return decision


def assess(qualification: Qualification, target_country: str, purpose: str, *,
           candidates: list[Qualification], unit_links: list[UnitLink] | None = None,
           top_up_modules: list[TopUpModule] | None = None, compare_with: list | None = None) -> Decision:
    """Compare ``qualification`` with the qualifications of ``target_country`` for ``purpose``
    (employment, further_study, regulated_practice/licensing) and return a :class:`Decision`.

    Without ``compare_with`` the engine compares with its best-ranked comparable proposal. With
    ``compare_with`` (ids chosen by the assessor among the candidates) it compares with each of them; the
    decision is the most favourable one (ties: the assessor's order), and the others are listed in
    ``alternatives``. ``candidate_scores`` always holds the ranked proposals with their reasons.
    """
    rule = PURPOSES[normalise_purpose(purpose)]
    links, modules = list(unit_links or []), list(top_up_modules or [])
    country = (target_country or "").strip().upper()
    src = qualification
    in_country = [c for c in candidates if (c.country or "").strip().upper() == country and _k(c.id) != _k(src.id)]
    if not in_country:
        return _no_comparison(
            src, country, rule, f"No qualification of {country or 'the target country'} was available to compare "
                                f"with '{src.title}', so no comparison could be made.",
            f"Ask the recognition authority of {country or 'the target country'} to register a comparable "
            f"qualification, or apply for a skills assessment (recognition of prior learning) against its national "
            f"competency standards.", [])
    ranked = rank_candidates(src, in_country)
    scores = [s for _, s in ranked]
    if compare_with:
        decision = _compare_chosen(src, ranked, compare_with, country, rule, links, modules)
        decision.candidate_scores = scores
        return decision
    comparable = [(c, s) for c, s in ranked if s.comparable]
    if not comparable:
        return _no_comparison(
            src, country, rule, f"None of the {_plural(len(in_country), 'qualification')} of {country} shares the "
                                f"occupation (ISCO-08 minor group), the field of education (ISCED-F narrow field) "
                                f"or a similar title with '{src.title}', so there is no comparable qualification.",
            f"Apply for a skills assessment (recognition of prior learning) in {country}, or ask the recognition "
            f"authority to name the qualification that should be compared.", scores)
    decision = compare(src, *comparable[0], country, rule, links, modules)
    decision.candidate_scores = scores
    return decision


__all__ = [
    "LevelRef", "Unit", "UnitLink", "Qualification", "TopUpModule", "Difference", "UnitResult",
    "CreditedUnit", "CandidateScore", "Alternative", "Decision", "PurposeRule", "PURPOSES", "OUTCOMES",
    "assess", "compare", "rank_candidates", "compare_level", "compare_units", "check_hours", "unit_gaps",
    "plan_top_ups", "decide_outcome", "load_frameworks", "level_ref", "normalise_purpose", "text_similarity",
    "outcome_overlap", "LO_MATCH_THRESHOLD", "UNIT_OVERLAP_THRESHOLD", "HOURS_TOLERANCE",
    "MIN_MATCHED_SHARE", "TITLE_COMPARABLE_THRESHOLD",
]
