"""Classes of errors found on the fresh held-out set (f*) and the blind set (g*) of the evaluation
articles (issue 12, item 7), each tested in general on sentences written for the test, with
hand-written expectations (pure pytest, no database)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from skillsnet.ingest.extract import extract  # noqa: E402


def areas(text):
    return {a.code for a in extract(text).areas}


# --------------------------------------------------------------------------- areas written as phrases

@pytest.mark.parametrize("text, code", [
    ("The two colleges will strengthen teachers' capacity in robotics.", "faculty_development"),
    ("The plan covers trainer capacity building and equipment.", "faculty_development"),
    ("It opened a training for local teachers of logistics.", "faculty_development"),
    ("The ministry discussed sending teachers from Laos to be trained in China.", "faculty_development"),
    ("Both sides agreed on faculty exchange and shared resources.", "exchange_of_trainers_and_trainees"),
    ("They will expand students exchange opportunities.", "exchange_of_trainers_and_trainees"),
    ("The deal includes student and teacher exchanges.", "exchange_of_trainers_and_trainees"),
    ("The institutes will modernise curricula for green jobs.", "joint_curriculum_design"),
    ("The college runs a Chinese + vocational skills programme.", "language_training"),
    ("两校代表在会上介绍了各自学校的办学情况和国际合作现状。双方将在科研、学生交换等方面开展合作。", "research"),
    ("两校代表在会上介绍了各自学校的办学情况和国际合作现状。双方将在学生交换等方面开展合作。", "exchange_of_trainers_and_trainees"),
    ("两校代表在会上介绍了各自学校的办学情况和国际合作现状。双方将在中文学习、教师培训等方面开展合作。", "language_training"),
    ("两校代表在会上介绍了各自学校的办学情况和国际合作现状。项目为当地学校培养了一批种子教师。", "faculty_development"),
])
def test_areas_written_as_phrases(text, code):
    assert code in areas(text)


@pytest.mark.parametrize("text, code", [
    ("The exchange rate and the student body were discussed.", "exchange_of_trainers_and_trainees"),
    ("The curriculum vitae of the director was shared.", "joint_curriculum_design"),
    ("两校代表在会上介绍了各自学校的办学情况和国际合作现状。学校科研处处长出席了会议。", "research"),
])
def test_words_that_only_look_like_areas(text, code):
    assert code not in areas(text)


# --------------------------------------------------------------------------- places

def places(text):
    return [p.name for p in extract(text).places]


@pytest.mark.parametrize("text, expected", [
    # an outlet before the dateline city
    ("NewsWire, Battambang, 3 March 2021 - Two institutes signed a cooperation agreement.", ["Battambang"]),
    # a virtual ceremony is an online event
    ("The colleges signed the MoU during a virtual ceremony attended by both rectors.", ["online"]),
    # guests attending online, and no venue named: online
    ("Officials of both ministries attended the opening ceremony online.", ["online"]),
    # guests attending online an event held at a named venue: not an online event
    ("The forum was held at Grand Hall Hotel. Forty colleges attended online.", []),
    # the province right after a city is the city's region, not a second place
    ("A delegation visited Liuzhou City in Guangxi to discuss training.", ["Liuzhou"]),
    # no other place: the city that begins the name of the host institution
    ("The officials escorted 20 students to Leshan Vocational and Technical College for enrollment.", ["Leshan"]),
    ("Thirty trainees completed a course at the Chongqing Vocational Training College in China.", ["Chongqing"]),
])
def test_places(text, expected):
    assert places(text) == expected


def test_host_institution_city_is_only_a_fallback():
    text = ("The training was held in Vientiane. Ten teachers from the Kunming Vocational College attended "
            "the training at the Kunming Vocational College stand.")
    assert places(text) == ["Vientiane"]


# --------------------------------------------------------------------------- dates

def date_keys(text):
    return {(d.start, d.end) for d in extract(text).dates}


ZH_LEAD = "两校代表在会上介绍了各自学校的办学情况和国际合作现状。"


def test_iso_date_glued_to_chinese_page_furniture_is_the_publication_date():
    draft = extract("常州职业学院新闻\n发布者:王明发布时间:2022-03-21浏览次数:51\n10月21日,两校在线上举行签约仪式。" + ZH_LEAD)
    assert str(draft.published) == "2022-03-21"
    assert date_keys("常州职业学院新闻\n发布者:王明发布时间:2022-03-21浏览次数:51\n10月21日,两校在线上举行签约仪式。"
                     + ZH_LEAD) == {("2022-03-21", None), ("2021-10-21", None)}


def test_outlet_dateline_opening_a_long_lead_dates_the_weekday():
    text = ("Institutes sign agreement\n\nNewsWire, Phnom Penh, 15 November 2017 - The Industrial Institute and the "
            "Zibo Vocational Institute signed here Wednesday a memorandum of understanding on cooperation in "
            "vocational education, with scholarships for students and a joint training centre for employees.")
    assert date_keys(text) == {("2017-11-15", None)}


@pytest.mark.parametrize("text, expected", [
    ("The conference held at Grand Hotel, Jakarta (24-25/4) gathered 40 colleges.", {("--04-24", "--04-25")}),
    ("The meeting in Bandung (3/5) was short.", {("--05-03", None)}),
    ("The growth was 24/4 per cent (25/13) in the survey.", set()),
])
def test_day_month_numbers_in_parentheses(text, expected):
    assert date_keys(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("5月初,学校与4所印尼高职院校开展了线上交流。" + ZH_LEAD, {("--05", None)}),
    ("2013年3月和5月,双方两次举办了洽谈会。" + ZH_LEAD, {("2013-03", None), ("2013-05", None)}),
    ("培训为期3个月,共有20名教师参加。" + ZH_LEAD, set()),
])
def test_chinese_month_without_year(text, expected):
    assert date_keys(text) == expected


def test_relative_year_without_publication_counts_from_the_lead_date():
    text = ("2013年5月28日,中国-印尼高等职业教育合作洽谈会在北京召开。双方回顾了今年3月在雅加达举办的洽谈会。" + ZH_LEAD)
    assert date_keys(text) == {("2013-05-28", None), ("2013-03", None)}


# --------------------------------------------------------------------------- activity kind

def kind(text):
    return extract(text).activity_kind


@pytest.mark.parametrize("text, expected", [
    # the opening ceremony of a training is the training
    ("Opening Ceremony of Digital Skills Training for Local Teachers Held\n\nThe opening ceremony of the "
     "digital skills training for local teachers was held on Monday. Forty teachers will attend the course.",
     "training_programme"),
    # a signing that has not happened is not a signing ceremony
    ("The minister conferred diplomas to 34 trainees at the graduation ceremony of the course. A memorandum of "
     "understanding has been prepared for signing between the ministry and the college.", "training_programme"),
    ("The Secretary-General paid a courtesy call on the Secretary of State of the ministry. The centre has "
     "facilitated the signing of 450 MoUs between colleges.", "exchange_visit"),
    ("日前,鲁班工坊验收评估会议在天津召开,专家组听取了项目建设汇报,并查阅了建设档案和技能大赛资料。", "working_group_meeting"),
])
def test_activity_kind(text, expected):
    assert kind(text) == expected


def test_a_reported_signing_is_still_a_signing_ceremony():
    assert kind("The two colleges signed a memorandum of understanding on 3 May. It will strengthen "
                "teacher exchanges.") == "signing_ceremony"


# --------------------------------------------------------------------------- organisations

def org_names(text):
    """Every name of every organisation found: {canonical: set of all its names}."""
    return {o.canonical_name: {o.canonical_name, o.mention, *o.aliases} for o in extract(text).organisations}


def test_an_institution_named_in_the_complement_of_another_is_its_own_organisation():
    got = org_names("The ministry and Yalong Silk Road College of Wenzhou Vocational and Technical College "
                    "signed an agreement.")
    assert "Yalong Silk Road College" in got and "Wenzhou Vocational and Technical College" in got


def test_a_complement_followed_by_another_institution_stays_with_its_head():
    got = org_names("Teachers went to Bali National Institute of Technology and Surabaya State Shipping "
                    "Polytechnic for exchanges.")
    assert "Bali National Institute of Technology" in got and "Surabaya State Shipping Polytechnic" in got


def test_also_known_as_declares_one_organisation():
    orgs = extract("Battambang Institute of Technology and Xiangyang Vocational College of Science and Technology "
                   "(also known as Xiangyang Technician College) signed an MoU. Xiangyang Technician College will "
                   "send teachers.").organisations
    xy = [o for o in orgs if "Xiangyang" in o.canonical_name]
    assert len(xy) == 1 and "Xiangyang Technician College" in {xy[0].canonical_name, *xy[0].aliases}


def test_a_final_country_qualifier_gives_a_name_without_it():
    got = org_names("Boualoy Ithyphone, Deputy Director of the Luang Prabang Provincial Department of Education and "
                    "Sports of Laos, led the delegation.")
    [names] = [v for k, v in got.items() if "Luang Prabang" in k]
    assert "Luang Prabang Provincial Department of Education and Sports" in names


@pytest.mark.parametrize("text", [
    "Cheng Dingbin, Secretary of the Party Committee of the school, met the guests.",
    "Officials of the Directorate General attended the ceremony.",
])
def test_generic_bodies_are_not_organisations(text):
    assert not [o for o in extract(text).organisations if o.canonical_name in ("Party Committee", "Directorate General")]


ZH_PAD = "两校代表在会上介绍了各自学校的办学情况和国际合作现状。"


def zh_org_names(text):
    return {o.canonical_name for o in extract(text + ZH_PAD).organisations}


@pytest.mark.parametrize("text, absent", [
    ("郭晓飞代表学校对老挝国立大学一行的到访表示热烈欢迎。", "郭晓飞代表学校"),
    ("他介绍了老挝国立大学的办学规模、专业布局及国际合作现状。", "专业布局"),
    ("会后将组织相关二级学院尽快确定合作专业。", "相关二级学院"),
    ("UNTAG大学是一所印尼本土老牌大学,历史悠久。", "印尼本土老牌大学"),
    ("学校致力于与沿线国家政府、高校开展合作。", "沿线国家政府"),
    ("与印尼52所理工学院、高等技术学院、社区学院签署了合作协议。", "高等技术学院"),
    ("为实施东南亚职业教育产教融合联盟工作计划,学校举办了研讨会。", "东南亚职业教育产教融合联盟工作计划"),
])
def test_chinese_descriptions_and_phrases_are_not_organisations(text, absent):
    assert absent not in zh_org_names(text)


def test_chinese_via_before_a_country_is_not_part_of_the_name():
    assert "印尼驻华大使馆" in zh_org_names("经印尼驻华大使馆文化参赞推荐,学校与4所印尼高职院校开展了线上交流。")


def test_chinese_coordination_inside_a_centre_name():
    assert "天津市鲁班工坊研究与推广中心" in zh_org_names("天津市鲁班工坊研究与推广中心聘请七位专家组成评估专家组。")


def test_chinese_short_forms_of_a_country_and_an_embassy_are_one_organisation():
    names = zh_org_names("由中国-东盟中心和印度尼西亚共和国驻华大使馆共同举办的洽谈会召开。中心与印尼驻华使馆开展了合作。")
    assert "印度尼西亚共和国驻华大使馆" in names and "印尼驻华使馆" not in names


def test_latin_names_glued_to_chinese_characters_are_found():
    names = zh_org_names("黎明职业大学, STT Dumai、STMIK PPKIA、Balitar Islamic University等24所印度尼西亚高校参与交流。")
    assert {"Balitar Islamic University", "STT Dumai", "STMIK PPKIA"} <= names


def test_a_chinese_learned_society_named_by_two_fields():
    assert "印度尼西亚高等教育信息学与计算机科学学会" in zh_org_names(
        "马来西亚国际文化交流中心、印度尼西亚高等教育信息学与计算机科学学会合作组织了研讨会。")


def test_a_school_of_a_chinese_named_university_is_not_part_of_its_name():
    names = zh_org_names("现代装备制造学院党总支书记林伟和UNTAG大学工程学院院长Sajiyo进行了交流。")
    assert "UNTAG大学工程学院" not in names and "工程学院" in names


# --------------------------------------------------------------------------- people

def people(text):
    return {p.name: p.title for p in extract(text).people}


def test_names_followed_by_academic_degrees():
    got = people("The delegation was represented by Agung Wahyono, SP., M.Si., Ph.D., Vigo Dewangga, S.S., M.Pd., "
                 "Rifqi Dwi Anggraeni, S. Sos, Dian Rizky, S.ST., M.Tr.P., who was appointed as co-host.")
    assert {"Agung Wahyono", "Vigo Dewangga", "Rifqi Dwi Anggraeni", "Dian Rizky"} <= set(got)


def test_student_before_a_name_is_a_title():
    got = people("“I hope to learn a lot,” said student Tien Zhi Xian on October 16. Lao student Mei Lin expressed "
                 "her thanks.")
    assert got.get("Tien Zhi Xian") == "student" and got.get("Mei Lin") == "student"


def test_latin_names_in_chinese_text_after_a_title_or_before_an_honorific():
    got = people("印尼高等教育信息学与计算机科学学会主席Betty Dewi Puspasari女士,STMIK PPKIA校长Mohammad Akhriza先生,"
                 "Balitar Islamic University副校长Dr.Supriyono先生等参会院校代表表达了合作的愿望。")
    assert {"Betty Dewi Puspasari", "Mohammad Akhriza", "Supriyono"} <= set(got)
    assert not {n for n in got if "University" in n}


def test_three_part_dotted_chinese_transcriptions_after_a_title():
    got = people("印尼巴淡理工学院国际交流处主任伊尔卡姆·努格罗霍·普特罗参加本次会议,双方就合作进行了交流。")
    assert "伊尔卡姆·努格罗霍·普特罗" in got and not [n for n in got if n.startswith("任")]


def test_chinese_verbs_after_a_title_are_not_names():
    got = people("经印尼驻华大使馆文化参赞推荐,学校与4所印尼高职院校开展了线上交流。理事长白妮丝总结了联盟成立以来的合作。")
    assert "推荐" not in got and "白妮丝" in got


# --------------------------------------------------------------------------- agreements

def test_an_opening_supported_by_phrase_does_not_hide_the_signing_parties():
    d = extract("Supported by the International Labour Organization (ILO), China's Zhejiang Construction Technician "
                "College (ZCTC) and Cambodia's Polytechnic Institute of Pursat Province (PIPP) signed the MoU in "
                "Zhejiang on 30 July 2025.")
    assert [sorted(a.parties) for a in d.agreements] == [
        ["Polytechnic Institute of Pursat Province", "Zhejiang Construction Technician College"]]


def test_supported_by_after_the_parties_still_excludes_the_supporter():
    d = extract("Battambang Institute of Technology and Xiangyang Vocational College signed an MoU, supported by "
                "the International Labour Organization (ILO).")
    assert [sorted(a.parties) for a in d.agreements] == [["Battambang Institute of Technology", "Xiangyang Vocational College"]]


# --------------------------------------------------------------------------- counts

def test_chinese_things_counted_after_their_noun():
    got = {(c.value, c.counted) for c in extract(
        "项目共计建成3个实训中心;配备教育装备1613台套,开发立体化教学资源133套,为当地培养了大批人才。" + ZH_PAD).counts}
    assert {(3, "实训中心"), (1613, "教育装备"), (133, "立体化教学资源")} <= got


# --------------------------------------------------------------------------- the blind set g

def test_blind_set_is_sourced_and_its_blind_score_is_kept():
    import json

    from tests.ingest._studied import studied

    here = Path(__file__).resolve().parent / "gold_eval"
    golds = sorted(here.glob("g*.json"))
    assert len(golds) >= 8
    langs = [json.loads(p.read_text(encoding="utf-8"))["source"]["language"] for p in golds]
    assert langs.count("zh") >= 3
    assert "(9 articles)" in (here / "blind_g_scores.out").read_text(encoding="utf-8")
    # floors below the final figures reported in the README: a change that loses a class fails here
    everything = studied()  # the studied sets
    for f in ("organisations", "people", "dates", "counts", "places", "areas", "activity_kind"):
        assert everything[f].f1 >= 0.9, (f, everything[f].as_dict(detail=False))


def test_a_lower_case_title_after_an_organisations_possessive():
    got = people("The deal was inked by ITI's director Moan Sam Oeurn and ZBVI's Vice President Jiang Yilin.")
    assert got.get("Moan Sam Oeurn") == "director" and "Jiang Yilin" in got


def test_a_conjunction_opening_the_sentence_is_not_part_of_the_name():
    got = people("And Saiful Anwar, S.TP., MP, who is the Director of Polije, was an invited guest.")
    assert "Saiful Anwar" in got and not [n for n in got if n.startswith("And ")]
