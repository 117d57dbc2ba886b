"""A small evaluator of IATI's own rulesets (the JSON rule kinds of SPEC.rst beside
`../shared/reference/iati-2.03/rulesets/standard.json`), so that the export is checked against IATI's rules, not
against rules of our own. Each case is evaluated with lxml's XPath 1.0 on the activity element the rule's context
selects, as IATI's validator does:

- `condition` (an XPath): the case applies only when it is true; `idCondition`: only when the identifiers in
  `paths` are not registered publisher identifiers (we know none, so the stricter reading: always applies);
- `loop`: every distinct value that `foreach` selects is substituted for `$1` in the `subs` keys of the cases
  of `do`;
- a date rule whose dates are absent does not apply (as in IATI's validator).
"""
import datetime
import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from lxml import etree

RULESET = Path("/work/shared/reference/iati-2.03/rulesets/standard.json")
if not RULESET.exists():  # a copy beside the tests when the shared folder is not there
    RULESET = Path(__file__).with_name("iati_standard_ruleset.json")
NOT_APPLICABLE = None


@dataclass
class Failure:
    rule_id: str
    severity: str
    message: str
    context: str

    def __str__(self):
        return f"{self.rule_id} ({self.severity}) at {self.context}: {self.message}"


def load_ruleset():
    return json.loads(RULESET.read_text(encoding="utf-8"))


def _nodes(element, path):
    found = element.xpath(path)
    return found if isinstance(found, list) else [found]


def _texts(element, paths):
    out = []
    for path in paths:
        for node in _nodes(element, path):
            out.append(node if isinstance(node, str) else (node.text or "") if hasattr(node, "text") else str(node))
    return out


def _true(element, expression):
    return bool(element.xpath(f"boolean({expression})"))


def _date(element, path, now):
    if path == "NOW":
        return now
    values = _texts(element, [path])
    if not values or not values[0]:
        return None
    text = values[0][:10]
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def _one_or_all(element, case):
    if _nodes(element, case["one"]):
        return True
    kind = case["all"]
    if kind == "lang":
        xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
        return all(n.get(xml_lang) for n in element.iter("narrative"))
    if kind == "sector":
        return all(t.find("sector") is not None for t in element.findall("transaction"))
    if kind == "currency":
        return all(v.get("currency") for tag in ("value", "forecast", "loan-status") for v in element.iter(tag))
    if kind == "recipient-country|recipient-region":
        return all(t.find("recipient-country") is not None or t.find("recipient-region") is not None
                   for t in element.findall("transaction"))
    return True


def _decimal_sum(values):
    try:
        return sum((Decimal(v) for v in values), Decimal(0))
    except InvalidOperation:
        return None


def _starts_with(element, case, id_sets):
    texts = _texts(element, case["paths"])
    prefixes = case["prefix"]
    if prefixes in ("ORG-ID-PREFIX", ["ORG-ID-PREFIX"]):
        return all("-".join(t.split("-")[:2]) in id_sets["ORG-ID-PREFIX"] for t in texts)
    starts = _texts(element, prefixes)
    separator = case.get("separator", "")
    return all(any(t.startswith(s + separator) for s in starts) for t in texts)


def evaluate_case(element, rule, case, id_sets, now):
    """True (passes), False (fails) or NOT_APPLICABLE."""
    if "condition" in case and not _true(element, case["condition"]):
        return NOT_APPLICABLE
    if case.get("idCondition") in ("NOT_EXISTING_ORG_ID", "NOT_EXISTING_ORG_ID_PREFIX"):
        texts = _texts(element, case.get("paths", []))
        if any(t in id_sets["ORG-ID"] for t in texts):
            return NOT_APPLICABLE
    paths = case.get("paths", [])
    matches = [n for p in paths for n in _nodes(element, p)]
    if rule == "atleast_one":
        return len(matches) >= 1
    if rule == "no_more_than_one":
        return len(matches) <= 1
    if rule == "only_one_of":
        return all((len(matches) == 0) if _nodes(element, x) else len(matches) == 1 for x in case["excluded"])
    if rule == "one_or_all":
        return _one_or_all(element, case)
    if rule == "unique":
        texts = _texts(element, paths)
        return len(texts) == len(set(texts))
    if rule in ("sum", "strict_sum"):
        if rule == "sum" and not matches:
            return True
        return _decimal_sum(_texts(element, paths)) == Decimal(str(case["sum"]))
    if rule in ("date_order", "date_now", "time_limit", "between_dates"):
        return _dates(element, rule, case, now)
    if rule in ("regex_matches", "regex_no_matches"):
        pattern = re.compile(case["regex"])
        wanted = rule == "regex_matches"
        return all(t == "" or bool(pattern.search(t)) == wanted for t in _texts(element, paths))
    if rule == "startswith":
        return _starts_with(element, case, id_sets)
    if rule == "if_then":
        return (not _true(element, case["if"])) or _true(element, case["then"])
    if rule == "range":
        values = [Decimal(t) for t in _texts(element, paths)]
        return all(Decimal(str(case.get("min", v))) <= v <= Decimal(str(case.get("max", v))) for v in values)
    if rule == "no_spaces":
        return all(t == t.strip() for t in _texts(element, paths))
    raise NotImplementedError(rule)


def _dates(element, rule, case, now):
    if rule == "date_order":
        less, more = _date(element, case["less"], now), _date(element, case["more"], now)
        return NOT_APPLICABLE if less is None or more is None else less <= more
    if rule == "date_now":
        day = _date(element, case["date"], now)
        return NOT_APPLICABLE if day is None else day <= now
    if rule == "time_limit":
        start, end = _date(element, case["start"], now), _date(element, case["end"], now)
        return NOT_APPLICABLE if start is None or end is None else (end - start).days <= 365
    day = _date(element, case["date"], now)
    start, end = _date(element, case["start"], now), _date(element, case["end"], now)
    return NOT_APPLICABLE if None in (day, start, end) else start <= day <= end


def _cases(element, rule, case):
    if rule != "loop":
        yield rule, case
        return
    groups = list(dict.fromkeys(str(v) for v in _nodes(element, case["foreach"])))
    for sub_rule, sub in case["do"].items():
        for sub_case in sub["cases"]:
            for value in groups:
                filled = dict(sub_case)
                for key in case.get("subs", []):
                    if key in filled:
                        v = filled[key]
                        filled[key] = v.replace("$1", value) if isinstance(v, str) else [x.replace("$1", value)
                                                                                          for x in v]
                yield sub_rule, filled


def evaluate(xml_bytes, id_sets=None, now=None, ruleset=None):
    """[(rule id, rule kind, result)] of every case of the ruleset on the document; result None = not applicable."""
    id_sets = id_sets or {"ORG-ID": set(), "ORG-ID-PREFIX": set()}
    now = now or datetime.date.today()
    doc = etree.fromstring(xml_bytes)
    tree = doc.getroottree()
    out = []
    for context, rules in (ruleset or load_ruleset()).items():
        for element in tree.xpath(context):
            for rule, spec in rules.items():
                for case in spec["cases"]:
                    for kind, one in _cases(element, rule, case):
                        info = one.get("ruleInfo", {})
                        result = evaluate_case(element, kind, one, id_sets, now)
                        out.append((info.get("id", "?"), kind, result, info, tree.getpath(element)))
    return out


def failures(xml_bytes, id_sets=None, now=None):
    return [Failure(rule_id, info.get("severity", "?"), info.get("message", ""), where)
            for rule_id, _kind, result, info, where in evaluate(xml_bytes, id_sets, now) if result is False]
