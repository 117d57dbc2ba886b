"""General mechanisms added after the blind set q of the evaluation articles (issue 12, eighth round): the place
gazetteer built from GeoNames and ISO 3166-2 (tools/build_places.py) with the rules that read it, and the classes of
organisation, area and agreement errors seen on q with the remaining ones of p and n, each tested on sentences
written for the test with hand-written expectations (pure pytest, no database)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from skillsnet.ingest.extract import extract  # noqa: E402

PAD = "两校代表在会上介绍了各自学校的办学情况和国际合作现状。"  # enough Chinese text to be read as Chinese


def places(text):
    return {p.name: p.country for p in extract(text).places}


def org_names(draft):
    return {o.canonical_name for o in draft.organisations} | {a for o in draft.organisations for a in o.aliases}


def areas(text):
    return {a.code for a in extract(text).areas}


# --------------------------------------------------------------------------- the place gazetteer


def test_the_place_gazetteer_is_generated_attributed_and_large():
    data = json.loads((ROOT / "src/skillsnet/ingest/data/places.json").read_text(encoding="utf-8"))
    assert "GeoNames" in data["_attribution"] and "CC BY 4.0" in data["_attribution"]
    assert "tools/build_places.py" in data["_doc"]
    assert (ROOT / "tools/build_places.py").exists()
    # far more than the hand list (Indonesia 16 names, Thailand 12, Vietnam 9 ...)
    for cc, least in (("CN", 1000), ("ID", 200), ("TH", 100), ("VN", 150), ("MY", 100), ("PH", 200), ("MM", 50)):
        assert len(data["cities"][cc]) >= least, cc
    assert "Bogor" in data["cities"]["ID"] and "泗水" in data["cities"]["ID"]["Surabaya"]["zh"]
    assert "East Java" in data["subdivisions"]["ID"] and "Guangxi" in data["subdivisions"]["CN"]
    # a long official name is also kept under the short form it is known by
    assert "Ayutthaya" in data["cities"]["TH"]


def test_a_city_unknown_to_the_hand_list_followed_by_its_country_is_a_place():
    assert places("The memorandum was signed in Bogor, Indonesia, on Tuesday.").get("Bogor") == "ID"
    assert places("A skills course opened in Hai Duong, Vietnam, for 40 welders.").get("Hai Duong") == "VN"
    assert places("The Luban Workshop in Ayutthaya, Thailand, marked its anniversary.").get("Ayutthaya") == "TH"
    # after an organisation's name only when the sentence reports the activity
    assert "Guiyang" in places("The letter was signed at the forum of the Education Week (EW) in Guiyang, China recently.")
    # but no place without its context: a place to come, a country that is not the city's, a city named alone
    assert "Bogor" not in places("The college will hold the forum in Bogor, Indonesia next year.")
    assert "Bogor" not in places("The delegation met students in Bogor, Malaysia.")
    assert "Bogor" not in places("Bogor, the city of rain, has a new polytechnic.")
    # the big list does not reach the person heuristics: a syllable of a name stays a name
    draft = extract("President Anda Bole of the college met the delegation in Bogor, Indonesia, on Monday.")
    assert "Bogor" in {p.name for p in draft.places} and not {"Anda", "Bole"} & {p.name for p in draft.places}


def test_a_subdivision_of_the_gazetteer_is_a_province():
    got = {p.name: p.kind for p in extract("The training was held in Central Kalimantan, Indonesia, on 5 May 2024.").places}
    assert got.get("Central Kalimantan") == "province"


def test_chinese_a_clause_opened_by_the_city_of_a_visit_is_a_place():
    got = places(PAD + "在河内,我校副校长王明带领的代表团一行还应邀参加了校庆活动。")
    assert got.get("河内") == "VN"
    # no visit or activity in the clause: no place
    assert "河内" not in places(PAD + "在河内,职业教育的需求很大。")


def test_chinese_a_gazetteer_city_is_a_place_but_not_when_it_opens_an_organisations_name():
    assert places(PAD + "培训班开班仪式在越南岘港举行。").get("岘港") == "VN"
    assert "温州" not in places(PAD + "联盟年会在温州职业技术学院召开。")
    # the project's own list keeps its earlier reading
    assert "南宁" in places(PAD + "论坛在南宁举行。")


# --------------------------------------------------------------------------- areas


def test_faculty_trained_together_is_faculty_development():
    assert "faculty_development" in areas("The partners agreed on co-training faculty for the new programmes.")
    assert "faculty_development" in areas(PAD + "双方将在师资共育方面开展合作。")


def test_a_common_curriculum_and_majors_built_jointly_are_joint_curriculum_design():
    assert "joint_curriculum_design" in areas("The college will help its partner to foster a standardized curriculum.")
    assert "joint_curriculum_design" in areas("They discussed the joint construction of logistics - related majors.")
    assert "joint_curriculum_design" in areas(PAD + "双方围绕双语课程资源开发进行了交流。")
    # a curriculum merely mentioned is no cooperation on it
    assert "joint_curriculum_design" not in areas("The curriculum of the college is taught in English.")


def test_chinese_mutual_visits_of_teachers_and_students_and_recruiting_foreign_students():
    assert "exchange_of_trainers_and_trainees" in areas(PAD + "双方就师生互访达成共识。")
    assert "exchange_of_trainers_and_trainees" in areas(PAD + "会谈围绕招收留学生等事项展开。")


def test_chinese_technology_shared_is_exchange_of_technical_expertise():
    assert "exchange_of_technical_expertise" in areas(PAD + "希望在课程、师资、技术共享等方面合作。")
    # a technical exchange centre is the name of a body, not the area
    assert "exchange_of_technical_expertise" not in areas(PAD + "云南国际经济技术交流中心主任出席。")


# --------------------------------------------------------------------------- organisations (Chinese)


def test_chinese_a_province_named_vocational_college_with_its_field_is_a_name():
    got = org_names(extract(PAD + "河南理工职业学院党委书记李明出席仪式。"))
    assert "河南理工职业学院" in got


def test_chinese_a_committee_whose_field_ends_in_jiao_is_not_cut_at_jiaowei():
    # 教委 (an education commission) is a suffix, but 宗教委员会 is a committee of religion
    got = org_names(extract(PAD + "校长王明和缅甸宗教委员会副主席吴敏出席。"))
    assert "缅甸宗教委员会" in got
    assert "北京市教委" in org_names(extract(PAD + "北京市教委与泰国教育部签署协议。"))


def test_chinese_a_party_working_committee_is_a_body():
    assert "广西区委教育工委" in org_names(extract(PAD + "广西区委教育工委委员张华出席。"))


def test_chinese_the_alliance_for_building_a_body_is_one_name():
    assert "中文工坊建设联盟" in org_names(extract(PAD + "学校将与中文工坊建设联盟共同开展认定。"))


def test_chinese_the_partner_enterprise_before_a_company_is_not_part_of_its_name():
    got = org_names(extract(PAD + "活动由合作企业宏达科技集团有限公司牵头。"))
    assert "宏达科技集团有限公司" in got and "合作企业宏达科技集团有限公司" not in got


def test_chinese_a_region_of_a_country_is_no_body():
    got = org_names(extract(PAD + "项目助力越南北部工业走廊建设。"))
    assert "越南北部" not in got and not any(n.endswith("北部") for n in got)


def test_chinese_a_year_and_a_verb_before_with_do_not_open_a_faculty_name():
    got = org_names(extract(PAD + "学院自2019年开始与万象技术学院开展合作。"))
    assert "万象技术学院" in got and not any(n.startswith("年") for n in got)


# --------------------------------------------------------------------------- people


def people(text):
    return {p.name for p in extract(text).people}


def test_malaysian_styles_before_a_name_are_honorifics():
    assert people("The forum was opened by Datuk Seri Dr Rahman Yusof Ismail on Monday.") == {"Rahman Yusof Ismail"}
    assert people("Tourism Minister Datuk Seri Lina Hassan said the course would continue.") == {"Lina Hassan"}
    assert "Azman bin Hashim" in people("The guest of honour, Yang Amat Berhormat Dato' Seri Azman bin Hashim, spoke next.")


def test_a_lower_case_title_after_its_organisations_acronym_then_the_name():
    got = {p.name: p.title for p in extract("The list was released by MTUN secretary-general Farid Osman (pix) on Monday.").people}
    assert got.get("Farid Osman") == "secretary-general"
    assert "Lim Wei Jie" in people("Also present was the EMB acting director, Lim Wei Jie.")
    # no title word: no person
    assert not people("The award went to MTUN partner Gold Coast Holdings on Monday.")


def test_a_name_closed_by_a_possessive_after_a_title():
    assert "Zhao Lei" in people("The centre opened during Vice-Minister Zhao Lei’s visit to the province.")


# --------------------------------------------------------------------------- agreements


def agreements(text):
    return [sorted(a.parties) for a in extract(text).agreements]


def test_each_signer_of_a_list_signs_its_own_letter_of_intent_with_the_partner():
    text = ("Three universities signed letters of intent with the Yunnan Institute of Technology (YIT) in Kunming, China. "
            "The ministry said the universities, namely Universiti Sains Pahang (USP), Universiti Teknologi Johor (UTJ) "
            "and Universiti Malaysia Kedah (UMK), each signed a LOI.")
    got = agreements(text)
    for u in ("Universiti Sains Pahang", "Universiti Teknologi Johor", "Universiti Malaysia Kedah"):
        assert sorted([u, "Yunnan Institute of Technology"]) in got, got


def test_the_parties_named_between_of_a_signing_ceremony_whatever_their_kind():
    text = ("On 3 May 2024, the cooperation signing ceremony for the youth skills project between Golden Bridge Education "
            "Group and Pertubuhan Belia Mahir Kebangsaan (PBMK) was held in Kuala Lumpur.")
    assert sorted(["Golden Bridge Education Group", "Pertubuhan Belia Mahir Kebangsaan"]) in agreements(text)


# --------------------------------------------------------------------------- organisations (English)


def test_a_one_word_firm_after_the_noun_that_says_it_is_a_firm():
    got = {o.canonical_name: o.kind for o in extract("The trainees visited the workshops and partner enterprise "
                                                     "Voltaro, learning how batteries are assembled.").organisations}
    assert got.get("Voltaro") == "company"
    # a country after the noun is no firm
    assert "Vietnam" not in org_names(extract("Every company Vietnam hosts was invited."))


def test_a_spaced_dash_between_two_countries_belongs_to_the_name():
    got = org_names(extract("The Laos - China Skills Cooperation Center was launched in Vientiane on Monday."))
    assert any(n.startswith("Laos - China") or n.startswith("Laos-China") for n in got), got


def test_the_training_centre_named_without_its_distinctive_words_is_no_new_body():
    got = org_names(extract("The delegation met Ms Dara Sok, Director of the Takeo Provincial Training Center. "
                            "They also met the deputy director of the Training Center."))
    assert "Training Center" not in got


def test_chinese_online_in_a_programmes_kind_or_an_earlier_dated_event_is_not_the_place():
    assert "online" not in places(PAD + "5月8日,2025“中文+技能”线上研修项目开营仪式在万象技术学院举行。")
    assert "online" not in places(PAD + "5月8日,代表团来访。2021年6月学校师生线上参加了东盟青年论坛。")
    # the activity itself online still is
    assert "online" in places(PAD + "5月8日,双方通过线上方式举行会谈。")


# --------------------------------------------------------------------------- counts


def counts(text):
    return {(c.value, c.qualifier) for c in extract(text).counts}


def test_the_members_of_an_n_member_delegation_are_counted():
    assert (7, "exactly") in counts("On 4 June, a seven-member delegation from the ministry visited the college.")


def test_an_area_in_acres_or_hectares_is_no_count():
    got = counts("The campus covers nearly 120 acres and 35 hectares of farms, with over 3,000 students.")
    assert (3000, "more_than") in got and not {v for v, _ in got} & {120, 35}


# --------------------------------------------------------------------------- the blind set q itself


def test_blind_set_q_is_sourced_its_blind_score_kept_and_its_studied_figures_hold():
    from skillsnet.ingest.evaluate import FieldScore, evaluate

    here = Path(__file__).resolve().parent / "gold_eval"
    golds = sorted(here.glob("q*.json"))
    assert len(golds) >= 12 and all(p.with_suffix(".txt").exists() for p in golds)
    sources = [json.loads(p.read_text(encoding="utf-8"))["source"] for p in golds]
    assert sum(s["language"] == "zh" for s in sources) >= 4
    assert all(s["split"] == "q" and s["url"].startswith("http") for s in sources)
    # Southeast Asian outlets among them (Malay Mail, The Sun of Malaysia, vietnam.vn)
    assert sum(any(o in s["url"] for o in ("malaymail", "thesun.my", "vietnam.vn")) for s in sources) >= 2
    # no article of an earlier split again
    earlier = {json.loads(p.read_text(encoding="utf-8"))["source"]["url"] for p in here.glob("[dhfgkmnp]*.json")}
    assert not earlier & {s["url"] for s in sources}
    kept = (here / "blind_q_scores.out").read_text(encoding="utf-8")
    assert "(12 articles)" in kept and "organisations │      0.82 │   0.83 │ 0.82" in kept
    assert "places        │      0.33 │   0.29 │ 0.31" in kept and "agreements    │      1.00 │   0.17 │ 0.29" in kept
    errors = (here / "blind_q_errors.out").read_text(encoding="utf-8")
    assert errors.startswith("Errors (--verbose-errors) of the blind run on q")
    # q was studied after its blind run (eighth round): floors just below the figures reported in the README
    q = evaluate(here, only="q")
    for f in ("organisations", "people", "areas", "agreements"):
        assert q[f].f1 >= 0.88, (f, q[f].as_dict(detail=False))
    for f in ("counts", "places", "activity_kind"):
        assert q[f].f1 >= 0.78, (f, q[f].as_dict(detail=False))
    assert q["dates"].f1 >= 0.74, q["dates"].as_dict(detail=False)
    # the whole set of 93 articles after the eighth round, and the 81 of d to p (no field below the seventh round)
    # (the 93 articles only: a later blind set scored with them would measure something else)
    everything = {f: FieldScore() for f in q.fields}
    for split in "dhfgkmnpq":
        part = evaluate(here, only=split)
        for f in everything:
            everything[f].add(part[f])
    for f in ("organisations", "people", "dates", "counts", "places", "areas"):
        assert everything[f].f1 >= 0.93, (f, everything[f].as_dict(detail=False))
    for f in ("activity_kind", "agreements"):
        assert everything[f].f1 >= 0.89, (f, everything[f].as_dict(detail=False))
    before = {f: FieldScore() for f in q.fields}
    for split in "dhfgkmnp":
        part = evaluate(here, only=split)
        for f in before:
            before[f].add(part[f])
    for f in ("organisations", "people", "dates", "counts", "places", "areas", "activity_kind"):
        assert before[f].f1 >= 0.93, (f, before[f].as_dict(detail=False))
    assert before["agreements"].f1 >= 0.87, before["agreements"].as_dict(detail=False)


# --------------------------------------------------------------------------- dates and activity kind


def test_chinese_a_year_opening_a_clause_with_a_verb_is_a_date_not_part_of_an_events_name():
    got = {(d.start, d.precision) for d in extract(PAD + "2018年学院师生赴老挝参加职业技能交流活动。").dates}
    assert ("2018", "year") in got
    # a year opening an event's name stays part of the name
    assert not extract(PAD + "2024年世界职业技术教育发展大会在天津召开。").dates


def test_a_luban_workshop_is_a_facility_not_a_workshop_held():
    draft = extract("The Luban Workshop in Vientiane welcomed 40 new students on Monday, and the Luban Workshop "
                    "has trained 900 people since it opened.")
    assert draft.activity_kind != "peer_to_peer_workshop"


def test_chinese_the_topics_of_a_talk_are_not_the_activity():
    text = (PAD + "11月5日,代表团访问了万象职业技术学院,双方围绕职业技能大赛、技能大赛培训、学生竞赛等事项深入交流,"
            "并参观了实训基地。代表团一行还访问了当地两所中学。")
    assert extract(text).activity_kind == "exchange_visit"
