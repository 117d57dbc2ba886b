"""The classes of errors the extractor made on new articles (issue 12), each tested in general on
texts written for the test, with hand-written expectations (pure pytest, no database)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from skillsnet.ingest.evaluate import evaluate  # noqa: E402
from skillsnet.ingest.extract import GazetteerEntry, extract  # noqa: E402
from tests.ingest._studied import studied  # noqa: E402

EVAL = Path(__file__).resolve().parent / "gold_eval"


def counts(text):
    return {(c.value, c.qualifier, c.counted) for c in extract(text).counts}


# --------------------------------------------------------------------------- numbers and counts

def test_numbers_with_separators_are_read_whole():
    got = counts("The centre trained 1 200 teachers, 1.500 students and 2,400 company staff in 2024.")
    assert got == {(1200, "exactly", "teachers"), (1500, "exactly", "students"), (2400, "exactly", "company staff")}


def test_counts_with_of_nouns_irregular_plurals_and_partitives():
    got = counts("Some 20 heads of department, 35 people and 12 women attended. Four of the trainees were from Laos.")
    assert got == {(20, "about", "heads of department"), (35, "exactly", "people"), (12, "exactly", "women"),
                   (4, "exactly", "trainees")}


def test_amounts_with_dot_thousands_and_decimal_before_a_scale_word():
    d = extract("The ministry gave Rp 1.500.000 to each trainee and USD 2.5 million to the project.")
    assert [(a.value, a.currency) for a in d.amounts] == [(1500000, "IDR"), (2500000, "USD")]


# --------------------------------------------------------------------------- people

def test_family_names_in_capitals_honorifics_and_event_words():
    text = ("The MoU was signed by ZHANG Wei, Director of Kunming Metallurgy College, and Souphanh KEOMIXAY, "
            "Director of Savannakhet Technical College. H.E. Mr. Sok Dara and Assoc. Prof. Dr. Nguyen Van Anh "
            "addressed the Annual Meeting. Drs. Zakaria, M.Pd. thanked the guests.")
    people = {p.name: p for p in extract(text).people}
    assert set(people) == {"ZHANG Wei", "Souphanh KEOMIXAY", "Sok Dara", "Nguyen Van Anh", "Zakaria"}
    assert "Zhang Wei" in people["ZHANG Wei"].aliases
    assert people["ZHANG Wei"].organisation == "Kunming Metallurgy College"
    assert (people["Sok Dara"].honorific, people["Sok Dara"].title) == ("H.E. Mr.", "H.E.")
    assert people["Nguyen Van Anh"].title == "Associate Professor"
    assert people["Zakaria"].honorific == "Drs."


def test_a_title_given_once_is_passed_to_each_person_of_the_list():
    d = extract("Vice Presidents Wang Li, Zhang Jin and Liu Yang met the delegation. "
                "Khamla Vong and Somsak Phan, Deputy Directors of Pakpasak Technical College, joined them.")
    titles = {p.name: (p.title, p.organisation) for p in d.people}
    assert titles == {
        "Wang Li": ("Vice President", None), "Zhang Jin": ("Vice President", None), "Liu Yang": ("Vice President", None),
        "Khamla Vong": ("Deputy Director", "Pakpasak Technical College"),
        "Somsak Phan": ("Deputy Director", "Pakpasak Technical College"),
    }


def test_title_name_of_organisation():
    d = extract("At the opening ceremony, Vice Minister Kongsy Sengmany of the Ministry of Education and Sports spoke.")
    [p] = d.people
    assert (p.name, p.title, p.organisation) == ("Kongsy Sengmany", "Vice Minister", "Ministry of Education and Sports")


# --------------------------------------------------------------------------- organisations

def test_names_with_ampersand_dashes_parentheses_and_lists():
    text = ("Vetsaphong Skill Development & Testing Center and PT. LiuGong Machinery Indonesia met officials of the "
            "Ministry of Education, Culture, Research and Technology and the Directorate General of Vocational Higher "
            "Education. The Liuzhou Vocational & Technical College (LVTC) hosted them.")
    names = {o.canonical_name: o for o in extract(text).organisations}
    assert set(names) == {"Vetsaphong Skill Development & Testing Center", "PT. LiuGong Machinery Indonesia",
                          "Ministry of Education, Culture, Research and Technology",
                          "Directorate General of Vocational Higher Education", "Liuzhou Vocational & Technical College"}
    assert names["Liuzhou Vocational & Technical College"].acronym == "LVTC"
    assert names["PT. LiuGong Machinery Indonesia"].kind == "company"


def test_x_china_names_are_not_chinese_organisations():
    text = ("The ASEAN-China Centre and the Lancang-Mekong Vocational Education Alliance visited the Preah Sihanouk "
            "Cambodia-China Friendship Polytechnic Institute and Kunming Metallurgy College.")
    country = {o.canonical_name: o.country for o in extract(text).organisations}
    assert country == {"ASEAN-China Centre": None, "Lancang-Mekong Vocational Education Alliance": None,
                       "Preah Sihanouk Cambodia-China Friendship Polytechnic Institute": "KH",
                       "Kunming Metallurgy College": "CN"}


def test_acronym_inside_an_event_name_is_not_the_body():
    d = extract("Trainees prepared for the WorldSkills ASEAN Competition at Wuxi Institute of Technicians.")
    assert [o.canonical_name for o in d.organisations] == ["Wuxi Institute of Technicians"]


# --------------------------------------------------------------------------- dates and activity

@pytest.mark.parametrize("line", [
    "Published: 13/05/2025", "May 13, 2025", "13 May 2025 10:20", "2025-05-13", "Updated on 13 May 2025",
    "13-05-2025", "发布时间：2025-05-13", "2025年5月13日", "Updated:2025-05-13 17:00|Hits:",
])
def test_publication_lines_keep_the_year(line):
    d = extract(f"Colleges sign agreement\n\n{line}\n\nThe workshop was held on 9 May in Kunming.")
    assert d.published == dt.date(2025, 5, 13)
    assert "2025-05-09" in {x.start for x in d.dates}


def test_publication_line_at_the_end_and_agency_dateline():
    d = extract("A delegation arrived in Vientiane on November 26 for a visit.\nBy Desk\n(Latest Update December 4, 2024)")
    assert d.published == dt.date(2024, 12, 4) and "2024-11-26" in {x.start for x in d.dates}
    d = extract("Trainees in Siem Reap, May 22, 2024.\nSIEM REAP, Cambodia, May 22 (Xinhua) -- A workshop was held on Wednesday.")
    assert d.published == dt.date(2024, 5, 22) and {x.start for x in d.dates} == {"2024-05-22"}


def test_rolling_periods_are_not_dates():
    d = extract("Published: 2 May 2025\n\nIn the past year the alliance grew; last year it had 20 members.")
    assert {x.start for x in d.dates} == {"2025-05-02", "2024"}


def test_a_plain_workshop_is_classed():
    assert extract("Two colleges jointly organized a workshop on institutional development via zoom.").activity_kind == \
        "peer_to_peer_workshop"
    assert extract("A training workshop on electrical installation was held for 30 trainees.").activity_kind == \
        "training_programme"


# --------------------------------------------------------------------------- several agreements

def test_several_agreements_in_one_article_each_with_its_parties():
    text = ("Several memoranda were signed at the forum, namely:\n"
            "1. Liuzhou Vocational College with Batam State Polytechnic and Bali State Polytechnic.\n"
            "2. Shaanxi Polytechnic Institute with Jember State Polytechnic.\n"
            "Zhejiang Institute of Mechanical Engineering signed cooperation agreements with two partner schools, "
            "namely Bandung State Polytechnic and Medan State Polytechnic.")
    got = {frozenset(a.parties) for a in extract(text).agreements}
    assert got == {
        frozenset({"Liuzhou Vocational College", "Batam State Polytechnic", "Bali State Polytechnic"}),
        frozenset({"Shaanxi Polytechnic Institute", "Jember State Polytechnic"}),
        frozenset({"Zhejiang Institute of Mechanical Engineering", "Bandung State Polytechnic"}),
        frozenset({"Zhejiang Institute of Mechanical Engineering", "Medan State Polytechnic"}),
    }


# --------------------------------------------------------------------------- Chinese

def test_chinese_article():
    text = ("两校签署合作协议\n\n发布时间：2025-05-13\n\n"
            "2025年5月9日，昆明冶金高等专科学校与老挝万象职业技术学院在昆明签署谅解备忘录。"
            "昆明冶金高等专科学校校长王建国、老挝教育与体育部副部长坎萨·西提出席签约仪式。"
            "王建国表示，学校已为老挝培训教师577名，另有240余名学生和600多人参加培训。")
    d = extract(text)
    assert d.published == dt.date(2025, 5, 13)
    assert {x.start for x in d.dates} == {"2025-05-13", "2025-05-09"}
    orgs = {o.canonical_name: o for o in d.organisations}
    assert set(orgs) == {"昆明冶金高等专科学校", "老挝万象职业技术学院", "老挝教育与体育部"}
    assert (orgs["老挝万象职业技术学院"].country, orgs["老挝教育与体育部"].kind) == ("LA", "ministry")
    people = {p.name: (p.title, p.organisation) for p in d.people}
    assert people == {"王建国": ("校长", "昆明冶金高等专科学校"), "坎萨·西提": ("副部长", "老挝教育与体育部")}
    assert {(c.value, c.qualifier) for c in d.counts} == {(577, "exactly"), (240, "more_than"), (600, "more_than")}
    assert [p.name for p in d.places] == ["昆明"]
    assert d.activity_kind == "signing_ceremony"
    assert [set(a.parties) for a in d.agreements] == [{"昆明冶金高等专科学校", "老挝万象职业技术学院"}]


# --------------------------------------------------------------------------- registry matching

@pytest.mark.parametrize("text, matched, possible, method", [
    ("Officials of Lao Polytechnic College attended.", "7", None, "alias"),
    ("Officials of LPC attended.", "7", None, "alias"),
    ("Officials of Lao Polytechnics College attended.", None, "7", "fuzzy"),
    ("Officials of Savannakhet Polytechnic College attended.", None, None, "new"),
])
def test_only_exact_names_aliases_and_acronyms_link(text, matched, possible, method):
    [org] = extract(text, gazetteer=[GazetteerEntry("7", ["Lao Polytechnic College", "LPC"])]).organisations
    assert (org.matched_id, org.possible_match_id, org.match_method) == (matched, possible, method)


# --------------------------------------------------------------------------- the second evaluation set

def test_evaluation_set_is_complete_and_sourced():
    golds = sorted(EVAL.glob("*.json"))
    assert len(golds) >= 20 and len(list(EVAL.glob("*.txt"))) == len(golds)
    chinese = 0
    for path in golds:
        g = json.loads(path.read_text(encoding="utf-8"))
        assert g["source"]["url"].startswith("http") and g["source"]["outlet"], path.name
        assert g["source"]["split"] == {"d": "dev", "h": "held-out", "f": "fresh held-out", "g": "g", "k": "k", "m": "m", "n": "n", "p": "p", "q": "q", "r": "r", "s": "s", "t": "t", "u": "u", "v": "v", "w": "w", "y": "y", "z": "z", "b": "b",
                                       "c": "c", "e": "e"}[path.name[0]]
        chinese += g["source"]["language"] == "zh"
    assert chinese >= 5


def test_evaluation_set_scores_do_not_fall_back():
    # floors below the scores reported in the README: a change that loses a class of articles fails here
    dev = evaluate(EVAL, only="d")
    for f in ("organisations", "people", "dates", "counts", "places", "areas", "activity_kind", "agreements"):
        assert dev[f].f1 >= 0.9, (f, dev[f].as_dict(detail=False))
    everything = studied()  # the studied sets
    for f in ("organisations", "people", "dates", "counts"):
        assert everything[f].f1 >= 0.85, (f, everything[f].as_dict(detail=False))
