"""General mechanisms added after the blind set u of the evaluation articles (issue 12, twelfth round): the classes
of errors seen on u (Lao PDR, Cambodia, Myanmar, Indonesia, Thailand, Malaysia, the Philippines, Vietnam) with the
remaining ones of the earlier sets, each tested on sentences written for the test with hand-written expectations
(pure pytest, no database)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from skillsnet.ingest.extract import extract  # noqa: E402
from tests.ingest._probes import (  # noqa: E402
    ZH_PAD, EN_PAD, all_org_names, areas, counts, dates, kind, orgs, people, places)
from tests.ingest._studied import part, studied  # noqa: E402

# --------------------------------------------------------------------------- organisations in Chinese


def test_a_verb_or_adverb_before_a_chinese_name_is_not_part_of_it():
    text = "3月2日,老挝教育代表团莅临柳州城市职业学院考察,双方迎来新的合作机遇。" + ZH_PAD
    assert "柳州城市职业学院" in orgs(text)
    assert not any(o.startswith(("莅临", "迎来")) for o in orgs(text))


def test_a_verb_before_a_bare_school_noun_names_no_school():
    text = "此次来访将进一步推进学校国际化办学,开启学校对外合作新篇章,推进学院专业建设。" + ZH_PAD
    assert not any(o.endswith(("学校", "学院")) for o in orgs(text))


def test_cadres_a_side_s_government_and_a_kind_of_school_are_no_names():
    text = ("柬埔寨高级干部考察团一行参观了实训基地。韩方政府主管部门考察了项目。"
            "双方探讨了中等职业学校和初等职业学校的教学改革。" + ZH_PAD)
    found = orgs(text)
    assert not any(o.endswith("干部") for o in found)
    assert "韩方政府" not in found
    assert "中等职业学校" not in found and "初等职业学校" not in found


def test_a_conference_centre_and_a_university_of_applied_technology_as_kinds_name_nothing():
    text = "代表团在会议中心进行了会谈。联盟由职业院校、应用技术大学和行业企业共同发起。" + ZH_PAD
    found = orgs(text)
    assert "会议中心" not in found and "应用技术大学" not in found


def test_peace_and_harmony_are_words_of_a_name_not_and():
    text = "6月8日,中老和平职业技术学院在万象揭牌。" + ZH_PAD
    assert "中老和平职业技术学院" in orgs(text)
    # (but 和 before 合作 or 合肥 is still "and")
    text = "6月8日,昆明冶金高等专科学校和合肥职业技术学院及其合作企业代表出席。" + ZH_PAD
    assert "合肥职业技术学院" in orgs(text)


def test_the_east_and_the_south_open_names_though_a_country_s_side_does_not():
    text = "东方职业技术学院与南方科技大学签署协议,英方政府和泰方企业代表出席。" + ZH_PAD
    found = orgs(text)
    assert {"东方职业技术学院", "南方科技大学"} <= found
    assert "英方政府" not in found and "泰方企业" not in found


def test_a_college_named_right_after_the_college_that_founded_it_is_its_own_name():
    text = "5月10日,金华职业技术学院中柬丝路学院在金边揭牌。" + ZH_PAD
    found = orgs(text)
    assert "中柬丝路学院" in found and "金华职业技术学院" in found


def test_think_tanks_and_factories_are_organisations_but_not_factory_buildings():
    text = ("学校与老挝万象智库签署了合作备忘录。泰国北榄糖厂副厂长出席仪式。"
            "项目包括新建培训厂房和仿真工厂。" + ZH_PAD)
    found = orgs(text)
    assert "老挝万象智库" in found and "泰国北榄糖厂" in found
    assert not any(o.endswith(("厂房", "培训厂", "仿真工厂")) for o in found)


def test_a_quoted_slogan_opens_the_name_of_a_generic_body():
    text = "学校加入了“丝路工匠”教育联盟,并参加了“一带一路”沿线国家政府部门的会议。" + ZH_PAD
    found = orgs(text)
    assert "丝路工匠教育联盟" in {o.replace('"', "").replace("“", "").replace("”", "") for o in found}
    assert not any("沿线国家政府" in o for o in found)


def test_short_forms_of_a_college_and_a_mention_dropping_one_modifier_are_aliases():
    text = ("日前,泰国清迈高级职业技术学院代表团访问南宁职业技术学院。清迈职业技术学院院长表示感谢,"
            "南宁职院副校长介绍了学校情况。" + ZH_PAD)
    names = all_org_names(text)
    found = orgs(text)
    assert "清迈职业技术学院" not in found and "南宁职院" not in found  # one organisation each, not two
    assert {"泰国清迈高级职业技术学院", "南宁职业技术学院"} <= found
    assert {"清迈职业技术学院", "南宁职院"} <= names


def test_a_company_s_short_name_and_a_college_s_short_name_are_the_parties_of_an_agreement():
    text = ("近日,金华职业技术学院与浙江华东机械股份有限公司在金华举行合作交流会。"
            "会上,金职院与华东机械签署了共建产业学院的合作协议。" + ZH_PAD)
    d = extract(text)
    assert any(set(a.parties) == {"金华职业技术学院", "浙江华东机械股份有限公司"} for a in d.agreements), d.agreements


# --------------------------------------------------------------------------- organisations in English


def test_a_title_case_headline_s_verb_is_no_word_of_a_name():
    text = ("Delegation of Lao Skills Council Visits Nanning Polytechnic College\n\n"
            "On May 3, a delegation of the Lao skills council visited Nanning Polytechnic College. " + EN_PAD)
    found = orgs(text)
    assert "Nanning Polytechnic College" in found
    assert not any("Visits" in o for o in found)


def test_a_unit_s_second_name_in_brackets_is_an_alias_and_a_unit_keeps_whom_it_serves():
    text = ("Chen Li, Director of the Personnel Department (Human Resources Office), and the head of the Student "
            "Services Office attended. " + EN_PAD)
    d = extract(text)
    names = [[o.canonical_name, *o.aliases] for o in d.organisations]
    assert any({"Personnel Department", "Human Resources Office"} <= set(n) for n in names), names
    assert "Student Services Office" in {o.canonical_name for o in d.organisations}
    assert "Services Office" not in {o.canonical_name for o in d.organisations}


def test_the_host_s_party_committee_is_no_name():
    text = "Wang Tao, Member of the College Party Committee and Vice President, spoke at the event. " + EN_PAD
    assert not any("Party Committee" in o for o in orgs(text))


# --------------------------------------------------------------------------- people


def test_any_dot_look_alike_joins_a_transliterated_name_and_a_department_before_it_is_not_part_of_it():
    text = ("老挝劳动和社会福利部技能司本森﹒坎蒙副司长出席开班仪式。印尼代表阿里•苏尔约发表讲话。" + ZH_PAD)
    names = people(text)
    assert "本森·坎蒙" in names and "阿里·苏尔约" in names
    assert not any(n.startswith("技能司") for n in names)


def test_two_or_three_character_names_after_titles_and_before_them_with_common_surnames():
    text = ("国务院副总理刘明发表视频致辞。糖厂副厂长苏达拉感谢各方支持。"
            "国际交流学院管文斌院长及相关人员参与接待。" + ZH_PAD)
    names = people(text)
    assert names.get("刘明") == "副总理"
    assert names.get("苏达拉") == "副厂长"
    assert names.get("管文斌") == "院长"


def test_a_city_before_a_title_is_no_name_though_its_first_character_is_a_surname():
    text = "会上,柳州副市长和宁波院长先后讲话,兰州院长管文斌介绍了学校情况。" + ZH_PAD
    names = people(text)
    assert "柳州" not in names and "宁波" not in names
    assert names.get("管文斌") == "院长"


def test_a_lower_case_title_in_apposition_after_the_and_a_nationality():
    text = ("The Cambodian trainee representative, Sokha Chanthou, thanked the teachers. " + EN_PAD)
    assert "Sokha Chanthou" in people(text)


# --------------------------------------------------------------------------- dates and counts


def test_a_fiscal_year_and_a_day_whose_month_mark_was_lost():
    text = "发布时间:2021-07-20\n\n2021年度共举办两期培训。512日,代表团抵达学校;619日—20日举行座谈。" + ZH_PAD
    found = dates(text)
    assert ("2021", None) in found
    assert ("2021-05-12", None) in found
    assert ("2021-06-19", "2021-06-20") in found


def test_a_count_written_after_its_noun_with_a_classifier_of_bodies():
    text = "联盟共有成员单位120家,其中中方院校70家,东盟院校50所。" + ZH_PAD
    found = counts(text)
    assert {(120, "exactly"), (70, "exactly"), (50, "exactly")} <= found


def test_two_countries_and_four_aspects_are_no_counts():
    text = ("Some 30 teachers from the college discussed vocational education in two countries. "
            + EN_PAD + "培训分种植、养殖、机电、电器四个方面。")
    found = counts(text)
    assert (30, "about") in found and (2, "exactly") not in found and (4, "exactly") not in found


# --------------------------------------------------------------------------- activity kind, areas, places


def test_a_class_that_opens_is_a_training_but_a_branch_campus_that_opens_is_a_launch():
    assert kind("6月3日,老挝学员汉语课程正式开班。学员们参加了开班典礼。" + ZH_PAD) == "training_programme"
    assert kind("5月6日,学院泰国分校开班。" + ZH_PAD * 2) == "programme_launch"


def test_a_country_working_group_is_a_body_not_a_meeting():
    text = ("学院担任“中国-东盟职业教育联合会”越南国别工作组\n\n8月23日,教育部部长与协会会长共同启动中国-东盟职业教育联合会。"
            + ZH_PAD)
    assert kind(text) == "programme_launch"


def test_a_trip_of_some_days_is_an_exchange_visit_and_its_city_the_place():
    text = ("A total of 25 principals of vocational colleges embarked on a trip to Nanjing, China today. "
            "The comprehensive five-day visit would let them meet policymakers and industry. " + EN_PAD)
    assert kind(text) == "exchange_visit"
    assert "Nanjing" in places(text)


def test_an_agreement_signing_event_is_a_signing_ceremony():
    text = ("The College Hosts Cooperation Agreement Signing Exchange Event\n\n"
            "On May 5, the cooperation agreement signing exchange event was held on campus. " + EN_PAD)
    assert kind(text) == "signing_ceremony"


def test_students_coming_to_study_and_a_school_receiving_international_students_are_an_exchange():
    assert "exchange_of_trainers_and_trainees" in areas("双方商讨了柬埔寨学生来我校开展职业技能培训的项目。" + ZH_PAD)
    assert "exchange_of_trainers_and_trainees" in areas("学院率先接收老挝留学生,受到好评。" + ZH_PAD)
    assert "exchange_of_trainers_and_trainees" not in areas("部长欢迎更多老挝学生来华学习。" + ZH_PAD)


def test_standards_and_resources_built_together_are_joint_curriculum_design():
    assert "joint_curriculum_design" in areas("双方将在国际职教标准和资源共建等领域开展合作。" + ZH_PAD)


def test_a_province_named_alone_before_the_event_verb_is_the_place():
    assert "云南" in places("8月1日,2024中国-南亚职业教育论坛在云南开幕。" + ZH_PAD)


def test_the_city_opening_the_host_s_name_is_not_the_place_of_a_visit():
    assert "柳州" not in places("9月1日,老挝代表团一行莅临柳州职业技术学院考察。" + ZH_PAD)
    text = "On March 5, a delegation of the ministry paid a courtesy visit to Wuxi Polytechnic College. " + EN_PAD
    assert "Wuxi" not in places(text)


# --------------------------------------------------------------------------- the studied figures


def test_set_u_blind_scores_kept_and_its_studied_figures_hold():
    here = Path(__file__).resolve().parent / "gold_eval"
    kept = (here / "blind_u_scores.out").read_text(encoding="utf-8")
    assert "(12 articles)" in kept and "agreements" in kept
    assert "FN agreements" in (here / "blind_u_errors.out").read_text(encoding="utf-8")
    everything = studied()  # the studied sets, evaluated once (tests/ingest/_studied.py)
    # u after its study (twelfth round): floors just below the figures reported in the README
    u = part(everything, "u")
    for f in ("organisations", "people", "counts", "places", "areas", "activity_kind"):
        assert u[f].f1 >= 0.95, (f, u[f].as_dict(detail=False))
    assert u["dates"].f1 >= 0.9 and u["agreements"].f1 >= 0.66
    # the 129 articles of d to t no worse than before this round
    before = part(everything, "dhfgkmnpqrst")
    assert before["organisations"].f1 >= 0.935, before["organisations"].as_dict(detail=False)
    for f in ("counts", "areas"):
        assert before[f].f1 >= 0.945, (f, before[f].as_dict(detail=False))
    assert before["people"].f1 >= 0.98 and before["dates"].f1 >= 0.955 and before["places"].f1 >= 0.925
    assert before["activity_kind"].f1 >= 0.91 and before["agreements"].f1 >= 0.87
