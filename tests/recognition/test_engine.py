"""Tests of the pure-Python recognition engine and the shipped framework data (no database)."""
from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pytest

try:  # the package may not be installed yet (e.g. before `make test`)
    import skillsnet.recognition.engine  # noqa: F401
except ImportError:  # pragma: no cover
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from skillsnet.recognition.engine import (  # noqa: E402
    CREDIT_UNITS,
    DATA_PATH,
    FULL,
    NONE,
    PARTIAL,
    Qualification,
    TopUpModule,
    Unit,
    UnitLink,
    assess,
    level_ref,
    load_frameworks,
    normalise_purpose,
    text_similarity,
)

# --- hand-built frameworks ------------------------------------------------------------------


def _fw(code, short, status, levels):
    return {
        "code": code,
        "short_name": short,
        "name": {"en": short},
        "levels": [
            {"code": str(c), "title": {"en": t},
             "aqrf": {"level": aq, "provenance": {
                 "status": status, "source": f"{short} test source",
                 "validated_by": "Test authority" if status == "official" else None,
                 "date": None, "note": ""}}}
            for c, t, aq in levels
        ],
    }


FRAMEWORKS = [
    _fw("AA", "Alpha QF", "official", [(n, f"Alpha {n}", n) for n in range(1, 9)]),
    _fw("BB", "Beta QF", "official", [(n, f"Beta {n}", n) for n in range(1, 9)]
        + [("x", "Beta unreferenced", None)]),
    _fw("LA", "Lao NVQF", "proposed", [("cert3", "Certificate III", 3), ("diploma", "Diploma", 4)]),
    _fw("ID", "Indonesian KKNI", "provisional", [(5, "KKNI Level 5", 5)]),
]


def lvl(fw, code):
    return level_ref(FRAMEWORKS, fw, code)


def wiring_units(prefix, start, hours=(60, 40, 30)):
    return [
        Unit(start, f"{prefix}1", "Install electrical wiring",
             ["Install electrical wiring in residential buildings",
              "Test installed circuits for insulation and continuity"], hours[0]),
        Unit(start + 1, f"{prefix}2", "Motor control",
             ["Connect three-phase motors with contactor starters",
              "Fault-find motor control circuits"], hours[1]),
        Unit(start + 2, f"{prefix}3", "Workplace safety",
             ["Apply lockout tagout procedures",
              "Use personal protective equipment correctly"], hours[2]),
    ]


def target_qual(level=None, units=None, qid=200, title="Certificate in Electrical Installation",
                country="BB", isco="7411", isced="0713"):
    return Qualification(qid, title, country, level or lvl("BB", 4), isco, isced,
                         core_units=units if units is not None else wiring_units("T", 201))


def source_qual(level=None, units=None, qid=100, title="Electrical Installation Certificate",
                country="AA", isco="7411", isced="0713"):
    return Qualification(qid, title, country, level or lvl("AA", 4), isco, isced,
                         core_units=units if units is not None else wiring_units("S", 101))


ALL_EQUIV = [UnitLink(101, 201, "equivalent", "same standard", "Beta authority"),
             UnitLink(202, 102, "equivalent", "reverse direction works", "Beta authority"),
             UnitLink(103, 203, "equivalent", "", "Beta authority")]


def run(src, purpose="employment", cands=None, links=None, mods=None, country="BB"):
    return assess(src, country, purpose, candidates=cands if cands is not None else [target_qual()],
                  unit_links=links if links is not None else [], top_up_modules=mods or [])


# --- the four outcomes ----------------------------------------------------------------------


def test_full_recognition_when_all_core_units_equivalent_and_same_level():
    d = run(source_qual(), links=ALL_EQUIV)
    assert d.outcome == FULL
    assert d.target_qualification_id == 200
    assert d.top_ups == [] and not d.skills_assessment_required
    assert [c.target_unit_code for c in d.credited_units] == ["T1", "T2", "T3"]
    assert not any(x.substantial for x in d.differences)
    text = " ".join(d.reasons)
    assert "No substantial difference was shown" in text
    assert "official referencing" in text and "provisional" not in text
    assert d.provisional is False
    assert [(r.framework_code, r.level_code) for r in d.level_refs_used] == [("AA", "4"), ("BB", "4")]
    assert d.remedy.startswith("None needed")


