"""The blind set c (collected after the fifteenth round, scored once blind, not studied): its articles are sourced,
new and kept with the output of its one blind run; no extractor run here."""
import json
from pathlib import Path

from tests.ingest._studied import STUDIED

HERE = Path(__file__).resolve().parent / "gold_eval"


def test_blind_set_c_is_sourced_new_and_its_blind_scores_kept():
    golds = sorted(HERE.glob("c*.json"))
    assert len(golds) >= 14 and all(p.with_suffix(".txt").exists() for p in golds)
    sources = [json.loads(p.read_text(encoding="utf-8"))["source"] for p in golds]
    assert all(s["split"] == "c" and s["url"].startswith("http") and s["outlet"] for s in sources)
    assert sum(s["language"] == "zh" for s in sources) >= 6
    # one page in traditional characters at least (said in its outlet, as for the earlier sets)
    assert any("traditional" in s["outlet"] for s in sources)
    # no page of an earlier set again
    earlier = {json.loads(p.read_text(encoding="utf-8"))["source"]["url"]
               for p in HERE.glob("*.json") if not p.name.startswith("c")}
    assert not earlier & {s["url"] for s in sources}
    kept = (HERE / "blind_c_before_scores.out").read_text(encoding="utf-8")
    assert "(14 articles)" in kept and "organisations │      0.69 │   0.74 │ 0.72" in kept
    assert "FN agreements" in (HERE / "blind_c_before_errors.out").read_text(encoding="utf-8")
    # scored once more, blind, after the sixteenth round (which studied b): outputs kept unchanged
    after = (HERE / "blind_c_after16_scores.out").read_text(encoding="utf-8")
    assert "(14 articles)" in after and "amounts       │      1.00 │   1.00 │ 1.00" in after
    assert "FN agreements" in (HERE / "blind_c_after16_errors.out").read_text(encoding="utf-8")
    # c is blind: no round has studied it
    assert "c" not in STUDIED
