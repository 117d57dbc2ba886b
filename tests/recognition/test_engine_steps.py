"""The engine's named steps, each on its own (rank_candidates, compare_level, compare_units, check_hours /
unit_gaps, plan_top_ups, decide_outcome), and the assessor's choice of comparison qualification."""
from __future__ import annotations

import pytest
from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from skillsnet.recognition.engine import (
    COVERED,
    CREDIT_UNITS,
    FULL,
    NONE,
    PARTIAL,
    PARTIALLY_COVERED,
    PURPOSES,
    UNCOVERED,
    Qualification,
    TopUpModule,
    Unit,
    UnitLink,
    assess,
    check_hours,
    compare_level,
    compare_units,
    decide_outcome,
    plan_top_ups,
    rank_candidates,
    unit_gaps,
)

from .test_engine import lvl

EMPLOYMENT, STUDY, LICENCE = (PURPOSES[p] for p in ("employment", "further_study", "regulated_practice"))


def q(qid, title, level, units=(), country="BB", isco="7231", isced="0716", electives=()):
    return Qualification(qid, title, country, level, isco, isced, core_units=list(units),
                         elective_units=list(electives))


def u(uid, code, title, outcomes, hours=None):
    return Unit(uid, code, title, outcomes, hours)


# --- rank_candidates -------------------------------------------------------------------------------------
def test_ranking_puts_field_first_then_level_then_title():
    src = q(1, "Motor vehicle maintenance worker (senior worker)", lvl("AA", 4), country="AA")
    same_level_other_field = q(10, "Diploma in office administration", lvl("BB", 4), isco="4110", isced="0413")
    same_field_far = q(11, "Certificate I Motor Vehicle Maintenance Worker", lvl("BB", 1))
    same_field_near = q(12, "Diploma Automotive Maintenance Technician", lvl("BB", 4))
    ranked = rank_candidates(src, [same_level_other_field, same_field_far, same_field_near])
    assert [c.id for c, _ in ranked] == [12, 11, 10]
    scores = {s.qualification_id: s for _, s in ranked}
    assert scores[12].rank == 1 and scores[12].level_distance == 0 and scores[12].aqrf_level == 4
    assert scores[11].level_distance == 3 and scores[11].title_similarity > scores[12].title_similarity
    assert "same ISCO-08 unit group 7231" in scores[12].reasons and "same AQRF level (4)" in scores[12].reasons
    assert "AQRF level 1, 3 levels from the qualification's AQRF level 4" in scores[11].reasons
    assert scores[10].comparable is False
    assert "no shared occupation (ISCO-08) or field of education (ISCED-F)" in scores[10].reasons


def test_ranking_unknown_level_comes_after_known_levels_of_the_same_field():
    src = q(1, "Automotive", lvl("AA", 3), country="AA")
    unknown = q(20, "Automotive", lvl("BB", "x"))
    far = q(21, "Automotive", lvl("BB", 8))
    ranked = rank_candidates(src, [unknown, far])
    assert [c.id for c, _ in ranked] == [21, 20]
    assert ranked[1][1].level_distance is None
    assert "level not comparable (a level is not referenced to the AQRF)" in ranked[1][1].reasons


# --- compare_level ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("source,target,rule,state,difference,closable", [
    (4, 4, EMPLOYMENT, "ok", 0, None),
    (5, 4, STUDY, "ok", 1, None),
    (3, 4, EMPLOYMENT, "minor", -1, None),
    (3, 4, STUDY, "compensable", -1, "skills_assessment"),
    (2, 4, EMPLOYMENT, "blocking", -2, None),
])
def test_compare_level(source, target, rule, state, difference, closable):
    result = compare_level(q(1, "S", lvl("AA", source)), q(2, "T", lvl("BB", target)), rule)
    assert (result.state, result.difference) == (state, difference)
    substantial = [d for d in result.differences if d.substantial]
    assert [d.closable_by for d in substantial] == ([closable] if state in ("compensable", "blocking") else [])
    assert len(result.refs) == 2 and result.target_aqrf == target


def test_compare_level_unknown_is_blocking():
    result = compare_level(q(1, "S", lvl("AA", 4)), q(2, "T", lvl("BB", "x")), EMPLOYMENT)
    assert result.state == "blocking" and result.difference is None
    assert result.differences[0].kind == "level_unknown"