def test_partial_with_top_up_modules_for_uncovered_and_partial_units():
    links = [UnitLink(101, 201, "equivalent"), UnitLink(102, 202, "partial", "no star-delta")]
    src = source_qual(units=wiring_units("S", 101)[:2])  # no safety unit at all
    mods = [TopUpModule(9, "Motor control bridging", "Joint EV curriculum", 16, [202]),
            TopUpModule(8, "Lockout and PPE", "Joint safety curriculum", 12, [203]),
            TopUpModule(7, "Unrelated", "Other", 5, [999])]
    d = run(src, links=links, mods=mods)
    assert d.outcome == PARTIAL
    assert [m.id for m in d.top_ups] == [8, 9]
    assert d.top_up_hours == 28
    assert not d.skills_assessment_required
    by_code = {r.target_unit_code: r for r in d.unit_results}
    assert by_code["T1"].status == "covered"
    assert by_code["T2"].status == "partial" and by_code["T2"].via == "link_partial"
    assert by_code["T3"].status == "uncovered"
    subst = [x for x in d.differences if x.substantial]
    assert {x.target_unit_id for x in subst} == {202, 203}
    assert all(x.closable_by == "top_up" for x in subst)
    text = " ".join(d.reasons)
    assert "core unit T3 'Workplace safety' is not covered" in text
    assert "core unit T2 'Motor control' is only partially matched" in text
    assert "'Lockout and PPE' of 'Joint safety curriculum' (12 h) covers T3" in text
    assert "'Lockout and PPE' (12 h)" in d.remedy and "28 h in total" in d.remedy


def test_one_level_lower_depends_on_purpose():
    src = source_qual(level=lvl("AA", 3))
    employment = run(src, "employment", links=ALL_EQUIV)
    assert employment.outcome == FULL
    assert employment.level_difference == -1
    assert any(x.kind == "level" and not x.substantial for x in employment.differences)

    study = run(src, "further_study", links=ALL_EQUIV)
    assert study.outcome == PARTIAL
    assert study.skills_assessment_required and study.top_ups == []
    assert "skills assessment at AQRF level 4" in study.remedy
    assert any(x.kind == "level" and x.substantial and x.closable_by == "skills_assessment"
               for x in study.differences)
    assert run(src, "licensing", links=ALL_EQUIV).outcome == PARTIAL


def test_higher_level_is_not_a_difference():
    d = run(source_qual(level=lvl("AA", 6)), "regulated_practice", links=ALL_EQUIV)
    assert d.outcome == FULL and d.level_difference == 2


def test_credit_units_when_level_gap_is_two_or_more():
    src = source_qual(level=lvl("AA", 2))
    d = run(src, "employment", links=ALL_EQUIV[:2],
            mods=[TopUpModule(1, "Safety", "C", 10, [203])])
    assert d.outcome == CREDIT_UNITS
    assert [c.target_unit_id for c in d.credited_units] == [201, 202]
    assert [c.source_unit_ids for c in d.credited_units] == [[101], [102]]
    assert d.top_ups == []
    text = " ".join(d.reasons)
    assert "2 AQRF levels below" in text
    assert "credit is given for the equivalent units only: T1, T2" in text
    assert "Credit the 2 units T1, T2" in d.remedy
    assert not any("top-up module 'Safety'" in r for r in d.reasons)  # not offered here


def test_credit_units_when_a_gap_has_no_top_up():
    src = source_qual(units=wiring_units("S", 101)[:1])
    d = run(src, links=ALL_EQUIV[:1], mods=[TopUpModule(1, "Motors", "C", 10, [202])])
    assert d.outcome == CREDIT_UNITS
    assert [c.target_unit_code for c in d.credited_units] == ["T1"]
    assert "No available top-up module covers the core unit T3" in " ".join(d.reasons)
    closable = {x.target_unit_id: x.closable_by for x in d.differences if x.substantial}
    assert closable == {202: "top_up", 203: None}


def test_none_when_no_candidate_in_target_country():
    d = run(source_qual(), cands=[target_qual(country="ZZ")])
    assert d.outcome == NONE and d.target_qualification_id is None
    assert "No qualification of BB was available" in d.reasons[0]
    assert "skills assessment" in d.remedy
    assert d.level_refs_used == []  # no level comparison was made


def test_none_when_no_unit_matches():
    other = [Unit(301, "H1", "Hair colouring", ["Apply permanent hair colour to clients"], 40)]
    d = run(source_qual(), cands=[target_qual(units=other)])
    assert d.outcome == NONE
    assert d.target_qualification_id == 200
    assert d.credited_units == []
    assert "No unit of 'Electrical Installation Certificate' matches" in d.reasons[-1]


