"""Likely duplicate persons: a similar name in any script or name order, and no conflicting birth year
or organisation.

Every name and alias of each person is compared (normalised with skillsnet.core.text) with rapidfuzz's
token_sort_ratio, which ignores word order ("Zhang Lifang" / "Lifang Zhang"), and with the spaceless
form, which also catches "Zhang Li-fang" / "Zhanglifang" and names in scripts without spaces.
Only people sharing a name token are compared (blocking), so a whole registry can be checked.
"""
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from skillsnet.core.text import compact, normalize

from .models import Person

THRESHOLD = 90
MAX_BLOCK = 400  # a token shared by more people than this (a common surname) is not used alone for blocking


@dataclass
class DuplicatePair:
    first: Person
    second: Person
    score: float
    reasons: list = field(default_factory=list)


def _forms(person):
    """[(normalised name, spaceless name)] for every name and alias."""
    return [(normalize(n), compact(n)) for n in person.all_names() if compact(n)]


def _keys(forms):
    keys = set()
    for norm, flat in forms:
        tokens = norm.split()
        keys.add(("all", " ".join(sorted(tokens))))
        keys.add(("flat", flat))
        keys.update(("token", t) for t in tokens if len(t) > 1)
    return keys


def name_score(forms_a, forms_b):
    """(best score 0–100, the two names, whether the order of the words differs)."""
    best = (0.0, "", "", False)
    for norm_a, flat_a in forms_a:
        for norm_b, flat_b in forms_b:
            score = max(fuzz.token_sort_ratio(norm_a, norm_b), fuzz.ratio(flat_a, flat_b))
            swapped = False
            words_a = norm_a.split()
            if len(words_a) > 1:
                rotated = compact(" ".join(words_a[1:] + words_a[:1]))
                swap_score = fuzz.ratio(rotated, flat_b)
                if swap_score > score:
                    score, swapped = swap_score, True
            if norm_a.split() != norm_b.split() and sorted(norm_a.split()) == sorted(norm_b.split()):
                swapped = True
            if score > best[0]:
                best = (score, norm_a, norm_b, swapped)
    return best


def _compare(a, b, forms):
    if a.birth_year and b.birth_year and a.birth_year != b.birth_year:
        return None
    if a.organisation_id and b.organisation_id and a.organisation_id != b.organisation_id:
        return None
    score, name_a, name_b, swapped = name_score(forms[a.pk], forms[b.pk])
    if score < THRESHOLD:
        return None
    reasons = [_("similar names: “%(a)s” and “%(b)s” (%(score)s%%)")
               % {"a": name_a, "b": name_b, "score": round(score)}]
    if swapped:
        reasons.append(_("given and family names in the other order"))
    if a.birth_year and b.birth_year:
        reasons.append(_("same birth year %(year)s") % {"year": a.birth_year})
    else:
        reasons.append(_("birth year unknown for at least one"))
    if a.organisation_id and b.organisation_id:
        reasons.append(_("same organisation"))
    else:
        reasons.append(_("organisation unknown for at least one"))
    return DuplicatePair(a, b, round(score, 1), reasons)


def find_duplicates(person_or_queryset, among=None):
    """Candidate duplicate pairs, best first.

    Given a person: pairs of that person with anyone in `among` (default: everyone). Given a queryset:
    pairs within it."""
    if isinstance(person_or_queryset, Person):
        target = person_or_queryset
        pool = (among if among is not None else Person.objects.all()).exclude(pk=target.pk)
        people = [target, *pool.select_related("organisation")]
        only = target.pk
    else:
        people = list(person_or_queryset.select_related("organisation") if isinstance(person_or_queryset, QuerySet)
                      else person_or_queryset)
        only = None
    forms = {p.pk: _forms(p) for p in people}
    blocks = defaultdict(list)
    for p in people:
        for key in _keys(forms[p.pk]):
            blocks[key].append(p)
    seen, pairs = set(), []
    for key, members in blocks.items():
        if key[0] == "token" and len(members) > MAX_BLOCK:
            continue
        if only is not None:
            anchors = [p for p in members if p.pk == only]
            candidates = [(anchors[0], p) for p in members if p.pk != only] if anchors else []
        else:
            candidates = [(a, b) for i, a in enumerate(members) for b in members[i + 1:]]
        for a, b in candidates:
            pair_key = (min(a.pk, b.pk), max(a.pk, b.pk))
            if pair_key in seen:
                continue
            seen.add(pair_key)
            found = _compare(a, b, forms)
            if found:
                pairs.append(found)
    pairs.sort(key=lambda d: (-d.score, d.first.pk, d.second.pk))
    return pairs
