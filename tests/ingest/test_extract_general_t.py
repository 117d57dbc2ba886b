"""General mechanisms added after the blind set t of the evaluation articles (issue 12, eleventh round): the classes
of errors seen on t (the Philippines, Vietnam, Lao PDR, Cambodia, Indonesia, Malaysia, Thailand, Myanmar) with the
remaining ones of the earlier sets, each tested on sentences written for the test with hand-written expectations
(pure pytest, no database)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from skillsnet.ingest.extract import extract  # noqa: E402
from tests.ingest._studied import part, studied  # noqa: E402

ZH_PAD = "两校代表在会上介绍了各自学校的办学情况和国际合作现状。"
EN_PAD = ("Officials from both sides praised the long friendship between the two peoples and agreed to keep "
          "in close contact in the coming years. ")


def kind(text):
    return extract(text).activity_kind


def people(text):
    return {p.name: p.title for p in extract(text).people}


# --------------------------------------------------------------------------- activity kind


def test_a_delegation_that_visits_and_is_welcomed_is_an_exchange_visit_though_a_symposium_was_held():
    text = ("Cambodian Skills Council Visits for Exchange\n\n" + EN_PAD * 3 +
            "The rector welcomed the delegation and attended the symposium with department heads.")
    assert kind(text) == "exchange_visit"


def test_a_ceremony_launching_construction_is_a_programme_launch():
    text = ("A new dormitory for the polytechnic started construction in the capital on Friday. " + EN_PAD +
            "The ambassador spoke during the ceremony to launch the construction of the project.")
    assert kind(text) == "programme_launch"


def test_the_establishment_of_an_institute_of_training_is_a_launch_not_a_training():
    text = ("The two governments announced the establishment of the Lanna Institute of Applied Skills and Training "
            "on Monday. " + EN_PAD)
    assert kind(text) == "programme_launch"


def test_a_statement_made_during_a_cooperation_week_is_reported_from_that_conference():
    text = ("The minister spoke during the Regional Education Cooperation Week about technical schools. " + EN_PAD +
            "The Regional Education Cooperation Week kicked off on Tuesday.")
    assert kind(text) == "conference"


def test_a_chinese_college_receiving_guests_at_a_fair_reports_a_visit():
    text = ("5月3日,2024职业教育博览会暨论坛在南宁举行。学院接待了来自老挝和泰国院校的20名嘉宾。"
            "次日,外宾到学院校区进行实地考察,对实训设备赞不绝口。")
    assert kind(text) == "exchange_visit"


def test_the_launch_ceremony_of_a_chinese_exhibition_is_the_exhibition_a_gathering():
    text = ("6月2日,30所院校参加了“首届中泰职业教育展”启动仪式,线上论坛同时开幕。会上,各方探讨了合作办学。" + ZH_PAD)
    assert kind(text) == "conference"


def test_this_meeting_refers_back_to_the_founding_meeting_named_first():
    text = ("3月9日,中柬职业教育交流会暨中柬职业教育联盟成立大会在济南举行。会上举行了圆桌论坛。"
            "我校将以本次会议为契机,深化国际合作。" + ZH_PAD)
    assert kind(text) == "programme_launch"


# --------------------------------------------------------------------------- places


def places(text):
    return {p.name: p.country for p in extract(text).places}


def test_a_capital_named_in_apposition_where_construction_started_is_the_place():
    got = places("A new workshop for the polytechnic started construction in the Cambodian capital Phnom Penh on "
                 "Friday. " + EN_PAD)
    assert got == {"Phnom Penh": "KH"}


def test_a_place_and_the_province_of_its_country_after_it_are_where_the_event_was():
    got = places("The skills forum kicked off on Monday in Liangjiang New Area, southwest China's Chongqing Province, "
                 "with guests from ten countries. " + EN_PAD)
    assert got.get("Liangjiang New Area") == "CN" and got.get("Chongqing") == "CN"


def test_a_place_and_its_province_in_a_sentence_about_something_else_are_not_the_venue():
    got = places("The company has a factory in Liangjiang New Area, southwest China's Chongqing Province. " + EN_PAD)
    assert "Liangjiang New Area" not in got


# --------------------------------------------------------------------------- people in English


def test_a_bare_title_in_apposition_before_a_name_with_its_surname_in_capitals():
    d = extract("On May 2, ten guests came to the college. The President, Wenhua LIU, and Vice President, Jianguo MA, "
                "attended the symposium. Wenhua LIU welcomed the delegation.")
    assert {p.name: p.title for p in d.people} == {"Wenhua LIU": "President", "Jianguo MA": "Vice President"}
    assert not any(o.canonical_name in ("LIU", "MA") for o in d.organisations)  # a surname in capitals is no acronym


def test_a_country_s_possessive_may_open_the_title_before_a_comma_and_the_name():
    got = people("\"It is a milestone,\" said Vietnam's Ambassador to Laos, Tran Van Minh. " + EN_PAD)
    assert got.get("Tran Van Minh") == "Ambassador"


def test_one_word_names_in_a_list_each_with_a_capitalised_title_and_its_complement():
    got = people("Guests from the ministry included Somchai, Member of the Office Committee of the Minister of Education, "
                 "Prasert, Adviser to the Minister of Education and Wichai, Adviser to the Office of the Vocational "
                 "Commission. Wichai read the letter from Anan, Deputy Minister of Education.")
    assert {"Somchai", "Prasert", "Wichai", "Anan"} <= set(got)
    assert got["Anan"] == "Deputy Minister" and got["Somchai"] == "Member"


def test_a_sentence_opening_word_before_a_title_is_no_one_word_name():
    got = people("Meanwhile, Director of the Vocational Commission Bancha Sriwong opened the forum. " + EN_PAD)
    assert "Meanwhile" not in got


def test_one_word_names_after_honorifics_joined_by_and():
    got = people("The trainers Mr. Budiman and Mr. Hotman, the lecturers from Bandung, attended the ceremony.")
    assert {"Budiman", "Hotman"} <= set(got)


# --------------------------------------------------------------------------- people in Chinese


def zh_people(text):
    return {p.name: p.title for p in extract(text + ZH_PAD).people}


def test_a_chinese_inspector_title_before_a_name():
    assert zh_people("会上,昆明市教育局总督学王建华出席会议并讲话。").get("王建华") == "总督学"


def test_a_malaysian_style_between_title_and_name_is_skipped_and_the_body_before_the_title_is_no_name():
    got = zh_people("(吉隆坡5日讯)民政党总会长拿督斯里刘国强携民政党青年团见证两所学院签署合作备忘录。")
    assert got == {"刘国强": "总会长"}


def test_a_chinese_name_ends_before_the_verb_participate():
    got = zh_people("并由理工学院院长黄明德参与签署。")
    assert "黄明德" in got and "黄明德参" not in got


def test_a_name_in_latin_capitals_after_a_chinese_title():
    got = zh_people("学院院长与柬埔寨茶胶大学副院长SOK VANNA等人进行了交流。")
    assert got.get("SOK VANNA") == "副院长"


# --------------------------------------------------------------------------- dates


def dates(text):
    d = extract(text)
    return {(x.start, x.end) for x in d.dates}, d


def test_two_chinese_days_that_follow_each_other_joined_by_and_are_one_period():
    got, _ = dates("2023年5月30日及6月1日,多所院校参加了职业教育展。" + ZH_PAD)
    assert ("2023-05-30", None) in got and ("2023-05-30", "2023-06-01") not in got  # two days apart: two dates
    got, _ = dates("2022年10月31日及11月1日,200所院校参加了职业教育展。" + ZH_PAD)
    assert ("2022-10-31", "2022-11-01") in got


def test_an_update_line_glued_to_a_chinese_word_gives_the_publication_date():
    got, d = dates("Guests Visit for Exchange\n\nPublisher:国际合作处Update:2023-04-20\n\n"
                   "On April 17th, a delegation of nine came to the college for inspection and exchange. " + EN_PAD)
    assert ("2023-04-17", None) in got


def test_a_weekday_named_again_without_on_is_the_same_relative_date():
    _, d = dates("The new workshop opened in Vientiane on Tuesday. Tuesday also marked the anniversary of ties. " + EN_PAD)
    assert [x.relative for x in d.dates] == ["on tuesday"]



# --------------------------------------------------------------------------- counts


def test_a_count_after_a_possessive_is_counted():
    got = [(c.value, c.counted) for c in extract("The minister said the country had 40 vocational schools in its 30 "
                                                  "provinces and their 12 partner colleges. " + EN_PAD).counts]
    assert (30, "provinces") in got and (40, "vocational schools") in got


# --------------------------------------------------------------------------- areas


def areas(text):
    return {a.code for a in extract(text).areas}


def test_study_tours_for_teachers_develop_the_faculty():
    assert "faculty_development" in areas("The ministry wants to organise study tours for Lao teachers to China. " + EN_PAD)


def test_chinese_training_equipment_admired_by_visitors_is_no_practical_training():
    got = areas("外宾参观了学院校区,对学院的教学及实训设备赞不绝口。" + ZH_PAD)
    assert "practical_training" not in got


def test_chinese_students_and_teachers_sent_to_study_and_train_are_an_exchange_and_teachers_trained():
    got = areas("外宾当即表示愿意把学生、教师送到学院开展学习和培训。" + ZH_PAD)
    assert {"exchange_of_trainers_and_trainees", "faculty_development"} <= got


def test_chinese_courses_built_together_are_joint_curriculum_design():
    got = areas("双方洽谈共建人才培养基地、中文+专业课程等事宜。" + ZH_PAD)
    assert "joint_curriculum_design" in got


# --------------------------------------------------------------------------- organisations in Chinese


def zh_orgs(text):
    return {o.canonical_name for o in extract(text + ZH_PAD).organisations}


def test_people_coming_to_the_school_and_the_other_side_s_school_name_no_school():
    got = zh_orgs("6月5日,老挝巴色职业技术学院代表团一行9人来学校考察交流。访问期间,双方介绍了泰方学校的情况。")
    assert "老挝巴色职业技术学院" in got
    assert not any(n.endswith("来学校") or n == "泰方学校" for n in got)


def test_a_verb_of_taking_office_or_raising_ends_the_text_before_a_body_s_name():
    got = zh_orgs("会上,我校副校长王明出任专家委员会专家,将进一步提升学校国际化办学能力。")
    assert not any("出任" in n or n == "提升学校" for n in got)


# --------------------------------------------------------------------------- the figures


def test_set_t_blind_scores_kept_and_its_studied_figures_hold():

    here = Path(__file__).resolve().parent / "gold_eval"
    kept = (here / "blind_t_scores.out").read_text(encoding="utf-8")
    assert "(12 articles)" in kept and "places        │      0.50 │   0.20 │ 0.29" in kept
    assert "FN activity_kind" in (here / "blind_t_errors.out").read_text(encoding="utf-8")
    # (one run over the 129 articles, its per-article scores summed by split: the suite stays short)
    everything = studied()  # the studied sets, evaluated once (tests/ingest/_studied.py)


    # t after its study (eleventh round): floors just below the figures reported in the README
    t = part(everything, "t")
    for f in ("people", "counts", "areas", "activity_kind"):
        assert t[f].f1 >= 0.93, (f, t[f].as_dict(detail=False))
    assert t["dates"].f1 >= 0.9 and t["places"].f1 >= 0.78 and t["organisations"].f1 >= 0.76
    # the 117 articles of d to s no worse than before this round
    before = part(everything, "dhfgkmnpqrs")
    for f in ("organisations", "counts", "areas"):
        assert before[f].f1 >= 0.945, (f, before[f].as_dict(detail=False))
    assert before["people"].f1 >= 0.98 and before["dates"].f1 >= 0.955 and before["places"].f1 >= 0.935
    assert before["activity_kind"].f1 >= 0.91 and before["agreements"].f1 >= 0.87