def test_none_when_no_comparable_candidate():
    cand = target_qual(title="Diploma in Hospitality", isco="5120", isced="1013")
    d = run(source_qual(), cands=[cand])
    assert d.outcome == NONE and d.target_qualification_id is None
    assert d.candidate_scores[0].comparable is False


# --- provenance -----------------------------------------------------------------------------


def test_proposed_mapping_is_stated_in_reasons():
    src = source_qual(level=lvl("LA", "diploma"), country="LA")
    d = run(src, links=ALL_EQUIV)
    assert d.outcome == FULL
    assert ("The Lao NVQF level 'Diploma' is mapped to AQRF level 4 by a proposed (unofficial) "
            "referencing; this comparison is provisional.") in d.reasons
    assert d.provisional is True
    assert {r.provenance_status for r in d.level_refs_used} == {"proposed", "official"}


def test_provisional_mapping_is_stated_in_reasons():
    d = run(source_qual(level=lvl("ID", 5)), links=ALL_EQUIV,
            cands=[target_qual(level=lvl("BB", 5))])
    assert any("provisional mapping" in r and "this comparison is provisional" in r
               for r in d.reasons)
    assert d.provisional


def test_shipped_lao_level_used_in_a_decision():
    fws = load_frameworks()
    src = source_qual(level=level_ref(fws, "LA-NVQF", "diploma"), country="LA")
    tgt = target_qual(level=level_ref(fws, "MY-MQF", "4"), country="MY")
    d = assess(src, "MY", "employment", candidates=[tgt], unit_links=ALL_EQUIV, top_up_modules=[])
    assert d.outcome == FULL
    assert any(r.startswith("The Lao NVQF level 'Diploma' is mapped to AQRF level 4 by a proposed")
               for r in d.reasons)
    assert any("Malaysian MQF" in r and "official referencing" in r for r in d.reasons)


def test_unknown_level_is_substantial():
    d = run(source_qual(level=lvl("BB", "x")), links=ALL_EQUIV)
    assert d.outcome == CREDIT_UNITS
    assert any(x.kind == "level_unknown" and x.substantial for x in d.differences)
    assert any("not referenced to any AQRF level" in r for r in d.reasons)
    src = source_qual()
    src.level = None
    assert run(src, links=ALL_EQUIV).outcome == CREDIT_UNITS


# --- units, hours, overlap ------------------------------------------------------------------


def test_hours_shortfall_substantial_only_for_regulated_practice():
    src = source_qual(units=wiring_units("S", 101, hours=(30, 40, 30)))  # 30 h vs 60 h
    mods = [TopUpModule(4, "Wiring practice hours", "C", 30, [201])]
    emp = run(src, "employment", links=ALL_EQUIV, mods=mods)
    assert emp.outcome == FULL
    assert any(x.kind == "hours" and not x.substantial for x in emp.differences)
    lic = run(src, "regulated_practice", links=ALL_EQUIV, mods=mods)
    assert lic.outcome == PARTIAL
    assert [m.id for m in lic.top_ups] == [4]
    assert any("hours shortfall is a substantial difference" in r for r in lic.reasons)


def test_learning_outcome_overlap_gives_partial_coverage():
    src_units = [Unit(101, "S1", "Wiring",
                      ["Install electrical wiring in residential buildings",
                       "Test installed circuits for continuity and insulation"], 60)]
    tgt_units = wiring_units("T", 201)[:1] + [
        Unit(209, "T9", "Solar", ["Install photovoltaic panels on roofs"], 30)]
    d = run(source_qual(units=src_units), cands=[target_qual(units=tgt_units)],
            mods=[TopUpModule(2, "Wiring standards", "C", 8, [201]),
                  TopUpModule(3, "PV", "C", 20, [209])])
    r = {u.target_unit_code: u for u in d.unit_results}
    assert r["T1"].status == "partial" and r["T1"].via == "outcome_overlap"
    assert r["T1"].overlap == 1.0 and r["T1"].source_unit_ids == [101]
    assert r["T9"].status == "uncovered"
    assert d.outcome == PARTIAL and [m.id for m in d.top_ups] == [2, 3]


def test_text_similarity_is_symmetric_and_bounded():
    a, b = "Apply lockout tagout procedures", "Apply lockout/tagout procedures safely"
    assert text_similarity(a, b) == text_similarity(b, a)
    assert 80 <= text_similarity(a, b) <= 100
    assert text_similarity("Install PV panels", "Bake bread") < 50


