"""What one field of the extractor reads from a sentence written for a class test (the rounds' test files
test_extract_general_u.py, _v.py share them), and the padding sentences that make a text article-sized."""
from skillsnet.ingest.extract import extract

ZH_PAD = "两校代表在会上介绍了各自学校的办学情况和国际合作现状。"
EN_PAD = ("Officials from both sides praised the long friendship between the two peoples and agreed to keep "
          "in close contact in the coming years. ")


def orgs(text):
    return {o.canonical_name for o in extract(text).organisations}


def all_org_names(text):
    return {n for o in extract(text).organisations for n in [o.canonical_name, *o.aliases]}


def people(text):
    return {p.name: p.title for p in extract(text).people}


def kind(text):
    return extract(text).activity_kind


def areas(text):
    return {a.code for a in extract(text).areas}


def places(text):
    return {p.name for p in extract(text).places}


def dates(text):
    return {(d.start, d.end) for d in extract(text).dates}


def counts(text):
    return {(c.value, c.qualifier) for c in extract(text).counts}


def agreements(text):
    return [set(a.parties) for a in extract(text).agreements]
