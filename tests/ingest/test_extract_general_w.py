"""General mechanisms added after the blind set w of the evaluation articles (fourteenth round): the classes of errors
seen on w (Lao PDR, Myanmar, Cambodia with Brunei, Thailand, Indonesia, Vietnam, Malaysia), each tested on sentences
written for the test with hand-written expectations (pure pytest, no database)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from skillsnet.ingest.extract import extract  # noqa: E402
from tests.ingest._probes import (  # noqa: E402
    ZH_PAD, EN_PAD, agreements, areas, counts, kind, orgs, places)
from tests.ingest._studied import part, studied  # noqa: E402


def one_party(text):
    """[(parties, unnamed party as written)] of the agreements drafted from text."""
    return [(set(a.parties), a.unnamed_party) for a in extract(text).agreements]


# --------------------------------------------------------------------------- agreements with one named party


def test_an_agreement_with_an_unnamed_company_keeps_its_one_named_party():
    text = ("On 12 March, the Ministry of Labour and Vocational Training of Cambodia signed a memorandum of "
            "understanding with a Japanese company to train automotive mechanics. " + EN_PAD)
    assert one_party(text) == [({"Ministry of Labour and Vocational Training of Cambodia"}, "a Japanese company")]


def test_a_signing_with_one_named_body_and_no_other_party_written_is_no_agreement():
    text = "On 12 March, the Ministry of Labour and Vocational Training of Cambodia signed the document in Phnom Penh. " + EN_PAD
    assert agreements(text) == []


def test_two_named_parties_give_one_two_party_agreement_and_no_one_party_draft():
    text = ("On 12 March, the Ministry of Labour and Vocational Training of Cambodia signed a memorandum of "
            "understanding with Kunming Metallurgy College and a Japanese company. " + EN_PAD)
    found = one_party(text)
    assert ({"Ministry of Labour and Vocational Training of Cambodia", "Kunming Metallurgy College"}, "") in found
    assert all(len(p) == 2 for p, _ in found)


def test_our_school_signing_with_a_named_partner_on_a_page_that_never_names_itself():
    text = "5月10日上午,老挝国立大学代表团来访。" + ZH_PAD + "会谈后,我校与老挝国立大学签订了互派教师的合作协议。"
    assert one_party(text) == [({"老挝国立大学"}, "我校")]
    # the same page with its masthead: the agreement of the two named bodies, no one-party draft beside it
    named = "江西职业技术学院新闻网讯 " + text
    assert [p for p, _ in one_party(named)] == [{"江西职业技术学院", "老挝国立大学"}]


def test_each_clause_s_own_signing_and_a_name_with_yu_inside_it():
    """"与A签订…后,我院又与B(…与…中心)主任X签订…": the second clause's signing is with B (the 与 inside B's name
    joins nothing), the first clause tells A's signing again."""
    text = ("10月8日,我院与万象职业技术学院签订了合作办学备忘录。" + ZH_PAD +
            "与万象职业技术学院签订备忘录后,我院又与柬埔寨职业技术与培训中心主任Sok Dara签订了师资培训备忘录。")
    found = one_party(text)
    assert ({"万象职业技术学院"}, "我院") in found and ({"柬埔寨职业技术与培训中心"}, "我院") in found
    assert len(found) == 2


def test_the_clause_before_bing_qianshu_says_with_whom_and_any_body_may_sign():
    text = "6月5日," + ZH_PAD + "在刚刚结束的论坛上,我校与泰国东方发展智库专家深入交流,并签署了合作备忘录。"
    assert [p for p, _ in one_party(text)] == [{"泰国东方发展智库"}]


def test_two_signatories_of_whom_one_s_body_is_named():
    text = ("8月3日,泰国清迈技术学院院长颂猜·披汶一行5人访问我校。" + ZH_PAD +
            "会后,副校长王晓燕和颂猜·披汶签署两校间合作协议。")
    found = one_party(text)
    assert [p for p, _ in found] == [{"泰国清迈技术学院"}]


def test_they_signed_after_one_named_body_whose_partners_are_places():
    text = ("Kunming (VNA) - The Lao provinces of Luang Namtha and Oudomxay and the Education Department of Yunnan "
            "Province held talks on vocational training on 3 May. During the talks, the two parties reviewed the "
            "scholarships. Experience in teacher training was also shared. They signed a memorandum of understanding "
            "on teacher exchanges. " + EN_PAD)
    assert one_party(text) == [({"Education Department of Yunnan Province"}, "They")]