def test_greedy_top_up_prefers_one_module_covering_both_gaps():
    src = source_qual(units=wiring_units("S", 101)[:1])
    mods = [TopUpModule(1, "Motors", "C", 20, [202]), TopUpModule(2, "Safety", "C", 10, [203]),
            TopUpModule(3, "Motors and safety", "C", 25, [202, 203])]
    d = run(src, links=ALL_EQUIV[:1], mods=mods)
    # 1 of 3 core units matched (< 50 %): top-ups would be retraining, so no whole recognition
    assert d.outcome == CREDIT_UNITS
    src2 = source_qual(units=wiring_units("S", 101)[:2])
    d2 = run(src2, links=ALL_EQUIV[:1] + [UnitLink(102, 202, "partial")], mods=mods)
    assert d2.outcome == PARTIAL
    assert [m.id for m in d2.top_ups] == [3] and d2.top_up_hours == 25


# --- candidate choice -----------------------------------------------------------------------


def test_candidate_choice_isco_then_isced_then_title_then_id():
    src = source_qual()
    same_unit = target_qual(qid=5, title="Zzz", isco="7411", isced="0999")
    same_minor = target_qual(qid=4, title="Electrical Installation Certificate", isco="7412",
                             isced="0713")
    d = run(src, cands=[same_minor, same_unit])
    assert d.target_qualification_id == 5  # ISCO unit group beats a perfect title
    tie_a = target_qual(qid=12, title="Electrical Installation Certificate")
    tie_b = target_qual(qid=11, title="Electrical Installation Certificate")
    assert run(src, cands=[tie_a, tie_b]).target_qualification_id == 11
    field = target_qual(qid=20, title="Zzz", isco=None, isced="0713")
    title = target_qual(qid=21, title="Electrical Installation Certificate", isco=None, isced=None)
    assert run(src, cands=[title, field]).target_qualification_id == 20


def test_source_itself_is_never_a_candidate():
    src = source_qual(country="BB")
    d = run(src, cands=[src, target_qual()], links=ALL_EQUIV)
    assert d.target_qualification_id == 200


# --- determinism and API --------------------------------------------------------------------


def _big_case(seed):
    rng = random.Random(seed)
    links = [UnitLink(101, 201, "equivalent", "n1", "A"), UnitLink(102, 202, "partial", "n2", "B")]
    mods = [TopUpModule(9, "Motor control bridging", "Joint", 16, [202]),
            TopUpModule(8, "Lockout and PPE", "Joint", 12, [203]),
            TopUpModule(10, "Both", "Joint", 28, [202, 203])]
    cands = [target_qual(qid=200), target_qual(qid=199, isco="7412"),
             target_qual(qid=198, title="Certificate in Electrical Installation")]
    src_units = wiring_units("S", 101)[:2]
    for seq in (links, mods, cands, src_units):
        rng.shuffle(seq)
    return source_qual(units=src_units), cands, links, mods


def test_deterministic_same_input_same_output():
    src, cands, links, mods = _big_case(1)
    a = assess(src, "BB", "further_study", candidates=cands, unit_links=links, top_up_modules=mods)
    b = assess(src, "BB", "further_study", candidates=cands, unit_links=links, top_up_modules=mods)
    assert a == b
    assert json.dumps(a.to_dict(), sort_keys=True) == json.dumps(b.to_dict(), sort_keys=True)


def test_deterministic_under_input_order():
    outs = []
    for seed in range(5):
        src, cands, links, mods = _big_case(seed)
        outs.append(assess(src, "BB", "employment", candidates=cands, unit_links=links,
                           top_up_modules=mods).to_dict())
    assert all(o == outs[0] for o in outs)
    assert outs[0]["target_qualification_id"] == 198  # tie on everything -> lowest id


def test_decision_is_json_serialisable():
    d = run(source_qual(level=lvl("LA", "diploma")), links=ALL_EQUIV)
    json.dumps(d.to_dict(), ensure_ascii=False)


def test_purposes():
    assert normalise_purpose("Licensing") == "regulated_practice"
    assert normalise_purpose("further_study") == "further_study"
    with pytest.raises(ValueError):
        normalise_purpose("tourism")


def test_level_ref_errors():
    with pytest.raises(LookupError):
        level_ref(FRAMEWORKS, "NOPE", 1)
    with pytest.raises(LookupError):
        level_ref(FRAMEWORKS, "AA", 99)


# --- shipped data sanity --------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped():
    return {fw["code"]: fw for fw in load_frameworks()}


def _statuses(fw):
    return {lv["aqrf"]["provenance"]["status"] for lv in fw["levels"]}


def _mapping(fw):
    return [(lv["code"], lv["aqrf"]["level"]) for lv in fw["levels"]]


