"""Reads of the registry: search by any name or alias in any script, exact or fuzzy."""
from django.db.models import Q
from rapidfuzz import fuzz, process

from skillsnet.accounts.permissions import restrict
from skillsnet.core.text import compact, normalize

from .models import Country, Organisation


def search_organisations(user, text, *, limit=20, fuzzy=True, min_score=80):
    """Organisations matching `text` by substring of any name, acronym or alias (any script, no word
    boundaries needed), then by fuzzy similarity when few substring matches exist."""
    text = (text or "").strip()[:200]
    if not text:
        return []
    visible = restrict(Organisation.objects.select_related("country"), user, "view")
    exact = list(visible.filter(Q(search_text__contains=normalize(text)) | Q(search_text__contains=compact(text)))[:limit])
    if len(exact) >= limit or not fuzzy:
        return exact
    seen = {o.pk for o in exact}
    choices = {pk: blob for pk, blob in visible.exclude(pk__in=seen).values_list("pk", "search_text")}
    query = normalize(text)
    found = process.extract(query, {pk: blob.split("\n") for pk, blob in choices.items()},
                            scorer=lambda q, names, **kw: max((fuzz.WRatio(q, n) for n in names), default=0),
                            limit=limit - len(exact), score_cutoff=min_score)
    ids = [pk for _names, _score, pk in found]
    by_id = {o.pk: o for o in visible.filter(pk__in=ids)}
    return exact + [by_id[i] for i in ids if i in by_id]


def country_names():
    """{ISO code: the country's name in the active language}, kept per process (core.refcache)."""
    from django.utils import translation

    from skillsnet.core import refcache

    return refcache.cached(("country_names", translation.get_language()),
                           lambda: {c.pk: str(c) for c in Country.objects.all()})


class PageRows(list):
    """A list that also answers count() like a queryset (core.registry.Panel expects one)."""

    def count(self, *args):
        return len(self) if not args else super().count(*args)


def organisation_memberships(organisation, user):
    """Every membership the organisation is in, as member or as network, that `user` may see: read once for an
    organisation's page, whose two membership panels and timeline show them (one query instead of three)."""
    from .models import Membership

    memo = organisation.__dict__.setdefault("_skillsnet_page_rows", {})
    key = ("memberships", getattr(user, "pk", None))
    if key not in memo:
        qs = Membership.objects.filter(Q(member=organisation) | Q(network=organisation)).select_related(
            "member", "network")
        memo[key] = list(restrict(qs, user, "view"))
    return memo[key]


def memberships_of(organisation, user):
    """The organisation's memberships of networks (organisation_memberships, in their order)."""
    return PageRows(m for m in organisation_memberships(organisation, user) if m.member_id == organisation.pk)


def members_of(organisation, user):
    """The members of the organisation as a network (organisation_memberships, in their order)."""
    return PageRows(m for m in organisation_memberships(organisation, user) if m.network_id == organisation.pk)
