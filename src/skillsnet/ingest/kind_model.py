"""A learned activity kind: a small linear text classifier scored in plain Python.

The model is a JSON file of weights (``data/kind_model.json``) written by ``tools/train_kind_model.py`` from the
studied gold articles; nothing is downloaded and nothing but the standard library runs here. Features: English word
unigrams and bigrams, Chinese character bigrams and trigrams (traditional script read as simplified), each also
counted again, under its own name, when it stands in the lead (the headline and the first sentences), with
``1 + log(count)`` values normalised to unit length.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

MODEL_PATH = Path(__file__).resolve().parent / "data" / "kind_model.json"
LEAD_CHARS = 300  # the headline and the first sentence or two

_WORD = re.compile(r"[a-z][a-z0-9'’-]*[a-z0-9]|[a-z]")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_STOP = frozenset(
    "a an the of and in on at to for by with from as is was were be been are this that these those it its his her "
    "their our we he she they which who or also has have had will would s".split()
)


def _simplified(text: str) -> str:
    from .extract_zh import to_simplified

    return to_simplified(text)


def _grams(text: str, prefix: str, out: dict[str, float]) -> None:
    low = text.lower()
    words = [w.strip("'’-") for w in _WORD.findall(low)]
    words = [w for w in words if w]
    for i, w in enumerate(words):
        if w not in _STOP:
            k = prefix + w
            out[k] = out.get(k, 0.0) + 1.0
        if i + 1 < len(words):
            k = prefix + w + " " + words[i + 1]
            out[k] = out.get(k, 0.0) + 1.0
    for run in _CJK.findall(text):
        for n in (2, 3):
            for i in range(len(run) - n + 1):
                k = prefix + run[i:i + n]
                out[k] = out.get(k, 0.0) + 1.0


def features(text: str) -> dict[str, float]:
    """The article's features: {name: value}, unit length."""
    text = _simplified(unicodedata.normalize("NFKC", text))
    counts: dict[str, float] = {}
    _grams(text, "", counts)
    _grams(text[:LEAD_CHARS], "L:", counts)
    feats = {k: 1.0 + math.log(v) for k, v in counts.items()}
    norm = math.sqrt(sum(v * v for v in feats.values())) or 1.0
    return {k: v / norm for k, v in feats.items()}


class KindModel:
    """Multinomial logistic regression: one weight per (feature, class) and one bias per class."""

    def __init__(self, classes: list[str], bias: list[float], weights: dict[str, list[float]], meta: dict | None = None):
        self.classes = list(classes)
        self.bias = list(bias)
        self.weights = weights
        self.meta = dict(meta or {})

    @classmethod
    def from_dict(cls, d: dict) -> "KindModel":
        return cls(d["classes"], d["bias"], d["weights"], d.get("meta"))

    def to_dict(self) -> dict:
        return {"classes": self.classes, "bias": self.bias, "weights": self.weights, "meta": self.meta}

    def probabilities_of(self, feats: dict[str, float]) -> dict[str, float]:
        z = list(self.bias)
        for f, v in feats.items():
            w = self.weights.get(f)
            if w is not None:
                for j, wj in enumerate(w):
                    z[j] += wj * v
        top = max(z)
        e = [math.exp(x - top) for x in z]
        s = sum(e)
        return {c: x / s for c, x in zip(self.classes, e)}

    def probabilities(self, text: str) -> dict[str, float]:
        return self.probabilities_of(features(text))

    def best(self, text: str) -> tuple[str | None, float]:
        """The most probable kind (None for the class "none") and its probability."""
        p = self.probabilities(text)
        c = max(self.classes, key=lambda k: (p[k], k))
        return (None if c == "none" else c), p[c]


@lru_cache(maxsize=1)
def load(path: str | None = None) -> KindModel | None:
    p = Path(path) if path else MODEL_PATH
    if not p.exists():
        return None
    return KindModel.from_dict(json.loads(p.read_text(encoding="utf-8")))


def combine(rules_kind: str | None, model_kind: str | None, confidence: float, rule: dict) -> str | None:
    """The kind to propose from the rules' kind and the model's (see ``tools/train_kind_model.py`` for the rules
    compared by cross-validation). ``rule``: {"mode": "fill"|"override", "threshold": t}:
    fill -- the rules' kind when they have one, else the model's when its probability is at least t;
    override -- the model's kind when its probability is at least t, else the rules'."""
    confident = model_kind is not None and confidence >= rule.get("threshold", 0.0)
    if rule.get("mode") == "override":
        return model_kind if confident else rules_kind
    return rules_kind if rules_kind else (model_kind if confident else None)