def test_data_file_is_valid_json_with_provenance(shipped):
    raw = json.loads(Path(DATA_PATH).read_text(encoding="utf-8"))
    assert raw["schema_version"] == 1
    for fw in shipped.values():
        for lv in fw["levels"]:
            prov = lv["aqrf"]["provenance"]
            assert set(prov) == {"status", "source", "validated_by", "date", "note"}
            assert prov["status"] in {"official", "provisional", "proposed"}
            assert prov["source"]
            assert lv["aqrf"]["level"] is None or 1 <= lv["aqrf"]["level"] <= 8
            assert lv["title"]["en"]
    assert (Path(DATA_PATH).parent / "SOURCES.md").exists()


def test_aqrf_has_8_levels_in_two_domains(shipped):
    aqrf = shipped["AQRF"]
    assert [lv["order"] for lv in aqrf["levels"]] == list(range(1, 9))
    for lv in aqrf["levels"]:
        assert set(lv["descriptors"]) == {"knowledge_and_skills", "application_and_responsibility"}
        assert all(lv["descriptors"].values())
    assert "paraphrase" in aqrf["descriptor_note"].lower()


@pytest.mark.parametrize("code,country", [("MY-MQF", "MY"), ("PH-PQF", "PH")])
def test_malaysia_philippines_official_one_to_one(shipped, code, country):
    fw = shipped[code]
    assert fw["country"] == country
    assert _mapping(fw) == [(str(n), n) for n in range(1, 9)]
    assert _statuses(fw) == {"official"}
    assert fw["referencing"]["status"] == "official" and fw["referencing"]["date"] == "2019-05"


def test_indonesia_kkni_nine_levels(shipped):
    fw = shipped["ID-KKNI"]
    assert [lv["code"] for lv in fw["levels"]] == [str(n) for n in range(1, 10)]
    assert fw["referencing"]["status"] == "official" and fw["referencing"]["date"] == "2020-06"
    assert _statuses(fw) == {"provisional"}
    aq = [lv["aqrf"]["level"] for lv in fw["levels"]]
    assert aq == sorted(aq) and aq[0] == 1 and aq[-1] == 8


def test_cambodia_proposed(shipped):
    fw = shipped["KH-CQF"]
    assert _mapping(fw) == [(str(n), n) for n in range(1, 9)]
    assert _statuses(fw) == {"proposed"}
    assert "No published AQRF referencing" in fw["levels"][0]["aqrf"]["provenance"]["note"]


def test_lao_nvqf_five_levels_proposed(shipped):
    fw = shipped["LA-NVQF"]
    titles = [lv["title"]["en"] for lv in fw["levels"]]
    assert titles == ["Certificate I", "Certificate II", "Certificate III", "Diploma", "High Diploma"]
    assert _statuses(fw) == {"proposed"}
    aq = [lv["aqrf"]["level"] for lv in fw["levels"]]
    assert aq == sorted(aq) and aq[0] in (1, 2) and aq[-1] == 5


def test_china_eight_levels_with_chinese_names_proposed(shipped):
    fw = shipped["CN-VSL"]
    zh = [lv["title"]["zh-hans"] for lv in fw["levels"]]
    assert zh == ["学徒工", "初级工", "中级工", "高级工", "技师", "高级技师", "特级技师", "首席技师"]
    en = [lv["title"]["en"].lower() for lv in fw["levels"]]
    assert en[0] == "apprentice" and en[-1] == "chief technician"
    assert _statuses(fw) == {"proposed"}
    assert [o["title"]["zh-hans"] for o in fw["older_scheme"]] == [
        "初级工", "中级工", "高级工", "技师", "高级技师"]


def test_myanmar_skills_framework_without_aqrf_referencing(shipped):
    fw = shipped["MM-NSQF"]
    assert fw["country"] == "MM" and "nssa.gov.mm" in fw["source"]
    titles = [lv["title"]["en"] for lv in fw["levels"]]
    assert titles == ["Certificate 1 (Semi-skilled worker)", "Certificate 2 (Skilled worker)",
                      "Certificate 3 (Advanced skilled worker)", "Certificate 4 (Supervisory)"]
    assert all(lv["aqrf"]["level"] is None for lv in fw["levels"])  # no published referencing: none invented
    assert "MNQF" in fw["levels"][0]["aqrf"]["provenance"]["note"]


def test_no_unlisted_official_mappings(shipped):
    official = {code for code, fw in shipped.items() if "official" in _statuses(fw)}
    assert official == {"AQRF", "MY-MQF", "PH-PQF"}
