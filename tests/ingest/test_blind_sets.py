"""The blind sets not yet studied (each collected after a round, scored blind, its output kept): their articles are
sourced and new, and the output of their blind run is kept; no extractor run here."""
import json
from pathlib import Path

import pytest

from tests.ingest._studied import STUDIED

HERE = Path(__file__).resolve().parent / "gold_eval"

# split: (articles at least, in Chinese at least, the kept blind run, a line of it written by hand from that run)
BLIND = {
    "c": (14, 6, "blind_c_before", "organisations │      0.69 │   0.74 │ 0.72"),
    "e": (14, 6, "blind_e_before", "places        │      0.60 │   0.33 │ 0.43"),
}


@pytest.mark.parametrize("split", sorted(BLIND))
def test_blind_set_is_sourced_new_and_its_blind_scores_kept(split):
    at_least, chinese, kept_as, line = BLIND[split]
    golds = sorted(HERE.glob(f"{split}*.json"))
    assert len(golds) >= at_least and all(p.with_suffix(".txt").exists() for p in golds)
    sources = [json.loads(p.read_text(encoding="utf-8"))["source"] for p in golds]
    assert all(s["split"] == split and s["url"].startswith("http") and s["outlet"] for s in sources)
    assert sum(s["language"] == "zh" for s in sources) >= chinese
    # one page in traditional characters at least (said in its outlet, as for the earlier sets)
    assert any("traditional" in s["outlet"] for s in sources)
    # no page of another set again
    others = {json.loads(p.read_text(encoding="utf-8"))["source"]["url"]
              for p in HERE.glob("*.json") if not p.name.startswith(split)}
    assert not others & {s["url"] for s in sources}
    kept = (HERE / f"{kept_as}_scores.out").read_text(encoding="utf-8")
    assert f"({len(golds)} articles)" in kept and line in kept
    assert "FN " in (HERE / f"{kept_as}_errors.out").read_text(encoding="utf-8")
    # blind: no round has studied it
    assert split not in STUDIED


@pytest.mark.parametrize("split", sorted(BLIND))
def test_blind_set_scored_again_after_the_sixteenth_round(split):
    """Scored once more, blind, with the extractor after the sixteenth round (which studied b*): outputs kept
    unchanged (lines written by hand from those runs)."""
    line = {"c": "amounts       │      1.00 │   1.00 │ 1.00", "e": "organisations │      0.75 │   0.71 │ 0.73"}[split]
    after = (HERE / f"blind_{split}_after16_scores.out").read_text(encoding="utf-8")
    assert f"({BLIND[split][0]} articles)" in after and line in after
    assert "FN " in (HERE / f"blind_{split}_after16_errors.out").read_text(encoding="utf-8")