# --------------------------------------------------------------------------- places


def test_a_video_conference_is_held_online_and_is_a_conference():
    text = ("On 3 May, the Education Department of Yunnan Province held a video conference with Lao colleges on "
            "teacher training. " + EN_PAD * 4 + "They also signed a memorandum of understanding on scholarships.")
    assert "online" in places(text)
    assert kind(text) == "conference"


def test_the_provinces_listed_after_provinces_of_that_hold_the_event():
    text = ("The Lao provinces of Luang Namtha, Oudomxay and Phongsaly and the Education Department of Yunnan "
            "Province held a meeting on vocational training on 3 May. " + EN_PAD)
    assert {"Luang Namtha", "Oudomxay", "Phongsaly"} <= places(text)
    countries = "Officials from the provinces of Laos and Cambodia held a meeting on 3 May. " + EN_PAD
    assert not {"Laos", "Cambodia"} & places(countries)


def test_a_country_s_province_in_the_lead():
    text = ("Each morning, technician Somchai Wongsa arrives early at a rubber factory in Thailand's Chiang Rai "
            "province, where he checks the machines. " + EN_PAD)
    assert "Chiang Rai" in places(text)


def test_a_chinese_province_before_an_adverb_and_zhankai():
    text = "2025年4月2日至5日,一场职业教育交流活动在贵州隆重展开。" + ZH_PAD
    assert "贵州" in places(text)


# --------------------------------------------------------------------------- counts


def test_the_first_batch_of_n_is_counted():
    text = "On 4 May, the director said the centre is ready to receive the first batch of 120 trainees. " + EN_PAD
    assert (120, "exactly") in counts(text)


def test_an_adjective_in_ing_before_the_counted_noun():
    text = "On 4 May, Cambodia sent 45 outstanding students to Nanning under a scholarship. " + EN_PAD
    assert (45, "exactly") in counts(text)


def test_a_partitive_with_a_possessive():
    text = "On 4 May, he said that about 30 of his classmates now work in Chinese companies in Vientiane. " + EN_PAD
    assert (30, "about") in counts(text)


def test_a_range_is_no_count():
    text = "Each year, the province grants the Lao colleges 10 to 15 scholarships each for teacher training. " + EN_PAD
    assert not any(v in (10, 15) for v, _ in counts(text))


# --------------------------------------------------------------------------- areas


def test_students_sent_or_accepted_to_study_in_a_country():
    assert "exchange_of_trainers_and_trainees" in areas(
        "On 4 May, Laos is sending 40 young technicians to study in Thailand under a new programme. " + EN_PAD)
    assert "exchange_of_trainers_and_trainees" in areas(
        "\"Getting accepted to study in China changed my life,\" said the young engineer. " + EN_PAD)


def test_improving_curricula_and_language_skills():
    found = areas("The cooperation aims to improve curricula and language skills of the trainees. " + EN_PAD)
    assert {"joint_curriculum_design", "language_training"} <= found


def test_industry_exposure_is_practical_training():
    assert "practical_training" in areas(
        "The students will get exposure from Chinese companies operating in Laos. " + EN_PAD)


def test_training_facilities_described_or_visited_are_no_area():
    text = ("The new college comprises lecture rooms, practical training facilities, a library and a canteen. "
            + EN_PAD)
    assert "practical_training" not in areas(text)
    assert "practical_training" not in areas("代表团参观了实训室和图书馆。" + ZH_PAD)


def test_renyuan_jiaoliu_is_an_exchange_of_people():
    assert "exchange_of_trainers_and_trainees" in areas("双方就合作办学、人员交流等事项进行了深入交流。" + ZH_PAD)


# --------------------------------------------------------------------------- organisations


def test_baokuo_opens_a_list_and_is_no_part_of_a_name():
    text = "5月3日,泰国代表团先后走进了云南多所高校,包括云南民族大学(澜湄职教联盟理事长单位)、昆明冶金高等专科学校。" + ZH_PAD
    found = orgs(text)
    assert "云南民族大学" in found and not any(o.startswith("包括") for o in found)


def test_the_organisation_of_activities_is_no_body():
    assert not any(o.endswith("活动组织") for o in orgs("双方就课程共建、交流活动组织等进行了讨论。" + ZH_PAD))


