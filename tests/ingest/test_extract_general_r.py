"""General mechanisms added after the blind set r of the evaluation articles (issue 12, ninth round): the classes of
errors seen on r (Cambodia, Indonesia, Myanmar) with the remaining ones of the earlier sets, each tested on sentences
written for the test with hand-written expectations (pure pytest, no database)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from skillsnet.ingest._text import strip_reading_marks  # noqa: E402
from skillsnet.ingest.extract import extract  # noqa: E402
from tests.ingest._studied import part, studied  # noqa: E402

PAD = "兩校代表在會上介紹了各自學校的辦學情況和國際合作現狀,雙方表示將繼續加強交流。"  # traditional script


def org_names(draft):
    return {o.canonical_name for o in draft.organisations} | {a for o in draft.organisations for a in o.aliases}


# --------------------------------------------------------------------------- pinyin readings left by page copies


def test_pinyin_readings_printed_after_characters_are_dropped_before_reading():
    assert strip_reading_marks("發(fā)展職業(yè)教育") == "發展職業教育"
    # a bracket that is not a reading stays: a code, an acronym, a word in Latin letters, a reading after no character
    for kept in ("學院(CN)", "學院(NPIC)", "Ruili(ruili)", "(yè)", "學院(2024)"):
        assert strip_reading_marks(kept) == kept


def test_a_name_cut_by_readings_is_read_whole():
    text = "日前,雲南民族大學(xué)與緬甸曼德勒理工大學(xué)簽署合作協(xié)議,共建職業(yè)教育培訓(xùn)基地。" + PAD
    names = org_names(extract(text))
    assert "雲南民族大學" in names and "緬甸曼德勒理工大學" in names
    assert not any("(" in n for n in names)


# --------------------------------------------------------------------------- areas of cooperation


def areas(text):
    return {a.code for a in extract(text).areas}


def test_area_cues_of_certificates_common_courses_and_language_trained_with_something_else():
    text = "兩國院校將共同開設共同課程,並開展語言與技能訓練,建立證照互通機制。" + PAD
    got = areas(text)
    assert {"joint_curriculum_design", "language_training", "skills_recognition"} <= got
    # a language named with a cultural activity is no language training
    assert "language_training" not in areas("學生參加了語言與文化活動,並參觀了校園。" + PAD)


def test_teachers_counted_among_those_a_plan_trains_are_faculty_development():
    assert "faculty_development" in areas("該計劃三年內培訓千名青年技能人才、百名院校專業教師。" + PAD)
    assert "faculty_development" not in areas("該計劃三年內培訓千名青年技能人才和百名企業員工。" + PAD)


def test_english_cues_for_jobs_research_and_teachers_trained():
    assert "employment_services" in areas("The firms will sign agreements on the recruitment of local talents next month.")
    assert "employment_services" in areas("The fair aims to provide job opportunities for vocational graduates.")
    assert "employment_services" not in areas("The deal will open up job opportunities in the region.")
    assert "research" in areas("Both sides agreed on joint scientific research in agriculture.")
    assert "faculty_development" in areas("Some 150 vocational school teachers from ten provinces have received online training on tourism.")
    assert "faculty_development" in areas("They explored cooperation in capacity building of both faculty and students.")
    assert "faculty_development" not in areas("Some 150 vocational school students have received online training on tourism.")


# --------------------------------------------------------------------------- organisation names in English


def names_in(text):
    return [o.canonical_name for o in extract(text).organisations]


def test_a_body_named_after_its_members_or_an_embassy_keeps_the_country_it_sits_in():
    assert "Association of Thai Students in China" in names_in(
        "Mr. Somchai, chairman of the Association of Thai Students in China, spoke at the event.")
    assert "Embassy of Indonesia in Laos" in names_in("A counsellor of the Embassy of Indonesia in Laos attended the talks.")
    # a college is not named by the city it stands in
    assert names_in("Yunnan Agricultural University in Kunming signed the letter.") == ["Yunnan Agricultural University"]


def test_a_unit_of_a_vocational_and_technical_college_does_not_cut_the_college_name():
    got = names_in("Mr. Li, Director of International Office of Ningbo Vocational and Technical College, attended.")
    assert "Ningbo Vocational and Technical College" in got
    assert not any(n.endswith("Ningbo Vocational") for n in got)


def test_a_state_formal_name_is_no_organisation():
    assert names_in("The forum took place in Yangon, the Republic of the Union of Myanmar, last week.") == []
    assert names_in("Delegates from the Kingdom of Cambodia visited the college.") == []


# --------------------------------------------------------------------------- people in Chinese text

ZH_PAD = "两校代表在会上介绍了各自学校的办学情况和国际合作现状。"


def people(text):
    return {p.name: p.title for p in extract(text + ZH_PAD).people}


def test_an_assistant_title_and_a_latin_name_after_a_weak_title_or_a_degree():
    got = people("中方院长李明、院长助理赵国强(Sok Dara)出席了签约仪式。")
    assert got.get("赵国强") == "院长助理" and "李明" in got
    assert "Sok Dara" in people("老挝学员代表Sok Dara称,此次培训让她收获很大。")
    assert "Nay Lin Aung" in people("项目负责人、仰光大学博士Nay Lin Aung表示,项目成效明显。")


def test_told_to_the_reporter_is_no_name():
    assert people("项目负责人向记者介绍,工坊已建成12间教室。") == {}


# --------------------------------------------------------------------------- counts told twice


def counts(text):
    return sorted((c.value, c.qualifier) for c in extract(text).counts)


def test_a_number_told_twice_is_one_count():
    # a Chinese headline and its first sentence, in other words after the noun
    text = "800余名老挝学员线上参加技能培训\n近日,800余名老挝学员通过线上课程学习了电工技能。" + ZH_PAD
    assert counts(text).count((800, "more_than")) == 1
    # "5万余人": a number with 万 and 余 before its classifier, read once and as more than
    text = "在该市务工的外籍人员多达3万余人。" + ZH_PAD
    assert counts(text) == [(30000, "more_than")]
    # an English headline that the body qualifies
    text = "China Trains 150 Lao Vocational Teachers\n\nAt least 150 vocational teachers from Laos have received training online."
    assert counts(text) == [(150, "at_least")]


# --------------------------------------------------------------------------- agreements and their parties


def test_a_college_named_by_two_fields_after_its_country_and_namesake_is_one_name():
    text = "7月11日,柬埔寨王家研究院孔子学院和柬埔寨洪森农业与水利学院举行合作谅解备忘录签署仪式。" + ZH_PAD
    d = extract(text)
    assert "柬埔寨洪森农业与水利学院" in org_names(d)
    assert [sorted(a.parties) for a in d.agreements] == [sorted(["柬埔寨王家研究院孔子学院", "柬埔寨洪森农业与水利学院"])]
    # a delegation before 与 is a partner, not a field of the name
    assert "金边理工学院" in org_names(extract("昨天,柬埔寨代表团与金边理工学院签署了协议。" + ZH_PAD))


def test_the_signing_ceremony_between_two_bodies_names_the_parties_of_the_agreement_reported():
    text = ("A Lao company and a Chinese university reached a cooperation agreement in Vientiane on Monday.\n"
            "The signing ceremony between Phonsack Mining Ltd and Kunming Metallurgy College for the establishment "
            "of the Mekong Technical Institute was held at the Lao National Convention Hall.")
    assert [sorted(a.parties) for a in extract(text).agreements] == [["Kunming Metallurgy College", "Phonsack Mining Ltd"]]


# --------------------------------------------------------------------------- dates


def dates(text):
    return [(d.text, d.start) for d in extract(text).dates]


def test_last_month_for_a_year_and_this_year_written_out():
    assert ("last March", "2022-03") in dates("Monday, 16 May 2022\n\nThe college reopened its workshop last March.")
    assert ("last May", "2021-05") in dates("Monday, 16 May 2022\n\nThe college reopened its workshop last May.")
    assert ("For 2025", "2025") in dates("For 2025, the ministry has set aside 300 places for Lao trainees.")
    assert ("this year (2024)", "2024") in dates("NP News - Sep 17\n\nThe ministry opens two schools this year (2024).")


def test_teachers_who_received_a_short_training_report_a_training_programme():
    text = ("China Gives Training to 80 Lao Teachers\n\nAt least 80 vocational teachers from Laos have received "
            "short training on hotel services from a Chinese college online, the embassy said on Sunday.")
    assert extract(text).activity_kind == "training_programme"


def test_a_title_joining_two_fields_at_an_organisation_then_the_name_between_commas():
    text = "According to the Trade and Investment Counsellor at the Lao Embassy in Hanoi, Bounmy Phommasack, the course began."
    got = {p.name: (p.title, p.organisation) for p in extract(text).people}
    assert got == {"Bounmy Phommasack": ("Trade and Investment Counsellor", "Lao Embassy in Hanoi")}


def test_the_luban_workshop_named_alone_is_the_programme_a_located_one_an_institution():
    d = extract("天津职业院校在海外建设鲁班工坊,培养当地技术人才。" + ZH_PAD)
    assert [o.canonical_name for o in d.programmes] == ["鲁班工坊"] and not d.organisations
    d = extract("泰国鲁班工坊于2016年成立。鲁班工坊为泰国年轻人打开大门。" + ZH_PAD)
    assert "泰国鲁班工坊" in org_names(d)


def test_a_field_spelled_out_before_a_generic_acronym_is_no_organisation():
    assert names_in("The forum brought together Higher Technical Education Training (TVET) leaders from Laos.") == []
    assert names_in("The firm Indo Paku Bumi (IPB) trained 19 students.") == ["Indo Paku Bumi"]


# --------------------------------------------------------------------------- the blind set r itself


def _blind_set(split, earlier):
    """(folder, kept blind scores) of a blind set, after checking it: at least 12 sourced articles of its split, 4
    in Chinese, none of an earlier split (the `earlier` glob of stems) again."""
    here = Path(__file__).resolve().parent / "gold_eval"
    golds = sorted(here.glob(f"{split}*.json"))
    assert len(golds) >= 12 and all(p.with_suffix(".txt").exists() for p in golds)
    sources = [json.loads(p.read_text(encoding="utf-8"))["source"] for p in golds]
    assert sum(s["language"] == "zh" for s in sources) >= 4
    assert all(s["split"] == split and s["url"].startswith("http") for s in sources)
    urls = {json.loads(p.read_text(encoding="utf-8"))["source"]["url"] for p in here.glob(f"{earlier}*.json")}
    assert not urls & {s["url"] for s in sources}
    return here, (here / f"blind_{split}_scores.out").read_text(encoding="utf-8")


def test_blind_set_r_is_sourced_its_blind_score_kept_and_its_studied_figures_hold():

    here, kept = _blind_set("r", earlier="[dhfgkmnpq]")
    assert "(12 articles)" in kept and "organisations │      0.72 │   0.67 │ 0.70" in kept
    assert "areas         │      1.00 │   0.31 │ 0.48" in kept and "agreements    │      0.00 │   0.00 │ 0.00" in kept
    assert "FN areas" in (here / "blind_r_errors.out").read_text(encoding="utf-8")
    # (one run over the 105 articles, its per-article scores summed by split: the suite stays short)
    everything = studied()  # the studied sets, evaluated once (tests/ingest/_studied.py)


    # r was studied after its blind run (ninth round): floors just below the figures reported in the README
    r = part(everything, "r")
    for f in ("people", "dates", "counts", "areas", "agreements"):
        assert r[f].f1 >= 0.9, (f, r[f].as_dict(detail=False))
    for f in ("organisations", "places", "activity_kind"):
        assert r[f].f1 >= 0.75, (f, r[f].as_dict(detail=False))
    # the whole set of 129 articles after the eleventh round (t studied; organisations 0.938, t's names in Chinese
    # and in traditional script weighing), and the 93 of d to q (no field below the eighth round)
    assert everything["organisations"].f1 >= 0.93, everything["organisations"].as_dict(detail=False)
    for f in ("people", "dates", "counts"):
        assert everything[f].f1 >= 0.94, (f, everything[f].as_dict(detail=False))
    for f in ("places", "areas"):
        assert everything[f].f1 >= 0.92, (f, everything[f].as_dict(detail=False))
    assert everything["activity_kind"].f1 >= 0.9 and everything["agreements"].f1 >= 0.86
    before = part(everything, "dhfgkmnpq")
    for f in ("organisations", "people", "dates", "counts", "places", "areas"):
        assert before[f].f1 >= 0.94, (f, before[f].as_dict(detail=False))
    assert before["activity_kind"].f1 >= 0.92 and before["agreements"].f1 >= 0.9


def test_a_counted_noun_after_a_modifier_and_its_de():
    got = [(c.value, c.counted) for c in extract("学校将培养五千名具有国际视野的技术人才,首批将培训五千名柬埔寨技术人才。" + ZH_PAD).counts]
    assert got == [(5000, "技术人才")]
    got = [(c.value, c.counted) for c in extract("共有30名来自老挝的学员参加培训。" + ZH_PAD).counts]
    assert got == [(30, "学员")]


# --------------------------------------------------------------------------- places


def test_where_the_institution_stands_is_the_place_when_nothing_else_is_found():
    got = [(p.name, p.country) for p in extract("位于万象的老挝国立大学有一座新的实训楼,学生人数屡创新高。" + ZH_PAD).places]
    assert got == [("万象", "LA")]
    # not when the event's own place is found
    text = "日前,合作论坛在南宁举行。与会的老挝国立大学位于万象,学生人数屡创新高。" + ZH_PAD
    assert [p.name for p in extract(text).places] == ["南宁"]


def test_blind_set_s_is_sourced_and_its_blind_score_kept():
    """Set s was collected during the ninth round by another hand, committed before any run and scored once, blind,
    after the round: its output is kept unchanged and it is not among the studied sets of the floors above."""
    here, kept = _blind_set("s", earlier="[dhfgkmnpqr]")
    assert "(12 articles)" in kept and "organisations │      0.81 │   0.85 │ 0.83" in kept
    assert "agreements    │      0.50 │   0.17 │ 0.25" in kept
    assert "FN areas" in (here / "blind_s_errors.out").read_text(encoding="utf-8")
