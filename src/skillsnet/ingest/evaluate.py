"""Evaluate the extractor against hand-written gold files.

Gold files are JSON objects with the same field names as ``Draft.to_dict()``;
one per article, named after the article's file stem (``000_abc.txt`` ->
``000_abc.json``).  Normalisation used for scoring:

* organisations: a predicted organisation matches a gold one when any of its
  names (canonical name, mention, aliases) equals, case- and
  punctuation-insensitively, one of the gold ``canonical`` / ``alternatives``,
  or when both carry the same acronym.  Gold entries with ``"optional": true``
  are neither required (recall) nor penalised when predicted (precision).
  A second prediction matching an already matched gold entry is a false
  positive (merging failure);
* people: by name (gold ``name`` + ``alternatives``; predicted name + aliases);
* dates: by ``(start, end)``; unresolved relative dates by their relative text
  ("last friday");
* counts: by ``(value, qualifier)``; amounts: by ``(value, currency)``;
* places: by name; areas: by code; activity_kind: exact label;
* agreements (scored only for gold files that list them): by their set of parties, each party
  matched to a gold organisation as above.

Usage::

    python -m skillsnet.ingest.evaluate ARTICLES_DIR [GOLD_DIR]

With ``SKILLSNET_EVAL_CACHE`` set to a directory (the test suite sets it under ``.pytest_cache``), the
extractor's output per article is kept there, keyed by the article, the gazetteer and a digest of the extractor's
own source and data files: a change to any of them is a new key, so a kept output is never a stale one.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ._text import plain
from .extract import GazetteerEntry, extract

FIELDS = ("organisations", "people", "dates", "counts", "amounts", "places", "areas", "activity_kind", "agreements")


@dataclass
class FieldScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    false_positives: list = field(default_factory=list)
    false_negatives: list = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "FieldScore") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def as_dict(self, detail: bool = True) -> dict:
        d = {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }
        if detail:
            d["false_positives"] = self.false_positives
            d["false_negatives"] = self.false_negatives
        return d


@dataclass
class EvalReport:
    fields: dict[str, FieldScore]
    articles: dict[str, dict[str, FieldScore]]
    missing_gold: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "fields": {k: v.as_dict(detail=False) for k, v in self.fields.items()},
            "articles": {a: {k: v.as_dict() for k, v in f.items()} for a, f in self.articles.items()},
            "missing_gold": self.missing_gold,
        }

    def __getitem__(self, key):  # report["organisations"].precision
        return self.fields[key]


# --------------------------------------------------------------------------- keys


def _names(*values) -> set[str]:
    out = set()
    for v in values:
        if not v:
            continue
        if isinstance(v, str):
            v = [v]
        for x in v:
            if x:
                out.add(plain(x))
    return out


def _org_match(pred: dict, gold: dict) -> bool:
    pn = _names(pred.get("canonical_name"), pred.get("mention"), [a for a in pred.get("aliases", []) if not _is_acr(a)])
    gn = _names(gold.get("canonical"), gold.get("alternatives"))
    if pn & gn:
        return True
    pa, ga = pred.get("acronym"), gold.get("acronym")
    return bool(pa and ga and pa == ga)


def _is_acr(s: str) -> bool:
    from ._text import is_acronym

    return is_acronym(s)


def _person_match(pred: dict, gold: dict) -> bool:
    return bool(_names(pred.get("name"), pred.get("aliases")) & _names(gold.get("name"), gold.get("alternatives")))


def _date_key(d: dict):
    if d.get("start"):
        return (d["start"], d.get("end") or None)
    return ("rel", (d.get("relative") or d.get("text") or "").lower().strip())


def _num_eq(a, b) -> bool:
    try:
        return abs(float(a) - float(b)) < 1e-6 * max(1.0, abs(float(b)))
    except (TypeError, ValueError):
        return False


def _match_lists(pred: list, gold: list, match: Callable[[Any, Any], bool], label: Callable[[Any], Any]) -> FieldScore:
    score = FieldScore()
    matched = [False] * len(gold)
    for p in pred:
        hit = None
        for i, g in enumerate(gold):
            if not matched[i] and not (isinstance(g, dict) and g.get("optional")) and match(p, g):
                hit = i
                break
        if hit is not None:
            matched[hit] = True
            score.tp += 1
            continue
        if any(isinstance(g, dict) and g.get("optional") and match(p, g) for g in gold):
            continue  # optional gold entry: neither rewarded nor penalised
        score.fp += 1
        score.false_positives.append(label(p))
    for i, g in enumerate(gold):
        if not matched[i] and not (isinstance(g, dict) and g.get("optional")):
            score.fn += 1
            score.false_negatives.append(label(g))
    return score


def _party_set(names, gold_orgs: list[dict]) -> frozenset:
    """Gold organisation indices the party names stand for (an unknown name stands for itself)."""
    out = set()
    for n in names:
        probe = {"canonical_name": n, "mention": n, "aliases": [], "acronym": n if _is_acr(n) else None}
        hit = next((i for i, g in enumerate(gold_orgs) if _org_match(probe, g)), None)
        out.add(hit if hit is not None else plain(n))
    return frozenset(out)


def _score_agreements(pred: dict, gold: dict) -> FieldScore:
    if "agreements" not in gold:
        return FieldScore()
    orgs = gold.get("organisations", [])
    gsets = [(_party_set(g.get("parties", []), orgs), g) for g in gold["agreements"]]
    psets = [(_party_set(p.get("parties", []), orgs), p) for p in pred.get("agreements", [])]
    return _match_lists(psets, gsets, lambda p, g: p[0] == g[0], lambda x: " + ".join(x[1].get("parties", [])))


def score_article(pred: dict, gold: dict) -> dict[str, FieldScore]:
    out: dict[str, FieldScore] = {}
    out["organisations"] = _match_lists(
        pred.get("organisations", []), gold.get("organisations", []), _org_match, lambda x: x.get("canonical_name") or x.get("canonical")
    )
    out["people"] = _match_lists(pred.get("people", []), gold.get("people", []), _person_match, lambda x: x.get("name"))
    out["dates"] = _match_lists(
        pred.get("dates", []), gold.get("dates", []), lambda p, g: _date_key(p) == _date_key(g), lambda x: f"{x.get('text')} -> {_date_key(x)}"
    )
    out["counts"] = _match_lists(
        pred.get("counts", []),
        gold.get("counts", []),
        lambda p, g: _num_eq(p.get("value"), g.get("value")) and p.get("qualifier", "exactly") == g.get("qualifier", "exactly"),
        lambda x: f"{x.get('value')} {x.get('qualifier')} {x.get('counted')}",
    )
    out["amounts"] = _match_lists(
        pred.get("amounts", []),
        gold.get("amounts", []),
        lambda p, g: _num_eq(p.get("value"), g.get("value")) and (p.get("currency") or None) == (g.get("currency") or None),
        lambda x: f"{x.get('value')} {x.get('currency')}",
    )
    out["places"] = _match_lists(
        pred.get("places", []), gold.get("places", []), lambda p, g: plain(p.get("name", "")) == plain(g.get("name", "")), lambda x: x.get("name")
    )
    pa = [a["code"] if isinstance(a, dict) else a for a in pred.get("areas", [])]
    ga = [a["code"] if isinstance(a, dict) else a for a in gold.get("areas", [])]
    out["areas"] = _match_lists(pa, ga, lambda p, g: p == g, lambda x: x)
    s = FieldScore()
    pk, gk = pred.get("activity_kind"), gold.get("activity_kind")
    if pk and pk == gk:
        s.tp = 1
    else:
        if pk:
            s.fp = 1
            s.false_positives.append(pk)
        if gk:
            s.fn = 1
            s.false_negatives.append(gk)
    out["activity_kind"] = s
    out["agreements"] = _score_agreements(pred, gold)
    return out


# --------------------------------------------------------------------------- driver


def _load_gazetteer(path: str | Path | None) -> list[GazetteerEntry]:
    if not path:
        return []
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return [GazetteerEntry(str(e["id"]), list(e["names"])) for e in data]


@lru_cache(maxsize=None)
def source_digest() -> str:
    """A digest of everything the extractor's output depends on: this package's modules and data files, and the
    Python version (its regular expressions and Unicode tables)."""
    here = Path(__file__).resolve().parent
    h = hashlib.sha256(repr(sys.version_info[:2]).encode())
    for path in sorted(here.glob("*.py")) + sorted((here / "data").glob("*")):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def _kept(cache: Path) -> Callable[..., dict]:
    """The default extractor, its output per article kept as JSON under ``cache/<source digest>/`` (outputs of
    other digests are removed when a new one starts)."""
    digest = source_digest()
    folder = cache / digest[:24]
    if not folder.is_dir():
        folder.mkdir(parents=True, exist_ok=True)
        for other in cache.iterdir():
            if other.is_dir() and other != folder:
                shutil.rmtree(other, ignore_errors=True)

    def run(text: str, gazetteer: list) -> dict:
        key = json.dumps([text, [dataclasses.asdict(g) for g in gazetteer]], ensure_ascii=False, sort_keys=True)
        path = folder / (hashlib.sha256(key.encode()).hexdigest() + ".json")
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
        # through JSON both times, so a first run and a kept one score exactly alike
        out = json.dumps(extract(text, gazetteer=gazetteer).to_dict(), ensure_ascii=False)
        tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp")
        tmp.write_text(out, encoding="utf-8")
        os.replace(tmp, path)  # atomic: parallel test processes never read half a file
        return json.loads(out)

    return run


def evaluate(
    articles_dir: str | Path,
    gold_dir: str | Path | None = None,
    *,
    gazetteer: Sequence[GazetteerEntry] = (),
    extractor: Callable[..., Any] | None = None,
    only: str = "",
) -> EvalReport:
    """Run the extractor on every ``*.txt`` in ``articles_dir`` and score it against
    ``gold_dir/<stem>.json`` (``gold_dir`` defaults to ``articles_dir``: article and
    gold side by side).  Articles without a gold file are listed in ``missing_gold``.
    Without an ``extractor`` the default one runs, its outputs kept under ``SKILLSNET_EVAL_CACHE`` when set."""
    if extractor is None:
        cache = os.environ.get("SKILLSNET_EVAL_CACHE")
        extractor = _kept(Path(cache)) if cache else extract
    adir = Path(articles_dir)
    gdir = Path(gold_dir) if gold_dir else adir
    totals = {f: FieldScore() for f in FIELDS}
    per_article: dict[str, dict[str, FieldScore]] = {}
    missing = []
    for txt in sorted(adir.glob(f"{only}*.txt")):
        gold_path = gdir / (txt.stem + ".json")
        if not gold_path.exists():
            missing.append(txt.stem)
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        draft = extractor(txt.read_text(encoding="utf-8"), gazetteer=list(gazetteer))
        pred = draft.to_dict() if hasattr(draft, "to_dict") else draft
        scores = score_article(pred, gold)
        per_article[txt.stem] = scores
        for f, sc in scores.items():
            totals[f].add(sc)
            totals[f].false_positives.extend(f"{txt.stem}: {x}" for x in sc.false_positives)
            totals[f].false_negatives.extend(f"{txt.stem}: {x}" for x in sc.false_negatives)
    return EvalReport(fields=totals, articles=per_article, missing_gold=missing)


def render(report: EvalReport, *, title: str = "Extraction scores", verbose: bool = False, file=None) -> None:
    try:
        from rich.console import Console
        from rich.table import Table
    except Exception:  # pragma: no cover - rich is a dependency, plain fallback anyway
        out = file or sys.stdout
        print(f"{title}\n{'field':15} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}", file=out)
        for f, s in report.fields.items():
            print(f"{f:15} {s.precision:6.2f} {s.recall:6.2f} {s.f1:6.2f} {s.tp:4} {s.fp:4} {s.fn:4}", file=out)
        return
    console = Console(file=file) if file else Console()
    table = Table(title=f"{title} ({len(report.articles)} articles)")
    for col in ("field", "precision", "recall", "F1", "tp", "fp", "fn"):
        table.add_column(col, justify="left" if col == "field" else "right")
    for f, s in report.fields.items():
        table.add_row(f, f"{s.precision:.2f}", f"{s.recall:.2f}", f"{s.f1:.2f}", str(s.tp), str(s.fp), str(s.fn))
    console.print(table)
    if verbose:
        for f, s in report.fields.items():
            for x in s.false_positives:
                console.print(f"[red]FP[/red] {f}: {x}")
            for x in s.false_negatives:
                console.print(f"[yellow]FN[/yellow] {f}: {x}")
    if report.missing_gold:
        console.print(f"articles without gold: {', '.join(report.missing_gold)}")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="ingest-eval", description="Score the article extractor against gold JSON files.")
    ap.add_argument("articles", help="directory with *.txt articles (and gold *.json side by side unless GOLD is given)")
    ap.add_argument("gold", nargs="?", help="directory with gold *.json files")
    ap.add_argument("--gazetteer", help='JSON file: [{"id": ..., "names": [...]}, ...]')
    ap.add_argument("--json", action="store_true", help="print the full report as JSON")
    ap.add_argument("-v", "--verbose", action="store_true", help="list false positives / negatives")
    ap.add_argument("--only", default="", help="score only the articles whose file name starts with this prefix")
    args = ap.parse_args(argv)
    report = evaluate(args.articles, args.gold, gazetteer=_load_gazetteer(args.gazetteer), only=args.only)
    if args.json:
        print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        render(report, verbose=args.verbose)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
