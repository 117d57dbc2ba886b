"""General mechanisms added after the blind sets y and z of the evaluation articles (fifteenth round): the classes
of errors seen on y and z (24 articles: Myanmar, Indonesia, Lao PDR, Cambodia, the Philippines, Vietnam, Thailand,
Malaysia, the Mekong region), each tested on sentences written for the test with hand-written expectations (pure
pytest, no database). No sentence of a y or z article is here nor in the code."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from tests.ingest._probes import ZH_PAD, EN_PAD, agreements, areas, counts, kind, orgs, places  # noqa: E402


# --------------------------------------------------------------------------- areas: who studies or is trained where


def test_foreign_students_hosted_or_studying_abroad_are_an_exchange():
    # international students from a named country, trained by the host
    text = ("Since 2019 the polytechnic has trained more than 40 international students from Cambodia in welding. "
            + EN_PAD)
    assert "exchange_of_trainers_and_trainees" in areas(text)
    # a nationality's graduates learning at a host abroad
    text = "Twelve Lao college graduates studying at a cement works in Hunan will go home next year. " + EN_PAD
    assert "exchange_of_trainers_and_trainees" in areas(text)
    # students invited to take part in exchange programmes
    text = "The principal asked his students to take part in exchange programmes with the college. " + EN_PAD
    assert "exchange_of_trainers_and_trainees" in areas(text)
    # 留学生 studying at the host (a class of foreign students)
    text = "9月3日,学院首批柬埔寨留学生在机电系开始为期两年的专业学习。" + ZH_PAD
    assert "exchange_of_trainers_and_trainees" in areas(text)


def test_students_of_the_home_country_or_a_wish_are_no_exchange():
    text = "The polytechnic has trained more than 40 students in welding this year. " + EN_PAD
    assert "exchange_of_trainers_and_trainees" not in areas(text)
    text = "Local students learning at the college praised its workshops. " + EN_PAD
    assert "exchange_of_trainers_and_trainees" not in areas(text)
    # foreign students still to come ("将迎来…留学生,他们将在…学习")
    text = "学院明年3月将迎来20名缅甸留学生,他们将在学院学习电气专业。" + ZH_PAD
    assert "exchange_of_trainers_and_trainees" not in areas(text)


def test_teachers_trained_in_the_perfect_passive_or_a_training_carried_out_for_them():
    text = "Forty instructors of the centre have already been trained in Nanning and Hanoi. " + EN_PAD
    assert "faculty_development" in areas(text)
    text = "去年,学院对柬埔寨多所职业院校的20名专业教师开展了为期一个月的新能源汽车技术培训。" + ZH_PAD
    assert "faculty_development" in areas(text)
    # teachers who trained others are not trained themselves
    text = "Forty instructors of the centre have trained 300 young workers since March. " + EN_PAD
    assert "faculty_development" not in areas(text)


def test_learning_a_language_graduate_employment_and_specialised_courses():
    text = "Students there say they came to learn Mandarin before looking for jobs in the zone. " + EN_PAD
    assert "language_training" in areas(text)
    # learning a country's culture or technology is no language training
    text = "Students there say they came to learn Chinese technology before looking for jobs in the zone. " + EN_PAD
    assert "language_training" not in areas(text)
    text = "The two colleges discussed short courses and graduate employment in the new industrial zone. " + EN_PAD
    assert "employment_services" in areas(text)
    text = "Both sides agreed on developing specialized welding and robotics courses for the institute. " + EN_PAD
    assert "joint_curriculum_design" in areas(text)


# --------------------------------------------------------------------------- activity kind


def test_the_start_of_foreign_students_study_is_their_training_not_a_launch():
    text = "武汉某职业技术学院为首批30名老挝留学生举行开学典礼。" + ZH_PAD + "学生们将学习铁道运输专业课程。"
    assert kind(text) == "training_programme"
    text = "某职业技术学院2024级印尼留学生班开学典礼在学院报告厅举行。" + ZH_PAD
    assert kind(text) == "training_programme"
    # a school that opens (its first term) is still a launch
    text = "中老合办的万象铁道职业学校正式开学,首批学生入校。" + ZH_PAD
    assert kind(text) == "programme_launch"


def test_a_call_on_a_minister_is_a_visit_and_an_education_fair_a_conference():
    text = ("On 3 June, the Ambassador of Laos paid a farewell call on the Minister of Education of Cambodia "
            "at the ministry. " + EN_PAD)
    assert kind(text) == "exchange_visit"
    text = "中国(广西)—越南教育展近日在河内举行,双方数十所院校参展。" + ZH_PAD
    assert kind(text) == "conference"


# --------------------------------------------------------------------------- places


def test_the_places_listed_after_border_areas_counties_or_districts_of():
    text = ("The foundation runs five training stations in the border areas of Hekou, Jinping, Mohan Port Economic "
            "Zone and Daluo. " + EN_PAD)
    assert {"Hekou", "Jinping", "Mohan Port Economic Zone", "Daluo"} <= places(text)
    # fields of cooperation in capitals after "areas of" are no places
    text = "The two colleges held talks on cooperation in the areas of Tourism, Agriculture and Nursing. " + EN_PAD
    assert not {"Tourism", "Agriculture", "Nursing"} & places(text)


def test_a_county_and_its_province_as_written_and_no_bare_province_beside_them():
    text = "In May, twenty trainees began an internship at a steel mill in Wuan County, Hebei Province. " + EN_PAD
    found = places(text)
    assert {"Wuan County", "Hebei Province"} <= found and "Hebei" not in found


def test_an_autonomous_region_is_kept_whole_as_written():
    text = ("The opening ceremony of the alliance was held in China's Ningxia Hui Autonomous Region on 2 March. "
            + EN_PAD)
    found = places(text)
    assert "Ningxia Hui Autonomous Region" in found and "Ningxia Hui Autonomous" not in found


def test_a_sentence_opened_by_held_and_a_venue_owned_by_its_city():
    text = "Held last July 4-5 in Kunming, the seminar gathered 80 teachers from six countries. " + EN_PAD
    assert "Kunming" in places(text)
    text = "On 9 May, the team hosted a skills forum at Vientiane's Pakpasak Technical College. " + EN_PAD
    assert "Vientiane" in places(text)
    # a venue of an event still to come is no place
    text = "Next month the team will hold a skills forum at Vientiane's Pakpasak Technical College. " + EN_PAD
    assert "Vientiane" not in places(text)


def test_chinese_a_city_reached_to_attend_and_a_unit_where_a_body_was_founded():
    text = "院长日前受邀到中国广东省肇庆市,出席第三届职业教育合作论坛。" + ZH_PAD
    assert "肇庆市" in places(text)
    text = "2019年,学院在老挝沙湾拿吉省的职业技术学校正式成立了中文培训中心。" + ZH_PAD
    assert "沙湾拿吉省" in places(text)
    text = "本期在线培训由学院主办,共有三国学员参加。" + ZH_PAD
    assert "online" in places(text)


# --------------------------------------------------------------------------- organisations


def test_chinese_a_university_named_by_two_fields_after_its_country():
    text = "2015年,学院与老挝财政与金融大学签署合作协议。" + ZH_PAD
    found = orgs(text)
    assert "老挝财政与金融大学" in found and "金融大学" not in found


def test_chinese_a_company_with_its_country_in_brackets_and_trades_joined_by_he():
    text = "学院与中国电建集团(柬)有限公司及金边技术学院签署协议。" + ZH_PAD
    found = orgs(text)
    assert "中国电建集团(柬)有限公司" in found and "有限公司" not in found and "中国电建集团" not in found
    text = "学院联合华信(老挝)电力建设和设备维护有限公司在万象启动培训项目。" + ZH_PAD
    found = orgs(text)
    assert "华信(老挝)电力建设和设备维护有限公司" in found and "设备维护有限公司" not in found


def test_chinese_a_confucius_institute_named_after_its_university_and_a_branch_campus():
    text = "曼谷大学孔子学院的教师和清莱皇家大学清迈分校副校长出席仪式。" + ZH_PAD
    found = orgs(text)
    assert {"曼谷大学孔子学院", "清莱皇家大学清迈分校"} <= found and "孔子学院" not in found
    # an overseas branch of no named body is no name
    assert "海外分校" not in orgs("学院将在印尼设立海外分校。" + ZH_PAD)


def test_chinese_a_province_and_the_suffix_alone_name_a_university_and_a_list_keeps_two_bodies():
    text = "包括四川大学、湖南大学在内的20所中国高校参加。" + ZH_PAD
    assert {"四川大学", "湖南大学"} <= orgs(text)
    text = "贵州职业技术学院、贵州交通职业技术学院等院校共同协办。" + ZH_PAD
    assert {"贵州职业技术学院", "贵州交通职业技术学院"} <= orgs(text)
    # a country and the suffix alone stay a description
    assert "老挝大学" not in orgs("多所老挝大学的校长参加。" + ZH_PAD)


def test_chinese_a_verb_before_a_generic_body_is_no_part_of_a_name():
    text = "会议提出要进一步完善联盟运行机制,两校将互设语言中心。" + ZH_PAD
    found = orgs(text)
    assert not any(o.startswith(("完善", "互设")) for o in found)


def test_a_name_spelled_by_its_acronym_and_a_name_with_its_acronym_inside():
    text = "The delegation visited National Polytechnic Institute Hun Sen Takeo (NPIHST) on 3 May. " + EN_PAD
    found = orgs(text)
    assert "National Polytechnic Institute Hun Sen Takeo" in found and "National Polytechnic Institute" not in found
    text = ("The forum was co-hosted by Southeast Asian Ministers of Education Organization (SEAMEO) Laos Center "
            "and Guizhou Light Industry College. " + EN_PAD)
    assert "Southeast Asian Ministers of Education Organization (SEAMEO) Laos Center" in orgs(text)


def test_a_unit_named_with_its_ministry_s_acronym_and_country():
    text = ("The college signed an agreement with the Technical Education Department of MoLVT of Cambodia "
            "on Friday. " + EN_PAD)
    assert "Technical Education Department of MoLVT of Cambodia" in orgs(text)


# --------------------------------------------------------------------------- agreements


def test_chinese_jointly_is_no_with_and_the_three_parties_are_the_three_named_before():
    text = ("近日,云南某职业学院联合老挝国立大学、中老电力投资有限公司在万象启动电力工坊项目。" + ZH_PAD +
            "启动仪式上,三方共同签署了项目合作协议。")
    assert agreements(text) == [{"云南某职业学院", "老挝国立大学", "中老电力投资有限公司"}]
    text = "近日,昆明职业技术学院迎来了老挝万象技术学院代表团到访,双方共同签署合作备忘录。" + ZH_PAD
    assert agreements(text) == [{"昆明职业技术学院", "老挝万象技术学院"}]


def test_chinese_one_agreement_with_every_partner_listed_after_yu():
    text = ("(吉隆坡5日讯)大马丝路文化中心主席表示,中心将扩大培训规模。" + ZH_PAD +
            "他说,该中心早在2021年与福建船政交通职业学院成立培训基地,同时与马来西亚电力公司及砂拉越科技大学签署协议。")
    found = agreements(text)
    assert found == [{"大马丝路文化中心", "马来西亚电力公司", "砂拉越科技大学"}]


def test_two_agreements_signed_in_one_sentence_by_the_same_parties():
    text = ("Kunming Metallurgy College signed the welding workshop agreement and the teacher training agreement "
            "with Savannakhet Technical College on Monday. " + EN_PAD)
    assert agreements(text) == [{"Kunming Metallurgy College", "Savannakhet Technical College"}] * 2
    text = ("Kunming Metallurgy College signed the welding workshop agreement with Savannakhet Technical College "
            "on Monday. " + EN_PAD)
    assert agreements(text) == [{"Kunming Metallurgy College", "Savannakhet Technical College"}]


# --------------------------------------------------------------------------- counts and amounts


def test_a_number_after_the_counts_unless_it_is_two_sides_or_told_before():
    text = "She was among the 38 trainees from the 12 colleges in five provinces who attended. " + EN_PAD
    assert {(38, "exactly"), (12, "exactly")} <= counts(text)
    text = "Thailand was one of the six countries that sent teachers this year. " + EN_PAD
    assert (6, "exactly") in counts(text)
    # the two sides, the three parties: the bodies already named
    text = "After the talks the three parties signed the plan and the two sides toured the campus. " + EN_PAD
    assert not {(3, "exactly"), (2, "exactly")} & counts(text)
    # the group counted before, told again: one count
    text = "A total of 45 Lao students arrived in May. The 45 students will study railway signalling. " + EN_PAD
    assert [c.value for c in extract_counts(text)].count(45) == 1


def test_a_headline_number_told_again_with_a_qualifier_and_another_noun_is_one_count():
    text = ("Centre trains 2,400 welders for Cambodia\nSince 2016 the centre has trained more than 2,400 people from "
            "Cambodia and Laos, its director said. " + EN_PAD)
    found = counts(text)
    assert (2400, "more_than") in found and (2400, "exactly") not in found


def test_chinese_about_a_hundred_and_a_noun_cut_before_the_verb():
    assert (100, "about") in counts("联盟成员包括上百家知名企业。" + ZH_PAD)
    found = extract_counts("学院为首批35名老挝留学生举行开班仪式,35名老挝留学生前往实训中心参观。" + ZH_PAD)
    assert [(c.value, c.counted) for c in found] == [(35, "老挝留学生")]


def test_a_currency_written_in_words_is_an_amount_not_a_count():
    from skillsnet.ingest.extract import extract

    text = "His first salary will exceed 4 million Indonesian rupiahs a month, he said. " + EN_PAD
    draft = extract(text)
    assert [(a.value, a.currency) for a in draft.amounts] == [(4000000, "IDR")]
    assert not any(c.value == 4000000 for c in draft.counts)


def extract_counts(text):
    from skillsnet.ingest.extract import extract

    return extract(text).counts


# --------------------------------------------------------------------------- dates


def test_chinese_a_month_of_this_year_in_chinese_numerals_keeps_its_month():
    from skillsnet.ingest.extract import extract

    found = {(d.start, d.end) for d in extract("学院今年三月份与老挝国立大学签署合作协议。" + ZH_PAD).dates}
    assert found == {("--03", None)}
    # with the lead's own date, the year is known
    text = "2021年6月2日,学院举行总结会。" + ZH_PAD + "今年十一月,双方将举办第二期培训班。"
    found = {(d.start, d.end) for d in extract(text).dates}
    assert ("2021-11", None) in found


# --------------------------------------------------------------------------- the studied figures


def test_sets_y_and_z_blind_scores_kept_and_their_studied_figures_hold():
    from tests.ingest._studied import part, studied

    here = Path(__file__).resolve().parent / "gold_eval"
    for split in "yz":
        kept = (here / f"blind_{split}_scores.out").read_text(encoding="utf-8")
        assert "(12 articles)" in kept and "agreements" in kept
    everything = studied()  # the studied sets, evaluated once (tests/ingest/_studied.py)
    # y and z after their study (fifteenth round): floors just below the figures reported in the README
    yz = part(everything, "yz")
    for f in ("places", "areas", "agreements", "counts"):
        assert yz[f].f1 >= 0.93, (f, yz[f].as_dict(detail=False))
    assert yz["organisations"].f1 >= 0.90 and yz["activity_kind"].f1 >= 0.83
    assert yz["people"].f1 >= 0.89 and yz["dates"].f1 >= 0.92
    # the 165 articles of d to w no worse than before this round
    before = part(everything, "dhfgkmnpqrstuvw")
    assert before["organisations"].f1 >= 0.94 and before["people"].f1 >= 0.97 and before["dates"].f1 >= 0.95
    assert before["counts"].f1 >= 0.96 and before["places"].f1 >= 0.92 and before["areas"].f1 >= 0.95
    assert before["activity_kind"].f1 >= 0.93 and before["agreements"].f1 >= 0.93
