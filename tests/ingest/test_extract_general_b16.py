"""General mechanisms added after the set b of the evaluation articles became studied (sixteenth round): the classes of
errors seen on b (12 articles: Indonesia, Cambodia, Thailand, Malaysia, the Philippines, Vietnam, Myanmar, an ASEAN
expo) and checked against every studied split, each tested on sentences written for the test with hand-written
expectations (pure pytest, no database). No sentence of a b article is here nor in the code."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from skillsnet.ingest.extract import extract  # noqa: E402
from tests.ingest._probes import ZH_PAD, EN_PAD, agreements, areas, orgs, people, places  # noqa: E402


def amounts(text):
    return {(a.value, a.currency) for a in extract(text).amounts}


# ------------------------------------------------------------------------ amounts: the region's currencies in Chinese


def test_chinese_amounts_in_the_regions_currencies_and_a_sum_of_yi_and_wan():
    text = "该项目获得企业捐赠的设备,价值共计350万泰铢。" + ZH_PAD
    assert amounts(text) == {(3_500_000, "THB")}
    text = "双方签署的合同总额为2亿越南盾,另有80万令吉用于奖学金。" + ZH_PAD
    assert amounts(text) == {(200_000_000, "VND"), (800_000, "MYR")}
    # hundreds of millions and then tens of thousands: one sum, not its last part
    text = "展会期间共录得3亿2500万令吉的订单。" + ZH_PAD
    assert amounts(text) == {(325_000_000, "MYR")}
    # the longer currency name wins over 元 (yuan)
    text = "基金会为每名学员提供500新加坡元的生活补贴。" + ZH_PAD
    assert amounts(text) == {(500, "SGD")}


# --------------------------------------------------------------------------- places


def test_a_chinese_province_written_before_the_city_of_the_event_is_a_place_too():
    text = "2024年5月8日,第三届职业教育合作论坛在云南昆明举行。" + ZH_PAD
    assert {"云南", "昆明"} <= places(text)
    # a city alone stays alone
    text = "2024年5月8日,第三届职业教育合作论坛在昆明举行。" + ZH_PAD
    assert places(text) == {"昆明"}


def test_trainees_coming_to_a_chinese_province_to_train_name_the_place():
    text = "去年,首批20名柬埔寨学员到云南培训,学习电力设备的维护。" + ZH_PAD
    assert "云南" in places(text)
    # a course still to follow there is not the place ("赴…继续学习")
    text = "学员结业后将赴云南继续专业学习。" + ZH_PAD
    assert "云南" not in places(text)


def test_a_known_foreign_citys_province_where_a_body_was_founded_is_kept_as_written():
    text = "2022年,学院与当地企业合作,在清迈府成立了一所汽车维修培训中心。" + ZH_PAD
    assert "清迈府" in places(text)


def test_an_unknown_place_named_after_its_country_elsewhere_is_the_event_place():
    text = ("学院代表团访问了菲律宾宿务的两所学校。" "6月2日,两校合作十周年庆祝活动在宿务隆重举行。" + ZH_PAD)
    assert "宿务" in places(text)
    # never named after a country: not read as a place
    text = "6月2日,两校合作十周年庆祝活动在学校礼堂隆重举行。" + ZH_PAD
    assert places(text) == set()


def test_an_autonomous_region_written_whole_after_the_city_is_a_place():
    text = ("The skills festival was held in Hohhot, Inner Mongolia Autonomous Region, on Friday with teams from "
            "five countries. " + EN_PAD)
    assert {"Hohhot", "Inner Mongolia Autonomous Region"} <= places(text)
    # a bare province after the city is not (the gold files disagree on it)
    text = "The skills festival was held in Kunming, Yunnan, on Friday with teams from five countries. " + EN_PAD
    assert places(text) == {"Kunming"}


# --------------------------------------------------------------------------- areas


def test_students_accepted_from_abroad_or_travelling_as_a_delegation_are_an_exchange():
    text = "The polytechnic also admits students from Cambodia and Laos every year. " + EN_PAD
    assert "exchange_of_trainers_and_trainees" in areas(text)
    text = "In May a delegation of 12 automotive students spent a week at a college in Bangkok. " + EN_PAD
    assert "exchange_of_trainers_and_trainees" in areas(text)
    # students of the home country admitted are no exchange
    text = "The polytechnic admits 300 new students every year. " + EN_PAD
    assert "exchange_of_trainers_and_trainees" not in areas(text)


def test_chinese_students_going_to_a_foreign_school_to_exchange_are_an_exchange():
    text = "今年暑假,该校30名学生赴老挝合作院校交流。" + ZH_PAD
    assert "exchange_of_trainers_and_trainees" in areas(text)
    # going to a company is an internship, no exchange; a wish is none either
    text = "今年暑假,该校30名学生赴合作企业实习。" + ZH_PAD
    assert "exchange_of_trainers_and_trainees" not in areas(text)
    text = "双方表示,鼓励更多学生赴老挝合作院校交流。" + ZH_PAD
    assert "exchange_of_trainers_and_trainees" not in areas(text)


def test_chinese_standards_connected_or_course_resources_shared():
    text = "会议提出,推动两国职业技能标准的互联互通。" + ZH_PAD
    assert "skills_recognition" in areas(text)
    text = "两校商定,推进优质课程资源共享,共同培养技术人才。" + ZH_PAD
    assert "joint_curriculum_design" in areas(text)


# --------------------------------------------------------------------------- agreements


def test_the_body_named_right_before_yu_signs_whatever_its_kind():
    # a 信托局 (trust agency) with its short name in brackets is no college, company or ministry by its name, but it
    # signs (not the college named in the sentence before)
    text = ("11月3日,柬埔寨职业技术学院代表来访。" "当天,马来西亚青年信托局(玛拉)与南宁职业技术学院签署合作备忘录。" + ZH_PAD)
    assert agreements(text) == [{"马来西亚青年信托局(玛拉)", "南宁职业技术学院"}]


# --------------------------------------------------------------------------- people


def test_every_name_of_a_list_closed_by_its_number():
    text = "3月5日,学院院长王海率团访问泰国。麦建华、闻立、高晓峰及倪红等4位同志陪同出访。" + ZH_PAD
    assert {"麦建华", "闻立", "高晓峰", "倪红"} <= set(people(text))
    # a list that does not have as many items as its number: only the last item, as before
    text = "3月5日,学院院长王海率团访问泰国。高晓峰、倪红等8位同志陪同出访。" + ZH_PAD
    assert "高晓峰" not in people(text)


def test_a_latin_name_right_before_a_chinese_title():
    text = "6月3日,吴明校长与Maria Lourdes Santos校长签署协议,并与Rizal Bakar教务主任座谈。" + ZH_PAD
    found = people(text)
    assert "Maria Lourdes Santos" in found and "Rizal Bakar" in found


def test_four_characters_closed_by_le_after_a_title_are_no_name():
    text = "6月3日,学院党委书记张强仔细查看了实训室,院长认真听取了工作汇报。" + ZH_PAD
    assert "认真听取" not in people(text)


# --------------------------------------------------------------------------- places: short names of Chinese places


def test_the_one_character_short_name_of_a_chinese_city_or_province_is_a_place():
    text = "10月9日,老挝职业教育代表团一行8人来沪访问。" + ZH_PAD
    assert "沪" in places(text)
    text = "2023年9月,第五届职业教育合作论坛在蓉举行。" + ZH_PAD
    assert "蓉" in places(text)
    # not without an event verb after it, nor inside a longer place name
    text = "他毕业后来京工作多年。" + ZH_PAD
    assert "京" not in places(text)


# --------------------------------------------------------------------------- organisations


def test_a_short_name_declared_with_hereinafter_is_the_organisations():
    text = ("The centre was co-built by PT. Sinar Teknik Nusantara (hereinafter referred to as \"Sinar Teknik\") and "
            "the polytechnic. Budi Santoso, a manager of Sinar Teknik, spoke at the ceremony. " + EN_PAD)
    found = orgs(text)
    assert "Sinar Teknik" not in found and "PT. Sinar Teknik Nusantara" in found


def test_a_regional_bodys_acronym_before_its_member_countries_is_no_mention_of_the_body():
    text = ("The college has trained technicians for companies in ASEAN countries since 2015, and it hosted "
            "students from another ASEAN member state this year. " + EN_PAD)
    assert not {"ASEAN", "Association of Southeast Asian Nations"} & orgs(text)
    # the body itself, named as such, still is
    text = "The college signed a letter with the ASEAN Secretariat and said ASEAN supports the plan. " + EN_PAD
    assert {"ASEAN", "Association of Southeast Asian Nations"} & orgs(text)


def test_a_consulate_general_is_named_by_its_city():
    text = "Officials of the Indonesian Consulate-General in Guangzhou attended the ceremony on Monday. " + EN_PAD
    assert "Indonesian Consulate-General in Guangzhou" in orgs(text)


def test_a_verb_of_going_or_promoting_before_a_chinese_name_is_no_part_of_it():
    text = "访问团还赴泰国国际文化交流中心调研。" + ZH_PAD
    assert orgs(text) == {"泰国国际文化交流中心"}
    text = "大马亦推介中泰工业教育联盟的合作模式。" + ZH_PAD
    assert orgs(text) == {"中泰工业教育联盟"}


def test_the_day_that_opens_a_sentence_is_no_part_of_the_name_after_it():
    text = "6月4日泰国海上丝路孔子学院代表团来访。" + ZH_PAD
    assert orgs(text) == {"泰国海上丝路孔子学院"}


def test_a_chinese_name_with_its_latin_name_in_brackets_is_one_organisation():
    text = "当日,校长与宿务技术大学(Cebu Technological University)校长举行会谈。" + ZH_PAD
    found = extract(text).organisations
    assert len(found) == 1 and {"宿务技术大学", "Cebu Technological University"} <= {
        found[0].canonical_name, *found[0].aliases}


def test_a_unit_of_a_countrys_ministry_named_without_the_ministry_is_the_same_unit():
    text = "6月4日,泰国教育部职教委访问团一行来访。泰国职教委秘书长表示感谢。" + ZH_PAD
    assert orgs(text) == {"泰国教育部职教委"}


# --------------------------------------------------------------------------- people, counts


def test_a_title_ending_in_general_or_seated_in_a_city_before_a_name_in_apposition():
    text = "The Deputy Director General, Maria Santos, said the course would start in May. " + EN_PAD
    assert "Maria Santos" in people(text)
    text = "China's Consul General in Chiang Mai, Zhao Wei, said the college would help. " + EN_PAD
    assert "Zhao Wei" in people(text)


def test_the_ten_countries_of_asean_are_counted():
    def counted(t):
        return {(c.value, c.qualifier) for c in extract(t).counts}

    assert (10, "exactly") in counted("来自东盟十国的职业院校代表参加了论坛。" + ZH_PAD)
    # the two countries of a pair are not counted
    assert counted("中老两国代表出席了仪式。" + ZH_PAD) == set()


# --------------------------------------------------------------------------- activity kind


def test_a_chinese_meeting_with_an_official_or_a_delegation_led_abroad_is_a_visit():
    from tests.ingest._probes import kind

    text = ("总领事会见宿务两所学校代表\n\n3月2日,总领事会见宿务技术大学校长一行。" "双方就开展中菲职业教育合作交换了意见。" + ZH_PAD)
    assert kind(text) == "exchange_visit"
    text = ("学院院长率团访问越南\n\n2025年4月7日至11日,学院院长应邀率团赴越南开展出访活动,先后走访河内两所职业学院,"
            "并与其中一所学院签署了合作协议。" + ZH_PAD)
    assert kind(text) == "exchange_visit"


# --------------------------------------------------------------------------- people: verbs after a name; places: a city
# unknown to the gazetteer named with its province


def test_a_name_after_a_title_closed_by_a_verb_of_invitation_or_accompanying():
    text = "中国—东盟中心秘书长陈立华应邀出席论坛并致辞。" + ZH_PAD
    assert "陈立华" in people(text)
    text = "泰国职教委秘书长塔努随团来访,并参观了实训中心。" + ZH_PAD
    assert "塔努" in people(text)


def test_an_unknown_city_named_with_its_province_where_the_event_was():
    text = "The skills forum was held in Lanxi, Zhejiang Province, last week with 30 colleges. " + EN_PAD
    assert "Lanxi" in places(text)
    # not where someone only studied
    text = "He studied welding in Lanxi, Zhejiang Province, ten years ago. " + EN_PAD
    assert "Lanxi" not in places(text)
    text = "2024年5月8日,第三届职业教育合作论坛在福建平潭隆重举行。" + ZH_PAD
    assert {"平潭", "福建"} <= places(text)
    # a college after the province is no city
    text = "2024年5月8日,第三届职业教育合作论坛在广西大学隆重举行。" + ZH_PAD
    assert "大学" not in places(text)


def test_an_acronym_acting_in_the_headline_is_the_articles_own_institution():
    text = ("Skills Build Friendship-KVTI Delegation Completes Exchange Visit\n\nThe visit took place in Bangkok on "
            "Monday with 20 students. Five colleges signed agreements on apprenticeships. " + EN_PAD)
    assert "KVTI" in orgs(text)
    # a generic acronym in the same place is none
    text = ("Skills Build Friendship-TVET Delegation Completes Exchange Visit\n\nThe visit took place in Bangkok on "
            "Monday with 20 students. Five colleges signed agreements on apprenticeships. " + EN_PAD)
    assert "TVET" not in orgs(text)


def test_two_institutions_joined_by_a_dash_in_their_agreements_title_are_its_two_parties():
    text = "2023年5月,两校签订《中国南宁职业技术学院-越南海防职业学院战略合作框架协议》。" + ZH_PAD
    assert agreements(text) == [{"中国南宁职业技术学院", "越南海防职业学院"}]
    # the title names them even when a 与 of the sentence joins something else before the verb
    text = ("我校与海防职业学院经过多次线上沟通,决定以机械与电子专业为基础开展合作,2023年5月,两校签订《中国南宁职业技术学院"
            "-越南海防职业学院战略合作框架协议》。" + ZH_PAD)
    assert {"中国南宁职业技术学院", "海防职业学院"} in agreements(text)
    # a country before the dash still opens one name
    assert "中国-东盟中心" in orgs("2023年5月,中国—东盟中心与广西大学签署合作协议。" + ZH_PAD)


# --------------------------------------------------------------------------- the studied figures hold


def test_set_b_blind_scores_kept_and_its_studied_figures_hold():
    from tests.ingest._studied import STUDIED, part, studied

    here = Path(__file__).resolve().parent / "gold_eval"
    kept = (here / "blind_b_ner_scores.out").read_text(encoding="utf-8")
    assert "(12 articles)" in kept and "agreements" in kept
    assert "b" in STUDIED and "c" not in STUDIED and "e" not in STUDIED
    everything = studied()  # the studied sets, evaluated once (tests/ingest/_studied.py)
    # b after its study (sixteenth round): floors just below the figures reported in the README
    b = part(everything, "b")
    assert b["amounts"].f1 >= 0.99 and b["places"].f1 >= 0.95 and b["dates"].f1 >= 0.95
    assert b["people"].f1 >= 0.91 and b["counts"].f1 >= 0.90 and b["organisations"].f1 >= 0.85
    assert b["agreements"].f1 >= 0.80 and b["areas"].f1 >= 0.74 and b["activity_kind"].f1 >= 0.72
    # the 189 articles of d to z no worse than before this round
    before = part(everything, "dhfgkmnpqrstuvwyz")
    assert before["organisations"].f1 >= 0.94 and before["people"].f1 >= 0.965 and before["dates"].f1 >= 0.95
    assert before["counts"].f1 >= 0.96 and before["places"].f1 >= 0.93 and before["areas"].f1 >= 0.95
    assert before["activity_kind"].f1 >= 0.92 and before["agreements"].f1 >= 0.94 and before["amounts"].f1 >= 0.99