# --- compare_units ---------------------------------------------------------------------------------------
def test_compare_units_by_link_partial_link_and_outcome_overlap():
    src = q(1, "S", lvl("AA", 4), [u(101, "S1", "Brakes", ["Overhaul hydraulic brake systems of light vehicles"]),
                                   u(102, "S2", "Engines", ["Tune petrol engines"])], country="AA")
    target = q(2, "T", lvl("BB", 4), [
        u(201, "T1", "Brake systems", ["Diagnose brake faults"], 80),
        u(202, "T2", "Engine service", ["Service diesel engines"], 60),
        u(203, "T3", "Hydraulic brakes", ["Overhaul hydraulic brake systems of light vehicles"], 40),
        u(204, "T4", "Welding", ["Weld steel plates"], 40)])
    links = [UnitLink(101, 201, "equivalent", "same standard", "authority"), UnitLink(202, 102, "partial")]
    results = {r.target_unit_code: r for r in compare_units(src, target, links)}
    assert (results["T1"].status, results["T1"].via, results["T1"].source_unit_ids) == (COVERED, "link_equivalent",
                                                                                       [101])
    assert results["T1"].link_notes == ["equivalent: same standard (decided by authority)"]
    assert (results["T2"].status, results["T2"].via) == (PARTIALLY_COVERED, "link_partial")
    assert (results["T3"].status, results["T3"].via, results["T3"].overlap) == (PARTIALLY_COVERED,
                                                                                 "outcome_overlap", 1.0)
    assert results["T4"].status == UNCOVERED and results["T4"].source_unit_ids == []


# --- check_hours / unit_gaps -----------------------------------------------------------------------------
def covered(hours_target, hours_source):
    src = q(1, "S", lvl("AA", 4), [u(101, "S1", "Brakes", ["x"], hours_source)], country="AA")
    target = q(2, "T", lvl("BB", 4), [u(201, "T1", "Brakes", ["y"], hours_target)])
    return compare_units(src, target, [UnitLink(101, 201, "equivalent")])


def test_check_hours_is_substantial_only_for_licensing():
    from skillsnet.recognition.engine import UnitGaps

    for rule, substantial in ((EMPLOYMENT, False), (LICENCE, True)):
        [result] = covered(100, 60)
        gaps = UnitGaps()
        assert check_hours(result, rule, gaps) is True
        assert [d.substantial for d in gaps.differences] == [substantial]
        assert (result.status == PARTIALLY_COVERED) is substantial and bool(gaps.gap_keys) is substantial
    [within_tolerance] = covered(100, 85)
    assert check_hours(within_tolerance, LICENCE, UnitGaps()) is False


def test_unit_gaps_lists_partial_and_uncovered_core_units_only():
    src = q(1, "S", lvl("AA", 4), [u(101, "S1", "Brakes", ["x"])], country="AA")
    target = q(2, "T", lvl("BB", 4), [u(201, "T1", "Brakes", ["y"]), u(202, "T2", "Engines", ["z"])],
               electives=[u(203, "T3", "Paint", ["w"])])
    gaps = unit_gaps(compare_units(src, target, [UnitLink(101, 201, "equivalent")]), EMPLOYMENT)
    assert gaps.gap_keys == ["202"] and "core unit T2 'Engines' is not covered" in gaps.texts["202"]


# --- plan_top_ups ----------------------------------------------------------------------------------------
def test_plan_top_ups_covers_gaps_and_names_what_cannot_be_closed():
    src = q(1, "S", lvl("AA", 4), [], country="AA")
    target = q(2, "T", lvl("BB", 4), [u(201, "T1", "A", ["a"]), u(202, "T2", "B", ["b"]), u(203, "T3", "C", ["c"])])
    results = compare_units(src, target, [])
    gaps = unit_gaps(results, EMPLOYMENT)
    modules = [TopUpModule(7, "Bridging A", "Joint curriculum", 20, [201]),
               TopUpModule(8, "Bridging A and B", "Joint curriculum", 30, [201, 202])]
    plan = plan_top_ups(gaps, results, modules)
    assert [m.id for m in plan.chosen] == [8] and plan.not_closable == {"203"} and plan.hours == 30
    assert plan.module_reasons == ["The top-up module 'Bridging A and B' of 'Joint curriculum' (30 h) covers T1, T2."]
    assert any("No available top-up module covers the core unit T3" in r for r in plan.gap_reasons)
    assert [d.closable_by for d in gaps.differences] == ["top_up", "top_up", None]


# --- decide_outcome --------------------------------------------------------------------------------------
def outcome_for(links, modules=(), level=4, rule=EMPLOYMENT):
    src = q(1, "S", lvl("AA", level), [u(101, "S1", "A", ["a1"]), u(102, "S2", "B", ["b1"])], country="AA")
    target = q(2, "T", lvl("BB", 4), [u(201, "T1", "A", ["a2"]), u(202, "T2", "B", ["b2"])])
    results = compare_units(src, target, links)
    gaps = unit_gaps(results, rule)
    return decide_outcome(src, target, rule, compare_level(src, target, rule), results, gaps,
                          plan_top_ups(gaps, results, list(modules)))