def test_a_country_s_province_after_a_body_s_name_is_where_the_body_stands():
    text = ("The role of Jinghong Vocational Senior High School in southwest China's Yunnan Province grows each year. "
            + EN_PAD)
    assert "Yunnan" not in places(text)


def test_a_company_s_legal_form_before_an_acronym_and_more_words():
    text = "Each morning, Siti Rahma arrives early at PT. KNI Nickel Smelting Industries, a key company in the park. " + EN_PAD
    assert "PT. KNI Nickel Smelting Industries" in orgs(text)


def test_a_delegation_s_visit_with_a_signing_ceremony_and_no_signing_sentence():
    text = ("5月6日,柬埔寨劳工与职业培训部顾问宋·索帕率领的柬埔寨职业教育代表团一行八人访问昆明冶金高等专科学校。"
            "校长出席签约仪式。" + ZH_PAD)
    assert agreements(text) == [{"柬埔寨劳工与职业培训部", "昆明冶金高等专科学校"}]
    # no signing ceremony: a visit only
    assert agreements(text.replace("出席签约仪式", "出席座谈会")) == []


# --------------------------------------------------------------------------- dates


def test_a_date_stamp_glued_by_an_underscore_is_read():
    text = "March 4, 2024_ The Ministry of Labour and Vocational Training of Cambodia opened a new centre. " + EN_PAD
    assert ("2024-03-04", None) in {(d.start, d.end) for d in extract(text).dates}


# --------------------------------------------------------------------------- names


def test_malay_and_indonesian_bodies_named_head_first():
    assert "Majlis Amanah Rakyat" in orgs(
        "He said the institutions will be supervised by Majlis Amanah Rakyat (MARA) and the students will benefit. " + EN_PAD)
    assert "Badan Nasional Sertifikasi Profesi" in orgs(
        "On 3 May, the certificates were issued by Badan Nasional Sertifikasi Profesi (BNSP) in Jakarta. " + EN_PAD)


def test_a_preposition_glued_to_a_transliterated_name_is_no_other_person():
    text = ("8月3日,泰国职业教育委员会副秘书长颂猜·披汶访问我校。" + ZH_PAD +
            "会后,双方签署合作协议,并同颂猜·披汶共同为实训基地揭牌。")
    found = {p.name for p in extract(text).people}
    assert "颂猜·披汶" in found and "同颂猜·披汶" not in found


def test_an_occupation_in_lower_case_after_an_adjective_then_the_name():
    text = "Each morning, young technician Siti Rahma arrives early at the smelter in Morowali. " + EN_PAD
    assert "Siti Rahma" in {p.name for p in extract(text).people}


def test_each_of_a_kind_of_body_is_no_name():
    text = "院长出席签约仪式,各二级学院负责人参加。随后,双方就各学院专业设置进行了深入的交流。" + ZH_PAD
    assert not any(o.startswith(("各", "就各")) for o in orgs(text))


# --------------------------------------------------------------------------- the studied figures


def test_set_w_blind_scores_kept_and_its_studied_figures_hold():
    here = Path(__file__).resolve().parent / "gold_eval"
    kept = (here / "blind_w_after13_scores.out").read_text(encoding="utf-8")
    assert "(12 articles)" in kept and "agreements" in kept
    assert "FN agreements" in (here / "blind_w_after13_errors.out").read_text(encoding="utf-8")
    everything = studied()  # the studied sets, evaluated once (tests/ingest/_studied.py)
    # w after its study (fourteenth round): floors just below the figures reported in the README
    w = part(everything, "w")
    for f in ("counts", "areas", "agreements"):
        assert w[f].f1 >= 0.96, (f, w[f].as_dict(detail=False))
    for f in ("organisations", "dates", "activity_kind"):
        assert w[f].f1 >= 0.87, (f, w[f].as_dict(detail=False))
    for f in ("people", "places"):
        assert w[f].f1 >= 0.81, (f, w[f].as_dict(detail=False))
    # the 153 articles of d to v no worse than before this round
    before = part(everything, "dhfgkmnpqrstuv")
    assert before["organisations"].f1 >= 0.945 and before["people"].f1 >= 0.98
    assert before["dates"].f1 >= 0.955 and before["counts"].f1 >= 0.96 and before["places"].f1 >= 0.93
    assert before["areas"].f1 >= 0.95 and before["activity_kind"].f1 >= 0.93 and before["agreements"].f1 >= 0.915
