"""Recognition engine: compare a qualification with the qualifications of another country.

Pure Python (no Django). Django models are converted into the dataclasses below and passed to
:func:`assess`, which returns a :class:`Decision` with plain-English reasons and a remedy.

Method (Lisbon Recognition Convention practice)
-----------------------------------------------
Recognise unless a *substantial difference* is shown, judged against the *purpose* of
recognition, by comparing level (through the AQRF) and learning outcomes (competency units).

1. Choose the closest qualification of the target country among ``candidates``: same ISCO-08
   unit group (4 digits) beats same minor group (3 digits) beats same sub-major group; then same
   ISCED-F detailed (4) / narrow (3) / broad (2) field; then title similarity (rapidfuzz
   token-set ratio); ties broken by id. A candidate is *comparable* only if it shares at least the
   ISCO minor group, or the ISCED-F narrow field, or its title similarity is
   >= ``TITLE_COMPARABLE_THRESHOLD``.
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
    qualification_id: Any
    title: str
    isco_match: str  # unit_group | minor_group | sub_major_group | none
    isced_match: str  # detailed | narrow | broad | none
    title_similarity: float
    comparable: bool


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


def _rank_candidates(source: Qualification, candidates: list[Qualification]) -> list[tuple]:
    ranked = []
    for cand in candidates:
        isco_tier, isco_name = _isco_match(source.isco_code, cand.isco_code)
        isced_tier, isced_name = _isced_match(source.isced_code, cand.isced_code)
        sim = round(float(fuzz.token_set_ratio(source.title or "", cand.title or "",
                                               processor=default_process)), 2)
        comparable = isco_tier >= 2 or isced_tier >= 2 or sim >= TITLE_COMPARABLE_THRESHOLD
        score = CandidateScore(cand.id, cand.title, isco_name, isced_name, sim, comparable)
        ranked.append(((0 if comparable else 1, -isco_tier, -isced_tier, -sim, _id_key(cand.id)),
                       cand, score))
    ranked.sort(key=lambda t: t[0])
    return ranked


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


# --- the assessment -------------------------------------------------------------------------
def assess(qualification: Qualification, target_country: str, purpose: str, *,
           candidates: list[Qualification], unit_links: list[UnitLink] | None = None,
           top_up_modules: list[TopUpModule] | None = None) -> Decision:
    """Compare ``qualification`` with the qualifications of ``target_country`` for ``purpose``
    (employment, further_study, regulated_practice/licensing) and return a :class:`Decision`."""
    purpose_key = normalise_purpose(purpose)
    rule = PURPOSES[purpose_key]
    unit_links = list(unit_links or [])
    top_up_modules = list(top_up_modules or [])
    country = (target_country or "").strip().upper()
    src = qualification
    reasons: list[str] = []
    differences: list[Difference] = []
    level_refs: list[LevelRef] = []

    def decision(outcome: str, target: Qualification | None, remedy: str, **kw) -> Decision:
        refs = sorted({(r.framework_code, r.level_code): r for r in level_refs}.values(),
                      key=lambda r: (r.framework_code, r.level_code))
        return Decision(
            outcome=outcome,
            target_qualification_id=target.id if target else None,
            reasons=reasons,
            differences=differences,
            top_ups=kw.pop("top_ups", []),
            credited_units=kw.pop("credited_units", []),
            level_refs_used=refs,
            remedy=remedy,
            purpose=purpose_key,
            target_country=country,
            source_qualification_id=src.id,
            provisional=any(r.provenance_status != OFFICIAL for r in refs),
            **kw,
        )

    in_country = [c for c in candidates
                  if (c.country or "").strip().upper() == country and _k(c.id) != _k(src.id)]
    if not in_country:
        reasons.append(f"No qualification of {country or 'the target country'} was available to "
                       f"compare with '{src.title}', so no comparison could be made.")
        return decision(NONE, None, (
            f"Ask the recognition authority of {country or 'the target country'} to register a "
            f"comparable qualification, or apply for a skills assessment (recognition of prior "
            f"learning) against its national competency standards."))

    ranked = _rank_candidates(src, in_country)
    scores = [s for _, _, s in ranked]
    comparable = [(c, s) for _, c, s in ranked if s.comparable]
    if not comparable:
        reasons.append(
            f"None of the {_plural(len(in_country), 'qualification')} of {country} shares the "
            f"occupation (ISCO-08 minor group), the field of education (ISCED-F narrow field) or a "
            f"similar title with '{src.title}', so there is no comparable qualification.")
        return decision(NONE, None, (
            f"Apply for a skills assessment (recognition of prior learning) in {country}, or ask "
            f"the recognition authority to name the qualification that should be compared."),
            candidate_scores=scores)

    target, tscore = comparable[0]
    basis = []
    if tscore.isco_match != "none":
        digits = {"unit_group": 4, "minor_group": 3, "sub_major_group": 2}[tscore.isco_match]
        basis.append(f"same ISCO-08 {tscore.isco_match.replace('_', ' ')} "
                     f"{_digits(target.isco_code)[:digits]}")
    if tscore.isced_match != "none":
        digits = {"detailed": 4, "narrow": 3, "broad": 2}[tscore.isced_match]
        basis.append(f"same ISCED-F {tscore.isced_match} field {_digits(target.isced_code)[:digits]}")
    basis.append(f"title similarity {tscore.title_similarity:g}/100")
    reasons.append(f"The closest qualification of {country} is '{target.title}' "
                   f"({'; '.join(basis)}).")
    reasons.append(f"The comparison is made for the purpose of {rule.label}.")

    # ---- level ----------------------------------------------------------------------------
    for ref in (src.level, target.level):
        if ref is not None:
            level_refs.append(ref)
            reasons.append(_provenance_sentence(ref))
    s_aq = src.level.aqrf_level if src.level else None
    t_aq = target.level.aqrf_level if target.level else None
    level_diff: int | None = None
    level_state = "ok"  # ok | minor | compensable | blocking
    if s_aq is None or t_aq is None:
        level_state = "blocking"
        which = "the qualification" if s_aq is None else "the target qualification"
        text = (f"The level of {which} is unknown or not referenced to the AQRF, so the levels "
                f"cannot be compared; this is a substantial difference.")
        differences.append(Difference("level_unknown", True, text))
        reasons.append(text)
    else:
        level_diff = s_aq - t_aq
        if level_diff >= 0:
            rel = "the same AQRF level as" if level_diff == 0 else "a higher AQRF level than"
            reasons.append(f"The qualification (AQRF {s_aq}) is at {rel} the target "
                           f"qualification (AQRF {t_aq}): no substantial difference in level.")
        elif level_diff == -1:
            if rule.one_level_lower_substantial:
                level_state = "compensable"
                text = (f"The qualification (AQRF {s_aq}) is one AQRF level below the target "
                        f"qualification (AQRF {t_aq}); {rule.explanation}.")
                differences.append(Difference("level", True, text, closable_by="skills_assessment"))
            else:
                level_state = "minor"
                text = (f"The qualification (AQRF {s_aq}) is one AQRF level below the target "
                        f"qualification (AQRF {t_aq}); {rule.explanation}.")
                differences.append(Difference("level", False, text))
            reasons.append(text)
        else:
            level_state = "blocking"
            text = (f"The qualification (AQRF {s_aq}) is {-level_diff} AQRF levels below the "
                    f"target qualification (AQRF {t_aq}); a gap of two or more levels is a "
                    f"substantial difference that top-up modules cannot close.")
            differences.append(Difference("level", True, text))
            reasons.append(text)

    # ---- units ----------------------------------------------------------------------------
    src_units = sorted(list(src.core_units) + list(src.elective_units), key=_unit_sort_key)
    src_ids = {_k(u.id): u.id for u in src_units}
    src_by_key = {_k(u.id): u for u in src_units}
    core = sorted(target.core_units, key=_unit_sort_key)
    electives = sorted(target.elective_units, key=_unit_sort_key)
    tgt_ids = {_k(u.id): u.id for u in core + electives}
    links = _links_by_target(unit_links, src_ids, tgt_ids)

    results: list[UnitResult] = []
    for is_core, units in ((True, core), (False, electives)):
        for tu in units:
            tlinks = links.get(_k(tu.id), [])
            equiv = sorted({_k(s): s for r, s, _ in tlinks if r == EQUIVALENT}.values(), key=_id_key)
            part = sorted({_k(s): s for r, s, _ in tlinks if r == PARTIAL_LINK}.values(), key=_id_key)
            notes = [f"{l.relation}: {l.note}" + (f" (decided by {l.decided_by})" if l.decided_by else "")
                     for _, _, l in tlinks if l.note]
            overlap, overlap_ids = outcome_overlap(tu, src_units) if is_core or not equiv else (0.0, [])
            src_hours = shortfall = None
            if equiv:
                status, via, sids = COVERED, "link_equivalent", equiv
                hrs = [src_by_key[_k(s)].hours for s in equiv]
                if all(h is not None for h in hrs) and tu.hours:
                    src_hours = float(sum(hrs))
                    if src_hours < tu.hours:
                        shortfall = float(tu.hours) - src_hours
            elif part:
                status, via, sids = PARTIALLY_COVERED, "link_partial", part
            elif overlap >= UNIT_OVERLAP_THRESHOLD:
                status, via, sids = PARTIALLY_COVERED, "outcome_overlap", overlap_ids
            else:
                status, via, sids = UNCOVERED, None, []
            results.append(UnitResult(
                tu.id, tu.code, tu.title, is_core, status, via, list(sids), _r(overlap),
                _r(tu.hours, 2), _r(src_hours, 2), _r(shortfall, 2), sorted(notes)))

    core_results = [r for r in results if r.core]
    gap_keys: list[str] = []
    unit_texts: dict[str, str] = {}
    minor_texts: list[str] = []
    for r in core_results:
        label = f"core unit {r.target_unit_code} '{r.target_unit_title}'"
        if r.status == COVERED and r.hours_shortfall and r.target_hours and \
                r.hours_shortfall / r.target_hours > HOURS_TOLERANCE:
            pct = round(100 * r.hours_shortfall / r.target_hours)
            if rule.hours_shortfall_substantial:
                text = (f"The {label} is matched by an equivalent unit, but with "
                        f"{r.source_hours:g} h against {r.target_hours:g} h ({pct}% fewer); for "
                        f"{rule.label} this hours shortfall is a substantial difference.")
                r.status, r.via = PARTIALLY_COVERED, "link_equivalent_hours_shortfall"
                differences.append(Difference("hours", True, text, r.target_unit_id))
                unit_texts[_k(r.target_unit_id)] = text
                gap_keys.append(_k(r.target_unit_id))
            else:
                text = (f"The {label} is matched by an equivalent unit with {r.source_hours:g} h "
                        f"against {r.target_hours:g} h ({pct}% fewer); a difference in duration "
                        f"alone is not a substantial difference for {rule.label}.")
                differences.append(Difference("hours", False, text, r.target_unit_id))
                minor_texts.append(text)
        elif r.status == PARTIALLY_COVERED:
            if r.via == "link_partial":
                why = "is only partially matched (a recorded partial equivalence)"
            else:
                why = (f"is only partially matched: {round(100 * r.overlap)}% of its learning "
                       f"outcomes resemble outcomes of the qualification's units, but no "
                       f"equivalence has been recorded")
            text = f"The {label} {why}; this is a substantial difference."
            differences.append(Difference("unit", True, text, r.target_unit_id))
            unit_texts[_k(r.target_unit_id)] = text
            gap_keys.append(_k(r.target_unit_id))
        elif r.status == UNCOVERED:
            text = (f"The {label} is not covered by any unit of the qualification "
                    f"({round(100 * r.overlap)}% of its learning outcomes matched); this is a "
                    f"substantial difference.")
            differences.append(Difference("unit", True, text, r.target_unit_id))
            unit_texts[_k(r.target_unit_id)] = text
            gap_keys.append(_k(r.target_unit_id))

    n_core = len(core_results)
    n_cov = sum(1 for r in core_results if r.status == COVERED)
    n_part = sum(1 for r in core_results if r.status == PARTIALLY_COVERED)
    n_unc = n_core - n_cov - n_part
    if n_core:
        reasons.append(f"Of the {_plural(n_core, 'core unit')} of '{target.title}', {n_cov} "
                       f"{'is' if n_cov == 1 else 'are'} covered by an equivalent unit, {n_part} "
                       f"partially covered and {n_unc} not covered.")
    else:
        reasons.append(f"'{target.title}' lists no core units, so only the level is compared.")
    reasons.extend(minor_texts)

    credited = [CreditedUnit(r.target_unit_id, r.target_unit_code, r.target_unit_title, r.core,
                             list(r.source_unit_ids))
                for r in results if r.status == COVERED]
    matched_core = n_cov + n_part

    # ---- top-ups --------------------------------------------------------------------------
    chosen, not_closable = _choose_top_ups(gap_keys, top_up_modules)
    for d in differences:
        if d.kind in ("unit", "hours") and d.substantial:
            d.closable_by = "top_up" if _k(d.target_unit_id) not in not_closable else None
    unit_title = {_k(r.target_unit_id): r for r in core_results}
    for key in gap_keys:
        reasons.append(unit_texts[key])
        if key in not_closable:
            r = unit_title[key]
            reasons.append(f"No available top-up module covers the core unit {r.target_unit_code} "
                           f"'{r.target_unit_title}', so this difference cannot be closed by "
                           f"compensation.")
    top_up_texts: list[str] = []
    for m in chosen:
        covered_codes = sorted(unit_title[_k(u)].target_unit_code for u in m.covers_unit_ids
                               if _k(u) in unit_title and _k(u) in set(gap_keys))
        top_up_texts.append(f"The top-up module '{m.title}' of '{m.curriculum_title}' "
                       f"({_fmt_hours(m.hours)}) covers {', '.join(covered_codes)}.")
    top_up_hours = round(sum(m.hours or 0.0 for m in chosen), 2)

    matched_share = (matched_core / n_core) if n_core else 1.0
    common = dict(level_difference=level_diff, unit_results=results, candidate_scores=scores)

    if n_core and matched_core == 0 and not credited:
        reasons.append(f"No unit of '{src.title}' matches a unit of '{target.title}', so there is "
                       f"no basis for recognition.")
        return decision(NONE, target, (
            f"Enrol in '{target.title}', or apply for a skills assessment (recognition of prior "
            f"learning) for its units."), **common)

    if level_state in ("ok", "minor") and not gap_keys:
        reasons.append(f"No substantial difference was shown: '{src.title}' is recognised as "
                       f"equivalent to '{target.title}' for {rule.label}.")
        return decision(FULL, target, (
            f"None needed: grant full recognition as '{target.title}'."),
            credited_units=credited, **common)

    whole_ok = (level_state != "blocking" and not not_closable
                and matched_share >= MIN_MATCHED_SHARE)
    if whole_ok:
        steps = []
        if chosen:
            steps.append("complete the top-up module" + ("s " if len(chosen) > 1 else " ")
                         + "; ".join(f"'{m.title}' ({_fmt_hours(m.hours)})" for m in chosen)
                         + (f", {top_up_hours:g} h in total" if len(chosen) > 1 else ""))
        assessment = level_state == "compensable"
        reasons.extend(top_up_texts)
        if assessment:
            steps.append(f"pass a skills assessment at AQRF level {t_aq}")
        reasons.append(f"All substantial differences can be closed by compensation, so "
                       f"'{src.title}' is recognised as '{target.title}' for {rule.label} "
                       f"subject to compensation.")
        remedy = " and ".join(steps)
        remedy = remedy[:1].upper() + remedy[1:] + \
            f"; then full recognition as '{target.title}' is granted."
        return decision(PARTIAL, target, remedy, top_ups=chosen, credited_units=credited,
                        skills_assessment_required=assessment, top_up_hours=top_up_hours, **common)

    if level_state == "blocking":
        why = "the level difference cannot be compensated"
    elif matched_share < MIN_MATCHED_SHARE:
        why = (f"only {matched_core} of {n_core} core units are even partially covered (at least "
               f"{round(100 * MIN_MATCHED_SHARE)}% are needed)")
    else:
        why = "some substantial differences cannot be closed by an available top-up module"
    if credited:
        codes = ", ".join(c.target_unit_code for c in credited)
        reasons.append(f"The whole qualification cannot be recognised because {why}; credit is "
                       f"given for the equivalent units only: {codes}.")
        return decision(CREDIT_UNITS, target, (
            f"Credit the {_plural(len(credited), 'unit')} {codes} towards '{target.title}'; "
            f"complete the remaining units by enrolling, or have them assessed through recognition "
            f"of prior learning."), credited_units=credited, **common)

    reasons.append(f"The whole qualification cannot be recognised because {why}, and no unit is "
                   f"equivalent, so no credit can be given.")
    return decision(NONE, target, (
        f"Enrol in '{target.title}' (the partially matched units may shorten it), or apply for a "
        f"skills assessment (recognition of prior learning) for its units."), **common)


__all__ = [
    "LevelRef", "Unit", "UnitLink", "Qualification", "TopUpModule", "Difference", "UnitResult",
    "CreditedUnit", "CandidateScore", "Decision", "PurposeRule", "PURPOSES", "OUTCOMES",
    "assess", "load_frameworks", "level_ref", "normalise_purpose", "text_similarity",
    "outcome_overlap", "LO_MATCH_THRESHOLD", "UNIT_OVERLAP_THRESHOLD", "HOURS_TOLERANCE",
    "MIN_MATCHED_SHARE", "TITLE_COMPARABLE_THRESHOLD",
]
