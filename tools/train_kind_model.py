"""Train the learned activity kind and measure it by leave-one-split-out cross-validation.

    PYTHONPATH=src python tools/train_kind_model.py [--cv] [--write] [--report FILE]

Articles: ``tests/ingest/gold_eval/<stem>.txt`` with the gold kind in ``<stem>.json`` (``"activity_kind"``), only the
studied splits ``d h f g k m n p q r s t u v`` (the first letter of the stem). The blind sets (``w* y* z*``) are never
read. Plain Python only (no scikit-learn, no numpy): a multinomial logistic regression trained by stochastic
gradient descent in a fixed order (``random.Random(seed)``), so that the same command gives the same weights and
the same cross-validation figures on any machine.

``--cv``: for each studied split, train on the others and predict it; compare on the same articles (a) the rules
alone (the extractor's current kind), (b) the model alone and (c) the combinations of ``kind_model.combine`` over a
small grid of thresholds, each scored as ``evaluate.py`` scores the kind (exact label; a wrong guess is a false
positive and a false negative, no guess where the gold has a kind a false negative). ``--write``: train on every
studied split and write ``src/skillsnet/ingest/data/kind_model.json`` with the combination chosen by the pooled
cross-validated F1.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from skillsnet.ingest.evaluate import FieldScore, score_article  # noqa: E402
from skillsnet.ingest.kind_model import MODEL_PATH, KindModel, combine, features  # noqa: E402

GOLD = ROOT / "tests" / "ingest" / "gold_eval"
STUDIED = "dhfgkmnpqrstuv"
SEED = 17
EPOCHS = 30
L2 = 1e-4
MIN_DF = 2
THRESHOLDS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)


def corpus(splits: str = STUDIED) -> list[dict]:
    docs = []
    for txt in sorted(GOLD.glob("*.txt")):
        if txt.stem[0] not in splits:
            continue
        gold = json.loads(txt.with_suffix(".json").read_text(encoding="utf-8"))
        text = txt.read_text(encoding="utf-8")
        docs.append({"stem": txt.stem, "split": txt.stem[0], "text": text, "gold": gold.get("activity_kind") or None,
                     "feats": features(text)})
    return docs


def rules_kinds(docs: list[dict]) -> dict[str, str | None]:
    from skillsnet.ingest.extract import extract

    return {d["stem"]: extract(d["text"]).activity_kind for d in docs}


# the first scoring of each split while it was still blind to the rules (kept unchanged beside the gold files)
BLIND_RUNS = {"g": "blind_g_scores.out", "k": "blind_k_errors.out", "m": "blind_m_errors.out", "n": "blind_n_errors.out",
              "p": "blind_p_errors.out", "q": "blind_q_errors.out", "r": "blind_r_errors.out", "s": "blind_s_errors.out",
              "t": "blind_t_errors.out", "u": "blind_u_errors.out", "v": "blind_v_errors.out"}


def blind_rules_kinds(docs: list[dict]) -> dict[str, str | None]:
    """The kind the rules gave each article of g..v while its split was still blind to them (the last run before
    its errors were studied), read back from the kept outputs: a false positive is what the rules said; a false
    negative alone means they said nothing; no error means they said the gold kind."""
    said: dict[str, str | None] = {}
    for split, name in BLIND_RUNS.items():
        records, cur = [], None
        for line in (GOLD / name).read_text(encoding="utf-8").splitlines():
            m = re.match(r"(FP|FN) (\w+):(.*)", line)
            if m:
                if cur:
                    records.append(cur)
                cur = [m.group(1), m.group(2), m.group(3)]
            elif cur and line.strip() and not line.startswith(("│", "┃", "┏", "└", "┡", "Errors")):
                cur[2] += line  # a record the console wrapped
            elif cur:
                records.append(cur)
                cur = None
        if cur:
            records.append(cur)
        fp, fn = {}, set()
        for kind, fieldname, rest in records:
            if fieldname != "activity_kind":
                continue
            stem, _, label = "".join(rest.split()).partition(":")
            if kind == "FP":
                fp[stem] = label
            else:
                fn.add(stem)
        for d in docs:
            if d["split"] == split:
                said[d["stem"]] = fp.get(d["stem"]) or (None if d["stem"] in fn else d["gold"])
    return said


def train(docs: list[dict], *, seed: int = SEED, epochs: int = EPOCHS, l2: float = L2, min_df: int = MIN_DF) -> KindModel:
    """Multinomial logistic regression (classes: the gold kinds and "none") by SGD over the articles in an order
    shuffled with `seed`; features seen in fewer than `min_df` training articles are dropped."""
    classes = sorted({d["gold"] or "none" for d in docs})
    ci = {c: i for i, c in enumerate(classes)}
    df: dict[str, int] = {}
    for d in docs:
        for f in d["feats"]:
            df[f] = df.get(f, 0) + 1
    vocab = sorted(f for f, n in df.items() if n >= min_df)
    fi = {f: i for i, f in enumerate(vocab)}
    rows = [([(fi[f], v) for f, v in sorted(d["feats"].items()) if f in fi], ci[d["gold"] or "none"]) for d in docs]
    k = len(classes)
    w = [[0.0] * k for _ in vocab]
    b = [0.0] * k
    rng = random.Random(seed)
    order = list(range(len(rows)))
    step = 0
    for epoch in range(epochs):
        rng.shuffle(order)
        lr = 1.0 / (1.0 + 0.2 * epoch)
        for r in order:
            x, y = rows[r]
            z = list(b)
            for i, v in x:
                wi = w[i]
                for j in range(k):
                    z[j] += wi[j] * v
            top = max(z)
            e = [math.exp(t - top) for t in z]
            s = sum(e)
            g = [t / s for t in e]
            g[y] -= 1.0
            for j in range(k):
                b[j] -= lr * g[j]
            for i, v in x:
                wi = w[i]
                for j in range(k):
                    wi[j] -= lr * (g[j] * v + l2 * wi[j])
            step += 1
    weights = {f: [round(t, 5) for t in w[i]] for f, i in fi.items() if any(abs(t) >= 1e-4 for t in w[i])}
    return KindModel(classes, [round(t, 5) for t in b], weights,
                     {"seed": seed, "epochs": epochs, "l2": l2, "min_df": min_df, "articles": len(docs)})


def f1_of(pairs) -> FieldScore:
    """Score (predicted kind, gold kind) pairs exactly as evaluate.py scores the kind."""
    total = FieldScore()
    for pk, gk in pairs:
        total.add(score_article({"activity_kind": pk}, {"activity_kind": gk})["activity_kind"])
    return total


def cross_validate(docs: list[dict], rules: dict[str, str | None], *, seed: int = SEED, splits: str = STUDIED) -> dict:
    """Leave one split out: {stem: (model kind or None, its probability)} for every article, each predicted by a
    model that never saw its split."""
    held: dict[str, tuple[str | None, float]] = {}
    for s in splits:
        test = [d for d in docs if d["split"] == s]
        if not test:
            continue
        model = train([d for d in docs if d["split"] != s], seed=seed)
        for d in test:
            p = model.probabilities_of(d["feats"])
            c = max(model.classes, key=lambda x: (p[x], x))
            held[d["stem"]] = (None if c == "none" else c, p[c])
    return held


def strategies() -> list[tuple[str, dict | None]]:
    out: list[tuple[str, dict | None]] = [("rules alone", None)]
    out += [(f"model alone (p >= {t})", {"mode": "model", "threshold": t}) for t in THRESHOLDS]
    out += [(f"rules, else model (p >= {t})", {"mode": "fill", "threshold": t}) for t in THRESHOLDS]
    out += [(f"model if p >= {t}, else rules", {"mode": "override", "threshold": t}) for t in THRESHOLDS if t >= 0.4]
    return out


def decide(rule: dict | None, rules_kind, model_kind, p) -> str | None:
    if rule is None:
        return rules_kind
    if rule["mode"] == "model":
        return model_kind if model_kind is not None and p >= rule["threshold"] else None
    return combine(rules_kind, model_kind, p, rule)


def cv_table(docs, rules, held, splits: str = STUDIED) -> list[dict]:
    rows = []
    for name, rule in strategies():
        per = {}
        pooled = []
        for s in splits:
            pairs = [(decide(rule, rules[d["stem"]], *held[d["stem"]]), d["gold"]) for d in docs if d["split"] == s]
            if pairs:
                per[s] = round(f1_of(pairs).f1, 2)
                pooled += pairs
        tot = f1_of(pooled)
        rows.append({"strategy": name, "rule": rule, "pooled_f1": round(tot.f1, 4), "tp": tot.tp, "fp": tot.fp,
                     "fn": tot.fn, "per_split": per})
    return rows


def render(rows, splits: str = STUDIED) -> str:
    head = "| strategy | pooled F1 (tp/fp/fn) | " + " | ".join(splits) + " |"
    lines = [head, "|" + "---|" * (len(splits) + 2)]
    for r in rows:
        lines.append(f"| {r['strategy']} | {r['pooled_f1']:.2f} ({r['tp']}/{r['fp']}/{r['fn']}) | "
                     + " | ".join(f"{r['per_split'].get(s, float('nan')):.2f}" for s in splits) + " |")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cv", action="store_true", help="leave-one-split-out cross-validation table")
    ap.add_argument("--write", action="store_true", help="train on every studied split and write the model file")
    ap.add_argument("--rules-cache", help="JSON {stem: kind} of the rules' kinds (computed when absent)")
    ap.add_argument("--report", help="write the cross-validation rows as JSON here")
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args(argv)
    docs = corpus()
    rows = None
    if args.cv or args.write:
        if args.rules_cache and Path(args.rules_cache).exists():
            rules = json.loads(Path(args.rules_cache).read_text(encoding="utf-8"))
        else:
            rules = rules_kinds(docs)
            if args.rules_cache:
                Path(args.rules_cache).write_text(json.dumps(rules, indent=1), encoding="utf-8")
        held = cross_validate(docs, rules, seed=args.seed)
        rows = cv_table(docs, rules, held)
        print("Held-out model against the current rules (fitted to these very articles):")
        print(render(rows))
        blind = blind_rules_kinds(docs)
        bsplits = "".join(BLIND_RUNS)
        brows = cv_table(docs, blind, held, bsplits)
        print("\nHeld-out model against the rules as they were when each split was blind (g..v):")
        print(render(brows, bsplits))
        if args.report:
            Path(args.report).write_text(json.dumps({"rows": rows, "blind_rows": brows, "held_out": held,
                                                     "rules": rules, "blind_rules": blind}, indent=1,
                                                    ensure_ascii=False), encoding="utf-8")
    if args.write:
        best = max((r for r in rows if r["rule"] and r["rule"]["mode"] != "model"), key=lambda r: r["pooled_f1"])
        model = train(docs, seed=args.seed)
        model.meta["combination"] = best["rule"]
        model.meta["cv_pooled_f1"] = best["pooled_f1"]
        MODEL_PATH.write_text(json.dumps(model.to_dict(), ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        print(f"wrote {MODEL_PATH} ({len(model.weights)} features); combination {best['rule']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
