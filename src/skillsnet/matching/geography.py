"""Which countries neighbour which (data/neighbours.csv, see data/SOURCES.md)."""
import csv
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "neighbours.csv"


@lru_cache(maxsize=1)
def neighbours():
    """{country code: {neighbour code: "land" | "sea"}}."""
    out = {}
    with DATA.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            a, b, kind = row["a"].strip().upper(), row["b"].strip().upper(), row["kind"].strip()
            out.setdefault(a, {})[b] = kind
            out.setdefault(b, {})[a] = kind
    return out


def neighbour_kind(a, b):
    """"land", "sea" or None."""
    if not a or not b:
        return None
    return neighbours().get(a, {}).get(b)