def test_decide_outcome_for_each_outcome():
    both = [UnitLink(101, 201, "equivalent"), UnitLink(102, 202, "equivalent")]
    one = both[:1]
    module = TopUpModule(5, "Bridging B", "Joint", 12, [202])
    assert outcome_for(both).outcome == FULL
    partial = outcome_for(one, [module])
    assert partial.outcome == PARTIAL and partial.top_up_hours == 12 and "Bridging B" in partial.remedy
    assert outcome_for(one).outcome == CREDIT_UNITS  # the gap has no top-up
    assert outcome_for(both, level=2).outcome == CREDIT_UNITS  # two levels below: only credit
    assert outcome_for([]).outcome == NONE
    study = outcome_for(both, level=3, rule=STUDY)
    assert study.outcome == PARTIAL and study.skills_assessment and "skills assessment at AQRF level 4" in study.remedy


# --- the case from the field test: the assessor's choice changes the outcome ------------------------------
def chinese_and_lao():
    """A Chinese senior-worker (高级工) motor-vehicle qualification and two Lao ones of the same occupation, at
    AQRF 1 (Certificate I) and AQRF 4 (Diploma) by the shipped (proposed) level tables."""
    from skillsnet.recognition.engine import level_ref, load_frameworks

    shipped = load_frameworks()
    units = [u(101, "CN-1", "Engine maintenance", ["Maintain and adjust petrol engines"], 120),
             u(102, "CN-2", "Chassis maintenance", ["Maintain steering, suspension and brakes"], 120)]
    source = Qualification(1, "Motor vehicle maintenance worker (senior worker)", "CN",
                           level_ref(shipped, "CN-VSL", "senior"), "7231", "0716", core_units=units)
    cert1 = Qualification(2, "Certificate I Motor Vehicle Maintenance Worker", "LA",
                          level_ref(shipped, "LA-NVQF", "cert1"), "7231", "0716",
                          core_units=[u(201, "LA-C1", "Basic workshop practice", ["Use hand tools safely"], 80)])
    diploma = Qualification(3, "Diploma Automotive Maintenance Technician", "LA",
                            level_ref(shipped, "LA-NVQF", "diploma"), "7231", "0716",
                            core_units=[u(301, "LA-D1", "Engine service", ["Service engines"], 120),
                                        u(302, "LA-D2", "Chassis service", ["Service chassis systems"], 120)])
    links = [UnitLink(101, 301, "equivalent"), UnitLink(102, 302, "equivalent")]
    return source, cert1, diploma, links


def test_title_similarity_alone_would_pick_certificate_one():
    source, cert1, diploma, _links = chinese_and_lao()
    similarity = {c.title: fuzz.token_set_ratio(source.title, c.title, processor=default_process)
                  for c in (cert1, diploma)}
    assert similarity[cert1.title] > similarity[diploma.title]  # the trap of the field test


def test_proposals_rank_the_diploma_first_by_level():
    source, cert1, diploma, links = chinese_and_lao()
    decision = assess(source, "LA", "employment", candidates=[cert1, diploma], unit_links=links)
    assert [s.qualification_id for s in decision.candidate_scores] == [3, 2]
    assert decision.target_qualification_id == 3 and decision.outcome == FULL
    assert decision.chosen_by_assessor is False


def test_the_assessors_choice_changes_the_outcome():
    source, cert1, diploma, links = chinese_and_lao()
    with_cert1 = assess(source, "LA", "employment", candidates=[cert1, diploma], unit_links=links, compare_with=[2])
    assert with_cert1.target_qualification_id == 2 and with_cert1.outcome == NONE and with_cert1.chosen_by_assessor
    assert with_cert1.reasons[0].startswith("The assessor chose to compare with 'Certificate I Motor Vehicle")
    with_diploma = assess(source, "LA", "employment", candidates=[cert1, diploma], unit_links=links,
                          compare_with=[3])
    assert with_diploma.target_qualification_id == 3 and with_diploma.outcome == FULL

    both = assess(source, "LA", "employment", candidates=[cert1, diploma], unit_links=links, compare_with=[2, 3])
    assert both.target_qualification_id == 3 and both.outcome == FULL  # the most favourable of the chosen
    assert [(a.qualification_id, a.outcome) for a in both.alternatives] == [(2, NONE)]
    with pytest.raises(ValueError):
        assess(source, "LA", "employment", candidates=[cert1, diploma], unit_links=links, compare_with=[999])
