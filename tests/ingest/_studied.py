"""The evaluation of the studied sets, run once per test process and shared by the tests that hold their floors
(each split's scores are the per-article scores of that one run, summed)."""
from functools import lru_cache
from pathlib import Path

from skillsnet.ingest.evaluate import FieldScore, evaluate

EVAL = Path(__file__).resolve().parent / "gold_eval"
STUDIED = "[bdhfgkmnpqrstuvwyz]"  # every split whose errors a round has studied (b*: in the sixteenth round)


@lru_cache(maxsize=None)
def studied():
    return evaluate(EVAL, only=STUDIED)


def part(everything, splits):
    """{field: FieldScore} of the articles of `everything` whose stem starts with one of `splits`."""
    out = {f: FieldScore() for f in everything.fields}
    for stem, scores in everything.articles.items():
        if stem[0] in splits:
            for f, sc in scores.items():
                out[f].add(sc)
    return out
