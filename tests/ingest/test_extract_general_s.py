"""General mechanisms added after the blind set s of the evaluation articles (issue 12, tenth round): the classes of
errors seen on s (Lao PDR, Thailand, Vietnam, Malaysia, the Philippines, Brunei) with the remaining ones of the earlier
sets, each tested on sentences written for the test with hand-written expectations (pure pytest, no database)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from skillsnet.ingest.extract import extract  # noqa: E402
from tests.ingest._studied import part, studied  # noqa: E402

ZH_PAD = "两校代表在会上介绍了各自学校的办学情况和国际合作现状。"


def people(text):
    return {p.name: p.title for p in extract(text).people}


# --------------------------------------------------------------------------- people in English


def test_a_middle_initial_and_a_quoted_nickname_stay_inside_a_name_after_its_title():
    got = people("Last week, Undersecretary Maria “Bing” T. Santos, together with Assistant Secretary Ramon Q. Reyes, "
                 "visited the training centre.")
    assert got.get("Maria \"Bing\" T. Santos") == "Undersecretary"
    assert got.get("Ramon Q. Reyes") == "Assistant Secretary"
    assert not any(n.endswith((" T", " Q")) for n in got)


def test_two_titled_names_joined_by_and_are_two_people():
    got = people("Attending for the college were Vice President Zhou Hanming and Dean Wang Lirong.")
    assert got.get("Zhou Hanming") == "Vice President" and got.get("Wang Lirong") == "Dean"


def test_a_malay_patronymic_is_read_whole():
    got = people("The Principal of the college, Dr Ahmad Faizal bin Awang Haji Kamaruddin, signed the letter.")
    assert "Ahmad Faizal bin Awang Haji Kamaruddin" in got


# --------------------------------------------------------------------------- agreements whose parties are named elsewhere


def parties(text):
    return [sorted(a.parties) for a in extract(text).agreements]


def test_an_agreement_referred_to_by_its_subject_takes_the_parties_named_just_before():
    text = ("The Cebu Maritime Academy has partnered with the Guangxi Shipping Foundation to train seafarers.\n\n"
            "The agreement was formalized last March 3 in Nanning during the academy's study tour.")
    assert parties(text) == [["Cebu Maritime Academy", "Guangxi Shipping Foundation"]]
    text = ("On May 2, the welding workshop jointly built by Hebei Polytechnic College and Kedah Skills Institute opened. "
            "Both parties agreed to share training materials. They also signed a memorandum of understanding.")
    assert parties(text) == [["Hebei Polytechnic College", "Kedah Skills Institute"]]


def test_a_guest_named_once_is_no_party_of_an_agreement_referred_to():
    text = ("Hebei Polytechnic College visited Kedah Skills Institute last week. Mr. Lim of the Malaysian Embassy in "
            "Beijing, the dean of Hebei Polytechnic College and the head of Kedah Skills Institute attended the opening. "
            "They also signed a memorandum of understanding.")
    assert parties(text) == [["Hebei Polytechnic College", "Kedah Skills Institute"]]


def test_the_parties_of_an_agreement_signed_by_unnamed_institutions_are_those_its_signatories_represent():
    text = ("Two colleges of Laos and China have formalised their partnership through a memorandum of understanding. "
            "Director of Pakse Technical College, Mr. Somphone, signed on behalf of the college. "
            "Representing Guilin Tourism Vocational College were its president and its dean.")
    assert parties(text) == [["Guilin Tourism Vocational College", "Pakse Technical College"]]


def test_a_paragraph_opened_in_capitals_and_a_unit_before_its_head_s_name():
    d = extract("THE NATIONAL Skills Authority of Fiji has signed an agreement with Yunnan Technician College.")
    assert "National Skills Authority of Fiji" in {o.canonical_name for o in d.organisations}
    got = extract("Representing the college was Director of the International Office Chen Lihua.")
    assert {p.name for p in got.people} == {"Chen Lihua"}
    assert not any("Chen" in o.canonical_name for o in got.organisations)


def test_two_acronyms_in_a_row_name_one_body_written_out_in_brackets():
    text = ("The visit came at the invitation of ABCO TECHCEN (ABCO Regional Centre for Welding Technology). "
            "ABCO TECHCEN will host the next course.")
    d = extract(text)
    assert [o.canonical_name for o in d.organisations] == ["ABCO Regional Centre for Welding Technology"]
    assert "ABCO TECHCEN" in d.organisations[0].aliases
    # a dateline in capitals is no such name
    assert extract("VIENTIANE CAPITAL, Laos - The college opened a new workshop.").organisations == []


# --------------------------------------------------------------------------- areas of cooperation


def areas(text):
    return {a.code for a in extract(text).areas}


def test_english_cues_for_standards_frameworks_placements_curricula_faculty_and_research():
    assert "skills_recognition" in areas("The two agencies discussed national qualification frameworks.")
    assert "skills_recognition" in areas("The deal covers the updating of competency standards for welders.")
    assert "practical_training" in areas("Twenty cadets will undergo industry training at the shipyard.")
    assert "practical_training" in areas("Most of them completed their industry-based learning at the plant.")
    assert "joint_curriculum_design" in areas("They agreed on the development of curriculum resources for logistics.")
    assert "faculty_development" in areas("Talks covered the construction of a bilingual teaching faculty.")
    assert "research" in areas("The memorandum provides for joint academic and research activities.")
    assert not areas("The delegation toured the campus and met the president.")


def test_trainees_leaving_for_a_college_abroad_are_an_exchange_but_students_who_went_to_a_fair_are_not():
    assert "exchange_of_trainers_and_trainees" in areas(
        "Twelve students from Kuching Polytechnic departed for Hubei Vocational College to undergo training.")
    assert "exchange_of_trainers_and_trainees" in areas(
        "The ministry will sponsor 300 graduates from Sabah to further their studies in China.")
    assert "exchange_of_trainers_and_trainees" not in areas("The students went to the job fair in the city hall.")


def test_chinese_area_cues_in_a_credit_a_company_name_or_a_toured_facility_do_not_count():
    assert areas("代表团参观了校园及实训场地,双方就合作事宜进行了交流。(责编:王明(实习生)、李华)") == set()
    assert "language_training" not in areas("北京华文汉语教育科技有限公司董事长出席了交流会。" + ZH_PAD)
    # the same cues, said of the cooperation, count
    assert "practical_training" in areas("双方将共建实训基地,安排学生赴企业实习。" + ZH_PAD)
    assert "joint_curriculum_design" in areas("双方将在师资交流、学术与课程资源研发等方面展开合作。" + ZH_PAD)


# --------------------------------------------------------------------------- the kind of activity


def kind(text):
    return extract(text).activity_kind


def test_a_training_said_to_span_weeks_and_a_meeting_of_two_leaders():
    assert kind("Ten welders from Sarawak left for Guilin on Monday. The training will span three weeks.") \
        == "training_programme"
    assert kind("The minister said he and the visiting party secretary had agreed on closer ties during their "
                "meeting in Manila today.") == "exchange_visit"


def test_a_founding_meeting_referred_to_again_as_the_meeting_is_a_launch():
    text = ("6月3日,2025年职业教育合作论坛暨中老职业教育联盟成立大会在昆明召开。本次大会吸引了300余名代表参加。"
            "大会期间,代表们参观了展览。大会现场发布了合作倡议。")
    assert kind(text) == "programme_launch"


def test_the_fields_of_a_past_cooperation_are_no_activity_but_a_delegation_received_is_a_visit():
    text = ("5月8日,万象省教育厅副厅长一行6人来校考察交流。学校副校长参加接待。"
            "副校长回顾了双方在人才培养、师资培训、语言和技能培训等多领域的合作。")
    assert kind(text) == "exchange_visit"


# --------------------------------------------------------------------------- places


def places(text):
    return [p.name for p in extract(text).places]


def test_a_city_unknown_to_the_gazetteer_before_its_country_where_the_activity_was():
    assert places("The directors participated in the Expo 2025, a technology fair in Friedrichshafen, Germany.") \
        == ["Friedrichshafen"]
    # nor a demonym, nor a place to come
    assert places("The college will host a fair in Friedrichshafen, Germany next year.") == []


def test_a_city_opening_the_name_of_an_institution_visited_is_not_where_the_visit_was():
    assert "Quanzhou" not in places("The delegation visited the Quanzhou Vocational and Technical University and a "
                                    "construction centre.")
    assert "Quanzhou" in places("The delegation visited Quanzhou last week.")


# --------------------------------------------------------------------------- dates


def dates(text):
    return [(d.text, d.start, d.end) for d in extract(text).dates]


def test_a_range_across_two_months_without_its_year():
    assert ("from March 25 to April 2", "2025-03-25", "2025-04-02") in dates(
        "April 21, 2025\n\nMeanwhile, from March 25 to April 2, the directors attended a fair.")
    assert ("from 28 December to 3 January", "--12-28", "--01-03") in dates(
        "The course ran from 28 December to 3 January.")
    # two days joined by "and" are two dates, not a range
    assert not any(d[2] for d in dates("The college met them on March 25 and April 2."))


def test_a_chinese_day_without_its_month_takes_the_month_written_before_it():
    got = dates("新华社万象3月12日电 老挝教育部副部长11日在万象出席了签字仪式。")
    assert ("11日", "--03-11", None) in got
    assert ("11日", "2024-03-11", None) in dates("2024年3月12日,代表团抵达万象。11日,双方签署了协议。")
    assert not any(d[0] == "3日" for d in dates("2024年3月12日,双方商定项目将于3日内启动。"))


# --------------------------------------------------------------------------- counts


def counts(text):
    return sorted((c.value, c.qualifier) for c in extract(text).counts)


def test_a_group_of_n_and_a_delegation_of_n_are_counted():
    assert counts("A group of 24 apprentices from Sabah left for Liuzhou on Monday.") == [(24, "exactly")]
    assert counts("The dean led a delegation of seven to Vientiane last week.") == [(7, "exactly")]
    assert counts("He is one of 3 winners this year.") == []


def test_a_chinese_count_told_again_with_the_short_form_of_its_noun_is_one_count():
    text = "来自全国的12所高等职业院校参加会议。会上,企业与12所高校等院校签署了合作协议。"
    assert counts(text + ZH_PAD) == [(12, "exactly")]
    assert [c.counted for c in extract("共有30所中等职业学校参加。" + ZH_PAD).counts] == ["中等职业学校"]


def test_a_particle_inside_a_verb_does_not_lengthen_a_name():
    got = people("Vice President Zhang Wenli led a delegation of six to Manila.")
    assert got == {"Zhang Wenli": "Vice President"}


# --------------------------------------------------------------------------- people and organisations in Chinese


def zh_people(text):
    return {p.name: p.title for p in extract(text + ZH_PAD).people}


def test_with_before_a_country_ends_an_ambassador_s_name_and_the_partner_s_name_begins_after_it():
    d = extract("中国驻老挝大使王平同老挝教育部副次长本玛12日在万象签署合作协议。" + ZH_PAD)
    assert "老挝教育部" in {o.canonical_name for o in d.organisations}
    got = {p.name: p.title for p in d.people}
    assert got.get("王平") == "大使" and got.get("本玛") == "副次长"


def test_executive_and_researcher_titles_and_a_slogan_of_short_words_is_no_name():
    got = zh_people("老挝某矿业公司联合执行董事陈立一行5人来校访问,省外事办二级调研员刘红参加接待。")
    assert got.get("陈立") == "联合执行董事" and got.get("刘红") == "二级调研员"
    assert zh_people("大会围绕“互通·互融·共享·共赢”主题展开交流。") == {}


def test_a_unit_or_a_field_of_work_is_no_person():
    assert "Political Section" not in people("Mr. Chen Bo from the Political Section of the embassy attended.")
    assert "Skills Operations" not in people("Deputy Director General for Skills Operations, Ana Cruz, spoke.")


# --------------------------------------------------------------------------- the set s itself


def test_set_s_blind_score_kept_and_its_studied_figures_hold():

    here = Path(__file__).resolve().parent / "gold_eval"
    kept = (here / "blind_s_scores.out").read_text(encoding="utf-8")
    assert "(12 articles)" in kept and "agreements    │      0.50 │   0.17 │ 0.25" in kept
    assert "FN agreements" in (here / "blind_s_errors.out").read_text(encoding="utf-8")
    # (one run over the studied sets, its per-article scores summed by split: the suite stays short)
    everything = studied()  # the studied sets, evaluated once (tests/ingest/_studied.py)


    # s after its study (tenth round): floors just below the figures reported in the README
    s = part(everything, "s")
    for f in ("people", "dates", "counts", "areas"):
        assert s[f].f1 >= 0.95, (f, s[f].as_dict(detail=False))
    assert s["organisations"].f1 >= 0.87 and s["activity_kind"].f1 >= 0.9
    assert s["places"].f1 >= 0.78 and s["agreements"].f1 >= 0.7
    # the 105 articles of d to r no worse than before this round
    before = part(everything, "dhfgkmnpqr")
    for f in ("organisations", "people", "dates", "counts", "places"):
        assert before[f].f1 >= 0.94, (f, before[f].as_dict(detail=False))
    assert before["areas"].f1 >= 0.935 and before["activity_kind"].f1 >= 0.91 and before["agreements"].f1 >= 0.9


def test_a_chinese_short_form_declared_or_used_is_the_same_organisation():
    d = extract("5月8日,中国—老挝职业教育联盟(简称联盟)成立大会在昆明召开。联盟将推动两国院校合作。" + ZH_PAD)
    assert not any(o.canonical_name.startswith("简称") for o in d.organisations)
    d = extract("云南交通职业技术学院与老挝国立大学签署协议。云南交通职院院长出席。" + ZH_PAD)
    names = [o.canonical_name for o in d.organisations]
    assert "云南交通职业技术学院" in names and "云南交通职院" not in names


def test_a_generational_suffix_does_not_end_a_list_of_names_after_a_plural_title():
    got = people("The mission was joined by Directors Pedro L. Reyes, Jr. and Carmen T. Lim.")
    assert got == {"Pedro L. Reyes": "Director", "Carmen T. Lim": "Director"}
