"""The network's public page, for visitors who are not signed in: members on a map of the region, key
figures with their sources, latest news, activities that published articles report, and how to join.

Only what is public shows: organisations and memberships (public models), figures that published sources
state, published news, and the title, date, place and host of activities documented by a published source
(no people, no contacts, no amounts of internal records).
"""
import json
from functools import lru_cache
from pathlib import Path

from django.contrib.auth.models import AnonymousUser
from django.shortcuts import render
from django.utils.translation import gettext as _

from skillsnet.accounts.permissions import restrict
from skillsnet.directory.models import Membership, Organisation

MAP = Path(__file__).parent / "static" / "skillsnet" / "region-map.json"
SHOWN = 6


@lru_cache(maxsize=1)
def region_map():
    return json.loads(MAP.read_text())


def members_by_country(user):
    """{country code: [organisation, ...]} of the current members of the networks, in the user's view."""
    memberships = restrict(Membership.objects.filter(left_on=""), user, "view").select_related("member__country")
    out = {}
    for m in memberships:
        if m.member.country_id:
            out.setdefault(m.member.country_id, {})[m.member.pk] = m.member
    return {code: sorted(orgs.values(), key=lambda o: str(o)) for code, orgs in out.items()}


def map_data(members, country_names):
    """Countries to draw (member countries marked) and one circle per member country with its count."""
    data = region_map()
    countries, markers = [], []
    for code, shape in data["countries"].items():
        count = len(members.get(code, []))
        countries.append({"code": code, "d": shape["d"], "member": bool(count), "name": country_names.get(code, code)})
        if count:
            markers.append({"code": code, "x": shape["x"], "y": shape["y"], "count": count,
                            "r": 7 + min(count, 20) * 0.6, "name": country_names.get(code, code)})
    return {"width": data["width"], "height": data["height"], "countries": countries, "markers": markers,
            "source": data["source"]}


def key_figures():
    """Figures that published sources state about the networks, each with its source."""
    from skillsnet.results.models import ReportedFigure

    qs = (ReportedFigure.objects.filter(organisation__kind=Organisation.Kind.NETWORK)
          .exclude(counts__in=[ReportedFigure.Counts.CONTRIBUTION, ReportedFigure.Counts.OTHER])
          .select_related("organisation", "source").order_by("organisation_id", "counts", "pk"))
    return [{"value": f.value, "qualifier": f.get_qualifier_display() if f.qualifier != "exactly" else "",
             "counts": f.get_counts_display(), "subject": f.organisation, "statement": f.statement,
             "source": f.source.title, "url": f.source.url, "publisher": f.source.publisher}
            for f in qs[:SHOWN]]


def latest_news():
    from skillsnet.knowledge.queries import published_news

    return list(published_news(SHOWN // 2))


def public_activities():
    """Activities that a published source reports: title, date, place and host only."""
    from skillsnet.activities.models import Activity

    # activities are public information in the rules; read through the visitor's door like every page
    qs = (Activity.objects.for_user(AnonymousUser(), "view").exclude(source="").select_related("host", "country")
          .only("title", "start", "period", "city", "country__name", "host__name", "kind")
          .order_by("-start", "-period", "-id"))
    return [{"title": str(a), "when": a.start or a.period, "city": a.city, "country": a.country,
             "host": a.host, "kind": a.get_kind_display()} for a in qs[:SHOWN]]


def public_page(request):
    from skillsnet.directory.models import Country

    user = request.user if request.user.is_authenticated else AnonymousUser()
    members = members_by_country(user)
    names = {c.pk: str(c) for c in Country.objects.filter(pk__in=list(region_map()["countries"]))}
    networks = restrict(Organisation.objects.filter(kind=Organisation.Kind.NETWORK), user, "view")
    member_count = sum(len(v) for v in members.values())
    return render(request, "web/public.html", {
        "map": map_data(members, names),
        "members": sorted(((names.get(code, code), orgs) for code, orgs in members.items()), key=lambda x: x[0]),
        "member_count": member_count, "member_countries": len(members),
        "networks": list(networks[:SHOWN]),
        "figures": key_figures(), "news": latest_news(), "activities": public_activities(),
        "title": _("Skills development network"),
    })
