"""General mechanisms added after the blind set p of the evaluation articles (issue 12, seventh round): each
is a class of errors seen on p (provinces listed after their plural noun, a place before the day of the
activity, a venue given as a chain of parts, administrative units in Chinese, legal forms in capitals, an
embassy named by the country it is accredited to, ...), tested on sentences written for the test with
hand-written expectations (pure pytest, no database)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from skillsnet.ingest.extract import extract  # noqa: E402


def places(text):
    return {p.name: p.country for p in extract(text).places}


PAD = "两校代表在会上介绍了各自学校的办学情况和国际合作现状。"  # enough Chinese text to be read as Chinese


def org_names(draft):
    return {o.canonical_name for o in draft.organisations} | {a for o in draft.organisations for a in o.aliases}


# --------------------------------------------------------------------------- places


def test_provinces_listed_after_their_plural_noun_are_places_even_unknown_to_the_gazetteer():
    got = places("The forum gathered 30 guests in three Lao provinces, namely Bokeo, Muang Sing and Phongsaly.")
    assert got.get("Bokeo") == "LA" and got.get("Muang Sing") == "LA" and got.get("Phongsaly") == "LA"
    got = places("The college organized a meeting with two districts of Cambodia (including: Kien Svay, Ponhea Leu).")
    assert got.get("Kien Svay") == "KH" and got.get("Ponhea Leu") == "KH"
    # a list without an activity in its sentence is no place of the activity
    assert "Bokeo" not in places("Laos has many provinces, namely Bokeo, Muang Sing and Phongsaly.")


def test_each_site_of_an_activity_named_with_its_country_in_brackets():
    got = places("The seminar was organized online at the two sites of Dien Bien (Vietnam) and Pu'er (China).")
    assert got.get("Dien Bien") == "VN"


def test_a_city_before_the_day_of_the_activity_a_direction_word_allowed():
    assert "Bangkok" in places("The embassy held a farewell ceremony for the students in eastern Bangkok on Friday.")
    assert "Bangkok" not in places("The embassy will hold a farewell ceremony in eastern Bangkok on Friday.")


def test_a_place_named_with_the_word_city_and_the_region_after_it():
    got = places("The agreement was signed during the fair in Kota Baru City, Bekasi, the organisers said.")
    assert "Kota Baru City" in got and "Bekasi" in got


def test_a_venue_given_as_a_chain_of_parts_ends_in_its_city():
    assert "Bandung" in places("The signing of the agreement took place in the Rector's Hall, North Campus, Ciwaruga, "
                               "Bandung, on Monday.")


def test_the_city_in_the_name_of_the_institution_that_hosted_the_activity():
    assert "Rayong" in places("The forum was held in Eastern Industrial College of Rayong Province, Thailand.")


def test_an_activity_held_on_a_day_online():
    assert "online" in places("A meeting between the two colleges was held on Oct 12 online with three venues.")


def test_chinese_administrative_units_named_after_a_country_before_the_event_verb():
    got = places("2023年4月2日,双方共建的实训中心在泰国那空拍侬府塔帕侬县正式揭牌。")
    assert got.get("那空拍侬府") == "TH" and got.get("塔帕侬县") == "TH"
    # a unit whose city the vocabulary knows is that city, named once
    got = places("2023年4月2日,双方共建的实训中心在老挝沙湾拿吉省凯山丰威汉县正式揭牌。")
    assert got.get("沙湾拿吉") == "LA" and got.get("凯山丰威汉县") == "LA" and "沙湾拿吉省" not in got


# --------------------------------------------------------------------------- organisations


def test_a_legal_form_in_capitals_and_a_firm_of_one_word_and_its_legal_form():
    d = extract("Delegates of NIO Co., LTD., Sany Heavy Industry CO., LTD. and the college attended the forum.")
    assert {"NIO Co., Ltd.", "Sany Heavy Industry Co., Ltd."} <= org_names(d)
    assert not [p for p in d.people if "NIO" in p.name]


def test_the_rest_of_a_place_name_after_of_is_no_person():
    d = extract("Wang Lei, head of the Culture Department of Ningxia Hui Autonomous Region, opened the course.")
    assert "Culture Department of Ningxia Hui Autonomous Region" in org_names(d)
    assert {p.name for p in d.people} == {"Wang Lei"}


def test_an_embassy_named_by_the_country_it_is_accredited_to():
    d = extract("Li Na, counsellor of the Chinese Embassy to Myanmar, attended the ceremony.")
    assert "Chinese Embassy to Myanmar" in org_names(d)


def test_an_office_named_with_the_whole_name_of_the_body_it_serves_but_not_a_part_of_it():
    assert "Office of the Higher Education Commission" in org_names(
        extract("The course opened at Office of the Higher Education Commission in Bangkok."))
    d = extract("The Economic and Commercial Office of the Chinese Embassy in Laos signed it.")
    assert "Economic and Commercial Office of the Chinese Embassy in Laos" not in org_names(d)


def test_a_list_of_places_closing_with_province_is_not_part_of_the_name_before_it():
    d = extract("Leaders of the Department of Health, Labour and Welfare of the Bokeo, Luang Namtha, Oudomxay "
                "province attended the meeting.")
    assert "Department of Health, Labour and Welfare" in org_names(d)


# --------------------------------------------------------------------------- counts, dates, areas


def counts(text):
    return sorted((c.value, c.qualifier) for c in extract(text).counts)


def test_a_decimal_before_a_scale_word_is_a_whole_count():
    assert counts("The fund will reach approximately 2.5 million rural youths by 2030.") == [(2500000, "about")]


def test_the_same_group_told_again_with_its_country_put_another_way_is_one_count():
    text = ("A meeting between Yunnan and three border provinces of Laos was held online. It gathered 12 guests in "
            "three Lao provinces. Issues between Yunnan and three Laotian border provinces were discussed.")
    assert counts(text) == [(3, "exactly"), (12, "exactly")]
    # two different groups with the same number stay two counts
    assert counts("Five colleges and five companies signed the agreement.") == [(5, "exactly"), (5, "exactly")]


def test_a_month_first_numeric_date_in_brackets_after_a_weekday():
    d = extract("The agreement was signed at the campus on Thursday (7/23).")
    assert [(x.start, x.end) for x in d.dates] == [("--07-23", None)]
    # day first when the second number can be a month, as before
    d = extract("The conference was held in Jakarta (23/7).")
    assert [(x.start, x.end) for x in d.dates] == [("--07-23", None)]


def areas(text):
    return {a.code for a in extract(text).areas}


def test_technology_transfer_language_proficiency_and_projects_for_teachers():
    assert "exchange_of_technical_expertise" in areas("The partnership aims at the transfer of technology to the campus.")
    assert "language_training" in areas("Students improved their Thai language proficiency in the course.")
    got = areas("The director proposed launching training and exchange projects for teachers of both provinces.")
    assert {"faculty_development", "exchange_of_trainers_and_trainees"} <= got


def test_chinese_vocational_qualifications_and_a_training_zone_as_a_facility():
    assert "skills_recognition" in areas("工坊开展国家职业资格培训和学历教育。" + PAD)
    assert "practical_training" not in areas("工坊分为机器人实训区和自动化教学区。" + PAD)
    assert "practical_training" in areas("学生在企业开展为期三个月的实训。" + PAD)


# --------------------------------------------------------------------------- people


def people(text):
    return {p.name: p.title for p in extract(text).people}


def test_a_short_given_name_that_is_also_a_month_abbreviation():
    got = people("Lu Jan, Chinese Chairman of the network, opened the session. Chen Jun, president of the college, spoke.")
    assert "Lu Jan" in got and "Chen Jun" in got
    # a full month is no name
    assert not [n for n in people("The college signed it in Nanning June 2023 with partners.") if "June" in n]


def test_chinese_names_after_new_titles_and_a_three_character_name_closed_by_a_list_delimiter():
    got = people("学院顾问巴颂·占塔、泰国某寺副住持坤通猜、议员颂猜出席。公司总经理贺德均、项目经理邢锋等出席仪式。" + PAD)
    assert got.get("巴颂·占塔") == "顾问" and got.get("坤通猜") == "副住持" and got.get("颂猜") == "议员"
    assert "贺德均" in got and "贺德" not in got


def test_the_shorter_form_of_a_name_found_whole_is_the_same_person():
    got = people("公司总经理贺德均、项目经理邢锋出席。贺德均对项目表示祝贺。国务秘书欧姆·索帕出席。索帕介绍了情况。" + PAD)
    assert "贺德" not in got and "索帕" not in got and "欧姆·索帕" in got


def test_a_sentence_opened_by_a_name_and_a_verb_of_speech():
    assert "翁进" in people("会议在学校召开。翁进介绍了江苏的历史文化和学校的办学情况。" + PAD)


def test_a_number_of_schools_before_a_title_is_no_name():
    assert not [n for n in people("代表团与来自三个城市的40所高中校长签订了协议。" + PAD) if "高中" in n]


def test_a_foreign_name_of_four_characters_is_cut_before_a_verb():
    got = people("双方见证下,学院党委书记林某与泰国某技术学院院长颂萨交换了建设文本。" + PAD)
    assert "颂萨" in got and not [n for n in got if n.endswith("交换")]


# --------------------------------------------------------------------------- Chinese organisations


def zh_orgs(text):
    return org_names(extract(text + PAD))


def test_a_bare_company_suffix_and_a_country_in_brackets_belong_to_the_name():
    got = zh_orgs("由学校联合中建八局集团第二工程有限公司共建。中建八局集团(老挝)有限公司总经理出席。")
    assert {"中建八局集团第二工程有限公司", "中建八局集团(老挝)有限公司"} <= got
    assert "中建八局" not in got and "第二工程有限公司" not in got


def test_an_education_commission_named_short_and_a_countrys_commission_named_by_its_field():
    got = zh_orgs("区教委副主任王某与老挝职业教育委员会主任出席。泰国教育部职教委委派的学校参加。")
    assert {"区教委", "老挝职业教育委员会", "泰国教育部职教委"} <= got


def test_halls_roles_and_kinds_of_bodies_are_not_names():
    got = zh_orgs("代表团在酒店多功能厅与联盟举行签约仪式。该校是泰国铁路专业牵头学校,双方院校及公司携手共进。"
                  "该联盟是全国性教育联盟,也是非政府组织。")
    assert not got & {"酒店多功能厅", "泰国铁路专业牵头学校", "院校及公司", "全国性教育联盟", "非政府组织"}


# --------------------------------------------------------------------------- names explained, short names, agreements, kinds


def test_a_university_named_by_its_city_and_field_is_a_name_a_countrys_is_a_description():
    got = zh_orgs("代表团上午还访问了天津理工大学,了解学校发展概况。")
    assert "天津理工大学" in got
    assert "柬埔寨理工大学" not in zh_orgs("他希望在柬埔寨理工大学等院校推广经验。")


def test_a_name_explained_by_an_apposition_saying_what_kind_of_body_it_is():
    d = extract("Mr Li, sales manager of the Dongfang Smart Training, a Chinese vocational institution based in "
                "Wuhan, said the course was full.")
    assert "Dongfang Smart Training" in org_names(d)
    assert "Mekong River" not in org_names(extract("They sailed on the Mekong River, a long river in Asia."))


def test_a_short_name_declared_in_brackets_is_the_organisation_wherever_used():
    d = extract("Politeknik Negeri Bandung (Polban) works with the Hubei Institute of Technology (HIT). An MoU "
                "was signed by Ir. Budi (Polban Director) with Professor Liu Wei (HIT President) on Monday.")
    polban = [o for o in d.organisations if o.canonical_name == "Politeknik Negeri Bandung"]
    assert polban and "Polban" in polban[0].aliases
    assert [sorted(a.parties) for a in d.agreements] == [["Hubei Institute of Technology", "Politeknik Negeri Bandung"]]


def test_chinese_agreements_with_each_partner_after_fenbie_yu_and_with_the_articles_own_institution():
    text = ("湖南交通职业技术学院代表团访问印尼。会上,院长代表学校分别与印尼茂物农业大学及万隆理工学院签署合作备忘录。"
            "访问期间,代表团还与印尼泗水理工学院签订了合作协议。" + PAD)
    got = sorted(sorted(a.parties) for a in extract(text).agreements)
    assert got == sorted([sorted(["湖南交通职业技术学院", "印尼茂物农业大学"]), sorted(["湖南交通职业技术学院", "万隆理工学院"]),
                          sorted(["湖南交通职业技术学院", "印尼泗水理工学院"])])


def test_a_projects_progress_meeting_and_a_consultation_held():
    text = ("On the morning of May 9, the progress meeting for the China-Laos Skills Workshop Project was held at the "
            "college. Experts reviewed the project's results.")
    assert extract(text).activity_kind == "working_group_meeting"
    text = ("A consultation on vocational education between Yunnan province and three provinces of Laos was held on "
            "May 9 online. Officials discussed teacher training.")
    assert extract(text).activity_kind == "conference"


def test_a_zone_is_an_organisation_and_one_body_named_with_its_country_written_two_ways():
    got = zh_orgs("昆明综合保税区、天鹰公司代表一行莅临我校。")
    assert "昆明综合保税区" in got
    d = extract("代表团与印尼伊斯兰青年教育联盟举行签约仪式。印度尼西亚伊斯兰青年联盟是全国最大的教育团体。" + PAD)
    assert len([o for o in d.organisations if "伊斯兰青年" in o.canonical_name]) == 1


def test_a_title_of_an_organisation_then_the_persons_name_and_a_word_in_lower_case():
    d = extract("The signing was witnessed by the Trade and Investment Counsellor of the Lao Embassy in Jakarta "
                "Somchai Vongsa during the fair.")
    got = {p.name: p.title for p in d.people}
    assert got.get("Somchai Vongsa") == "Trade and Investment Counsellor"
    # no title before "of": no person
    assert not extract("The pavilion of the Lao Embassy in Jakarta Somchai Vongsa during the fair.").people


# --------------------------------------------------------------------------- the blind set p itself


def test_blind_set_p_is_sourced_its_blind_score_kept_and_its_studied_figures_hold():
    import json

    from skillsnet.ingest.evaluate import evaluate

    here = Path(__file__).resolve().parent / "gold_eval"
    golds = sorted(here.glob("p*.json"))
    assert len(golds) >= 12 and all(p.with_suffix(".txt").exists() for p in golds)
    sources = [json.loads(p.read_text(encoding="utf-8"))["source"] for p in golds]
    assert sum(s["language"] == "zh" for s in sources) >= 4
    assert all(s["split"] == "p" and s["url"].startswith("http") for s in sources)
    # the outlets are Indonesian (Polines) and Cambodian (the Phnom Penh Post) among others
    assert any("polines" in s["url"] for s in sources) and any("phnompenhpost" in s["url"] for s in sources)
    kept = (here / "blind_p_scores.out").read_text(encoding="utf-8")
    assert "(12 articles)" in kept and "organisations │      0.66 │   0.64 │ 0.65" in kept
    assert "places        │      1.00 │   0.15 │ 0.26" in kept
    errors = (here / "blind_p_errors.out").read_text(encoding="utf-8")
    assert errors.startswith("Errors (--verbose-errors) of the blind run on p")
    # p was studied after its blind run (seventh round): floors just below the figures reported in the README
    p = evaluate(here, only="p")
    for f in ("organisations", "people", "dates", "counts", "places"):
        assert p[f].f1 >= 0.93, (f, p[f].as_dict(detail=False))
    for f in ("areas", "activity_kind", "agreements"):
        assert p[f].f1 >= 0.85, (f, p[f].as_dict(detail=False))
    # the whole set of 81 articles after the seventh round (d to p: the later blind sets have their own tests)
    from skillsnet.ingest.evaluate import FieldScore

    everything = {f: FieldScore() for f in p.fields}
    for split in "dhfgkmnp":
        part = evaluate(here, only=split)
        for f in everything:
            everything[f].add(part[f])
    for f in ("organisations", "people", "dates", "counts", "places", "areas", "activity_kind"):
        assert everything[f].f1 >= 0.93, (f, everything[f].as_dict(detail=False))
    assert everything["agreements"].f1 >= 0.87, everything["agreements"].as_dict(detail=False)
