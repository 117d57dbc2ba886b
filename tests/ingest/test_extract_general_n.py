"""General mechanisms added after the blind set n of the evaluation articles (issue 12, sixth round): each
is a class of errors seen on n (publication lines, a month ahead, where an activity held at an organisation
is, places named as parts of cities or at a distance, ...), tested on sentences written for the test with
hand-written expectations (pure pytest, no database)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from skillsnet.ingest.extract import extract  # noqa: E402


def dates(draft):
    return {(d.start, d.end) for d in draft.dates}


def places(text):
    return [p.name for p in extract(text).places]


# --------------------------------------------------------------------------- dates: publication lines, a month ahead


def test_publication_lines_posted_at_or_reposted_from_date_the_partial_dates():
    d = extract("A new course opens\n\n发布于:2023年03月09日 | 转载自:某某网\n\nHANOI, March 8 (Xinhua) -- A course for "
                "technicians was held on Wednesday at a college in the city.")
    assert str(d.published) == "2023-03-09"
    assert ("2023-03-08", None) in dates(d)
    d = extract("某学院举行开班仪式\n\n发布于2020-06-03 08:10:00\n\n6月2日,某学院举行培训班开班仪式,学员来自老挝。")
    assert str(d.published) == "2020-06-03" and ("2020-06-02", None) in dates(d)


def test_a_month_after_the_publication_said_to_come_is_this_years():
    d = extract("学校访问\n\n发布时间:2018-05-10\n\n5月9日,代表团到访我校。学校8月份会迎来20名留学生,11月将举办培训班。")
    got = dates(d)
    assert ("2018-08", None) in got and ("2018-11", None) in got
    # without a future marker a later month in a spring article is last year's
    d = extract("学校访问\n\n发布时间:2018-05-10\n\n5月9日,代表团到访我校。双方于11月签署了协议。")
    assert ("2017-11", None) in dates(d)


# --------------------------------------------------------------------------- places


def test_an_activity_held_at_an_organisation_is_in_the_city_after_its_name():
    assert places("The scholarships were presented during a ceremony on Tuesday at the Lao Embassy in Bangkok.") == ["Bangkok"]
    assert "Nanning" in places("She took part in a two-week training course in 2022 at Guangxi Polytechnic of Construction in Nanning.")
    # without "at", a city after a name is where the organisation sits, not where the activity was
    assert "Beijing" not in places("Mr Phan of the Embassy of Vietnam in Beijing welcomed the guests.")


def test_a_place_named_as_part_of_a_city_even_when_unknown_to_the_gazetteer():
    got = extract("A ceremony was held Monday in Phnom Penh's northern suburb of Chroy Changvar for 12 trainees.").places
    hit = [p for p in got if p.name == "Chroy Changvar"]
    assert hit and hit[0].country == "KH"


def test_an_activity_given_at_a_distance_is_online():
    assert "online" in places("The course was delivered by means of remote connection and cloud teaching to 40 teachers.")
    assert "online" in places("The Online Research and Study Program for Local Teachers was initiated on May 3, 2021.")
    assert "online" not in places("The ministry visited the college in Vientiane and toured its workshops.")


def test_a_chinese_visit_names_the_city_of_its_stops():
    assert "曼谷" in places("代表团还深入到泰国曼谷的职业院校和企业实地了解职业教育发展情况。")


# --------------------------------------------------------------------------- organisations without a head noun, programmes


def org_names(draft):
    return {o.canonical_name for o in draft.organisations} | {a for o in draft.organisations for a in o.aliases}


def test_a_name_spelled_by_its_bracketed_acronym_is_an_organisation_not_a_person():
    d = extract("Twelve welders graduated, according to Surya Beton Nusantara (SBN) director Li Ming.")
    assert "Surya Beton Nusantara" in org_names(d)
    assert "Surya Beton Nusantara" not in {p.name for p in d.people}
    # a state's name spelled by its acronym is no organisation
    assert "People's Democratic Republic" not in org_names(extract("He visited the Lao People's Democratic Republic (PDR) in May."))


def test_a_firm_named_by_what_people_manage_or_work_at():
    d = extract("Chen Bo, HR Manager of KTX Energy, welcomed them. Siti, working in quality control at HaiBo Cement "
                "Indonesia, joined in 2021. The crane maker XuGong hired ten of them.")
    assert {"KTX Energy", "HaiBo Cement Indonesia", "XuGong"} <= org_names(d)
    assert "KTX Energy" not in {p.name for p in d.people}


def test_a_head_followed_by_a_speaker_ends_the_name():
    d = extract("Director of Training at the Manpower Ministry Budiman said the course would continue.")
    assert "Manpower Ministry" in org_names(d)
    assert "Budiman" in {p.name for p in d.people}


def test_programmes_and_projects_are_kept_apart_from_organisations():
    d = extract("The Online Study Program for Local Teachers was run by Hunan Vocational College. "
                "中国援老挝万象职业培训中心升级改造项目启动仪式12月8日在万象举行。")
    assert "Hunan Vocational College" in org_names(d)
    assert not [n for n in org_names(d) if n.endswith(("Program", "Teachers", "项目"))]
    assert "中国援老挝万象职业培训中心" in org_names(d)
    assert any(p.canonical_name.endswith("Program for Local Teachers") for p in d.programmes)


def test_a_country_in_its_one_character_form_is_the_same_name():
    d = extract("中国援柬埔寨金边职业培训中心举行仪式。中国援柬金边职业培训中心将培训学员。")
    assert len([o for o in d.organisations if "金边职业培训中心" in o.canonical_name]) == 1


# --------------------------------------------------------------------------- people named once


def test_a_single_name_after_a_role_noun_or_an_organisation_and_before_a_verb_of_saying():
    names = {p.name for p in extract("Cambodian trainee Sokha said the course was hard. A leader of the "
                                     "Education Ministry Haryanto told reporters the plan was ready.").people}
    assert {"Sokha", "Haryanto"} <= names


def test_chinese_officials_of_a_province_and_a_transliterated_name_between_an_organisation_and_its_title():
    got = {p.name: p.title for p in extract("万象省常务副书记常务副省长坎平、万象省副省长通西出席。"
                                           "老挝教育部坎蓬司长认为,培训很有必要。使馆经商参赞王一鸣也出席。").people}
    assert got.get("坎平") == "常务副省长" and got.get("通西") == "副省长"
    assert got.get("坎蓬") == "司长"
    assert "经商" not in got and "常务" not in got


# --------------------------------------------------------------------------- areas and the kind of activity


def areas(text):
    return {a.code for a in extract(text).areas}


def test_teachers_trained_with_words_between_the_verb_and_its_object():
    assert "faculty_development" in areas("The two universities agreed on jointly training Thai language teachers for the institute.")
    assert "faculty_development" in areas("中国援老挝职业培训中心项目内容包括新建培训厂房,提供设备和教材,培训老方教师等。")
    # "training of teachers" stays the training of trainers
    assert "faculty_development" not in areas("The training of teachers was discussed.") or \
        "training_of_trainers" in areas("The training of teachers was discussed.")


def test_language_study_and_training_facilities_in_chinese():
    assert "language_training" in areas("10月份会迎来12名留学生,他们将参加语言专修和专业学习。")
    assert "practical_training" not in areas("代表团参观了校内各实训基地,并介绍了学校的实训资源。")
    assert "practical_training" in areas("根据协议,两校学生将在合作企业开展实训和顶岗实习,提升技能水平。")


def test_a_training_said_to_last_some_days_is_the_activity():
    d = extract("The Online Teacher Program was officially initiated on 3 May 2021 by the two colleges. "
                "This training lasted 10 days, with a focus on hotel management.")
    assert d.activity_kind == "training_programme"


def test_a_chinese_headline_says_what_the_article_reports():
    pad = "该中心以服装专业为依托,聚集各方优势资源,为当地相关行业人才提供支持,推动职业教育标准走出去。" * 10
    d = extract("职业技能培训中心在老挝揭牌\n\n近日,应老挝教育部邀请,云南省教育厅代表团对老挝进行访问,期间培训中心揭牌。" + pad
                + "代表团与老挝教育部领导会晤。代表团还走访了万象的职业院校。")
    assert d.activity_kind == "programme_launch"


# --------------------------------------------------------------------------- Chinese organisation names


PAD = "两校代表在会上介绍了各自学校的办学情况和国际合作现状。"


def test_chinese_names_whose_field_is_two_words_joined_by_and_after_a_place_or_a_verb_like_word():
    names = org_names(extract("近年,某某职业技术学院与老挝占巴塞省教育与体育厅建立合作机制,是在教育部国际合作与交流司指导下。" + PAD))
    assert {"老挝占巴塞省教育与体育厅", "教育部国际合作与交流司"} <= names
    names = org_names(extract("期间“丝路工坊”老挝青年技术人员培训和研修中心在万象揭牌。" + PAD))
    assert "老挝青年技术人员培训和研修中心" in names and "研修中心" not in names


def test_chinese_name_cut_neither_at_a_literary_zhi_nor_kept_with_an_invitation_ying():
    names = org_names(extract("应柬埔寨王国教育部的邀请,学院与广州天之骄科技有限公司共同前往金边。" + PAD))
    assert "广州天之骄科技有限公司" in names
    assert not [n for n in names if n.startswith("应")]


def test_a_quoted_brand_before_the_full_name_and_a_federal_republic_are_one_organisation_each():
    d = extract("近日,应缅甸联邦共和国教育部邀请,“衣路工坊”缅甸青年技术人员培训和研修中心揭牌。代表团分别与缅甸教育部及工业部领导会晤。" + PAD)
    ministry = [o for o in d.organisations if o.canonical_name.endswith("教育部")]
    centre = [o for o in d.organisations if "研修中心" in o.canonical_name or "衣路工坊" in o.canonical_name]
    assert len(ministry) == 1 and len(centre) == 1


# --------------------------------------------------------------------------- people and counts in longer phrases


def test_an_apposition_running_into_a_dashed_aside_before_the_verb():
    d = extract("Putu Ayu Lestari, a Balinese working in logistics at HaiXin Shipping Indonesia -- a Surabaya-based "
                "subsidiary of a Chinese shipping group -- is among the graduates of the programme.")
    assert "Putu Ayu Lestari" in {p.name for p in d.people}


def test_modifiers_listed_before_the_counted_noun_and_a_headline_count_told_again_in_other_words():
    d = extract("China awards scholarships to 120 Lao students\n\nThe grants will help 120 bachelor's, master's, and "
                "doctoral students pursue degrees in China. More than 2,000 Lao students have received them.")
    got = sorted((c.value, c.counted) for c in d.counts)
    assert got == [(120, "Lao students"), (2000, "Lao students")]
    d = extract("The grants will help 40 bachelor's and master's students pursue degrees in China.")
    assert [(c.value, c.counted) for c in d.counts] == [(40, "bachelor's and master's students")]


def test_a_post_held_concurrently_and_one_firm_under_two_legal_forms():
    d = extract("万象省副省长兼计划与投资厅厅长坎平、天马公司代表出席。天马集团将与学校共建实训基地。" + PAD)
    assert "计划与投资厅" in org_names(d)
    assert len([o for o in d.organisations if o.canonical_name.startswith("天马")]) == 1


def test_an_award_in_the_headline_is_news_not_an_activity_unless_the_headline_names_one():
    text = ("Japan awards scholarships to 40 Lao students\n\nThe scholarships cover a short course program in "
            "Japanese and a training in Osaka for the students, the embassy said on Monday.")
    assert extract(text).activity_kind is None
    text = ("Scholarship students open their training course in Osaka\n\nThe training course for 40 Lao students "
            "opened on Monday with a ceremony at the college.")
    assert extract(text).activity_kind == "training_programme"


def test_a_visits_stops_listed_before_their_city_and_a_city_opening_the_next_name_in_a_list():
    assert "Nanning" in places("The delegation visited Guangxi Vocational College, Nanning Technical School and "
                               "Guangxi Polytechnic College in Nanning on the second day.")
    assert "Wenzhou" not in places("The delegation visited Zhejiang Boda Equipment Co., Ltd., Wenzhou University and "
                                   "Jinhua Polytechnic College.")


# --------------------------------------------------------------------------- the blind set n itself


def test_blind_set_n_is_sourced_its_blind_score_kept_and_its_studied_figures_hold():
    import json

    from skillsnet.ingest.evaluate import evaluate

    here = Path(__file__).resolve().parent / "gold_eval"
    golds = sorted(here.glob("n*.json"))
    assert len(golds) >= 10 and all(p.with_suffix(".txt").exists() for p in golds)
    sources = [json.loads(p.read_text(encoding="utf-8"))["source"] for p in golds]
    assert sum(s["language"] == "zh" for s in sources) >= 4
    assert all(s["split"] == "n" and s["url"].startswith("http") for s in sources)
    kept = (here / "blind_n_scores.out").read_text(encoding="utf-8")
    assert "(11 articles)" in kept and "organisations │      0.78 │   0.74 │ 0.76" in kept
    # n was studied after its blind run (sixth round): floors just below the figures reported in the README
    n = evaluate(here, only="n")
    for f in ("organisations", "people", "dates", "counts", "places", "activity_kind"):
        assert n[f].f1 >= 0.9, (f, n[f].as_dict(detail=False))
    assert n["areas"].f1 >= 0.85, n["areas"].as_dict(detail=False)


def test_a_weekday_or_a_date_after_a_name_closes_it():
    assert "Ministry of Education" in org_names(extract("A spokesperson for the Ministry of Education Tuesday said the plan was ready."))
    assert "Ministry of Labour" in org_names(extract("The Ministry of Labour May 3 announced a new course."))
