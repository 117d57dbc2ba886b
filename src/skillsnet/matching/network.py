"""Network analytics: organisations linked by agreements (parties) and shared activities (host,
organisations in a role, participants' organisations); degree, cross-border ties, betweenness,
components, a country-pair matrix and growth over time; SVG and PNG drawings made on the server.
"""
import io
import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from html import escape

import networkx as nx
from django.apps import apps
from django.utils.translation import gettext as _

from skillsnet.accounts.permissions import restrict
from skillsnet.directory.models import Organisation

from .features import activity_members

PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
# Agreements that are only proposed are not (yet) ties.
TIE_STATUSES = ("signed", "active", "expired", "terminated")
BETWEENNESS_EXACT = 300  # above this many nodes betweenness is estimated from a seeded sample of sources
BETWEENNESS_SAMPLE = 30


def _year(start, period):
    if start:
        return start.year
    if period and period[:4].isdigit():
        return int(period[:4])
    return None


def _add_tie(graph, a, b, kind, year, label):
    if a == b:
        return
    if graph.has_edge(a, b):
        data = graph[a][b]
    else:
        graph.add_edge(a, b, agreements=0, activities=0, years=set(), via=[])
        data = graph[a][b]
    data[kind] += 1
    if year:
        data["years"].add(year)
    if len(data["via"]) < 5:
        data["via"].append(label)


def build_graph(user, *, country=None, until_year=None):
    """An undirected networkx graph; nodes carry name, short name, country and kind; edges carry the number
    of shared agreements and activities, the years of those ties and a few of their titles."""
    graph = nx.Graph()
    orgs = {pk: (name, acronyms, c, kind) for pk, name, acronyms, c, kind in restrict(
        Organisation.objects.all(), user, "view").values_list("pk", "name", "acronyms", "country_id", "kind")}
    Party = apps.get_model("agreements", "Party")
    members = defaultdict(set)
    info = {}
    for agreement, org, signed, status, title in restrict(Party.objects.all(), user, "view").filter(
            agreement__status__in=TIE_STATUSES).values_list(
            "agreement_id", "organisation_id", "agreement__signed_on", "agreement__status", "agreement__title"):
        members[agreement].add(org)
        info[agreement] = (int(signed[:4]) if signed else None, title)
    for agreement, group in members.items():
        year, title = info[agreement]
        if until_year and year and year > until_year:
            continue
        group = sorted(o for o in group if o in orgs)
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                _add_tie(graph, a, b, "agreements", year, title)
    Activity = apps.get_model("activities", "Activity")
    members = activity_members(user)
    info = {pk: (_year(start, period), title) for pk, start, period, title in restrict(
        Activity.objects.all(), user, "view").filter(pk__in=list(members)).values_list(
        "pk", "start", "period", "title")}
    for activity, group in members.items():
        year, title = info.get(activity, (None, ""))
        if until_year and year and year > until_year:
            continue
        group = sorted(o for o in group if o in orgs)
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                _add_tie(graph, a, b, "activities", year, title)
    for pk in list(graph.nodes):
        name, acronyms, c, kind = orgs[pk]
        graph.nodes[pk].update(name=name, short=(acronyms[0] if acronyms else name), country=c or "", kind=kind)
    if country:
        keep = {n for n, d in graph.nodes(data=True) if d["country"] == country}
        keep |= {m for n in keep for m in graph.neighbors(n)}
        graph = graph.subgraph(keep).copy()
    for a, b, data in graph.edges(data=True):
        data["first_year"] = min(data["years"]) if data["years"] else None
        data["weight"] = data["agreements"] + data["activities"]
        ca, cb = graph.nodes[a]["country"], graph.nodes[b]["country"]
        data["cross_border"] = bool(ca and cb and ca != cb)
    return graph


@dataclass
class NodeStats:
    pk: int
    name: str
    short: str
    country: str
    kind: str
    degree: int
    ties: int
    cross_border: int
    betweenness: float
    component: int


def analyse(graph):
    """Everything the network page shows, as plain data."""
    n = graph.number_of_nodes()
    estimated = n > BETWEENNESS_EXACT
    if estimated:
        betweenness = nx.betweenness_centrality(graph, k=BETWEENNESS_SAMPLE, seed=1)
    else:
        betweenness = nx.betweenness_centrality(graph) if n else {}
    components = sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c))) if n else []
    component_of = {node: i + 1 for i, comp in enumerate(components) for node in comp}
    nodes = []
    for pk, data in graph.nodes(data=True):
        cross = sum(1 for m in graph.neighbors(pk) if graph[pk][m]["cross_border"])
        nodes.append(NodeStats(pk, data["name"], data["short"], data["country"], data["kind"], graph.degree(pk),
                               sum(graph[pk][m]["weight"] for m in graph.neighbors(pk)), cross,
                               round(betweenness.get(pk, 0.0), 4), component_of.get(pk, 0)))
    nodes.sort(key=lambda s: (-s.degree, -s.betweenness, s.name))
    pairs = Counter()
    by_year = Counter()
    unknown_year = 0
    for a, b, data in graph.edges(data=True):
        ca, cb = sorted([graph.nodes[a]["country"] or "?", graph.nodes[b]["country"] or "?"])
        pairs[(ca, cb)] += 1
        if data["first_year"]:
            by_year[data["first_year"]] += 1
        else:
            unknown_year += 1
    countries = sorted({c for pair in pairs for c in pair})
    matrix = [(c, [pairs.get(tuple(sorted((c, d))), 0) for d in countries]) for c in countries]
    growth, total = [], 0
    for year in sorted(by_year):
        total += by_year[year]
        growth.append((year, by_year[year], total))
    edges = sorted(((graph.nodes[a], graph.nodes[b], d) for a, b, d in graph.edges(data=True)),
                   key=lambda e: (-e[2]["weight"], e[0]["name"], e[1]["name"]))
    return {
        "nodes": nodes, "edges": edges, "countries": countries, "matrix": matrix,
        "pairs": sorted(((a, b, n) for (a, b), n in pairs.items()), key=lambda p: (-p[2], p[0], p[1])),
        "growth": growth, "unknown_year": unknown_year,
        "components": [len(c) for c in components],
        "node_count": n, "edge_count": graph.number_of_edges(), "betweenness_estimated": estimated,
        "betweenness_sample": BETWEENNESS_SAMPLE,
        "cross_border_count": sum(1 for *_e, d in graph.edges(data=True) if d["cross_border"]),
    }


# ------------------------------------------------------------------ drawing
def top_subgraph(graph, limit=150):
    """The `limit` best-connected organisations (for drawing big networks)."""
    if graph.number_of_nodes() <= limit:
        return graph
    keep = sorted(graph.nodes, key=lambda n: (-graph.degree(n), n))[:limit]
    return graph.subgraph(keep)


def layout(graph, size=800, margin=110):
    """A circular layout grouped by country (pure Python): {node: (x, y)} in a size × size box."""
    nodes = sorted(graph.nodes, key=lambda n: (graph.nodes[n]["country"], -graph.degree(n), graph.nodes[n]["name"]))
    r = size / 2 - margin
    out = {}
    for i, node in enumerate(nodes):
        angle = 2 * math.pi * i / max(1, len(nodes)) - math.pi / 2
        out[node] = (round(size / 2 + r * math.cos(angle), 1), round(size / 2 + r * math.sin(angle), 1))
    return out


def country_colours(graph):
    countries = sorted({d["country"] for _n, d in graph.nodes(data=True)})
    return {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(countries)}


def to_svg(graph, *, size=800, title=None):
    graph = top_subgraph(graph)
    pos, colours = layout(graph, size), country_colours(graph)
    title = title or _("Network of organisations linked by agreements and shared activities")
    desc = _("%(n)s organisations, %(e)s ties; lines between countries are dashed.") % {
        "n": graph.number_of_nodes(), "e": graph.number_of_edges()}
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size + 40}" width="{size}" '
           f'height="{size + 40}" role="img" aria-labelledby="net-title net-desc" class="sk-network">',
           f'<title id="net-title">{escape(title)}</title><desc id="net-desc">{escape(desc)}</desc>',
           f'<rect width="{size}" height="{size + 40}" fill="#ffffff"/>', '<g class="edges">']
    for a, b, d in graph.edges(data=True):
        (x1, y1), (x2, y2) = pos[a], pos[b]
        dash = ' stroke-dasharray="6 4"' if d["cross_border"] else ""
        width = min(6, 1 + d["weight"])
        label = _("%(a)s – %(b)s: %(n)s shared agreements or activities") % {
            "a": graph.nodes[a]["name"], "b": graph.nodes[b]["name"], "n": d["weight"]}
        out.append(f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="#57606a" stroke-opacity="0.7" '
                   f'stroke-width="{width}"{dash}><title>{escape(label)}</title></line>')
    out.append('</g><g class="nodes" font-family="system-ui, sans-serif" font-size="12">')
    for node, (x, y) in pos.items():
        d = graph.nodes[node]
        radius = 5 + min(10, graph.degree(node) * 2)
        anchor = "start" if x >= size / 2 else "end"
        dx = radius + 4 if x >= size / 2 else -(radius + 4)
        out.append(f'<g><title>{escape(d["name"])} ({escape(d["country"] or "?")})</title>'
                   f'<circle cx="{x}" cy="{y}" r="{radius}" fill="{colours[d["country"]]}" stroke="#1b1f24"/>'
                   f'<text x="{round(x + dx, 1)}" y="{y + 4}" text-anchor="{anchor}" fill="#1b1f24">'
                   f'{escape(d["short"][:40])}</text></g>')
    out.append('</g><g class="legend" font-family="system-ui, sans-serif" font-size="12">')
    for i, (country, colour) in enumerate(colours.items()):
        x = 10 + (i % 10) * 78
        y = size + 12 + (i // 10) * 16
        out.append(f'<circle cx="{x + 6}" cy="{y}" r="6" fill="{colour}"/>'
                   f'<text x="{x + 16}" y="{y + 4}" fill="#1b1f24">{escape(country or "?")}</text>')
    out.append("</g></svg>")
    return "\n".join(out)


def to_png(graph, *, size=800):
    """The same drawing as to_svg, rasterised with Pillow (reportlab's renderPM needs rlPyCairo, absent here)."""
    from PIL import Image, ImageDraw, ImageFont

    graph = top_subgraph(graph)
    pos, colours = layout(graph, size), country_colours(graph)
    image = Image.new("RGB", (size, size + 40), "white")
    draw = ImageDraw.Draw(image)
    try:
        font = ImageFont.load_default(size=12)
    except TypeError:  # Pillow < 10.1
        font = ImageFont.load_default()
    for a, b, d in graph.edges(data=True):
        draw.line([pos[a], pos[b]], fill=(87, 96, 106) if not d["cross_border"] else (213, 94, 0),
                  width=min(6, 1 + d["weight"]))
    for node, (x, y) in pos.items():
        d = graph.nodes[node]
        radius = 5 + min(10, graph.degree(node) * 2)
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=colours[d["country"]], outline="black")
        label = d["short"][:40]
        width = draw.textlength(label, font=font)
        tx = x + radius + 4 if x >= size / 2 else x - radius - 4 - width
        draw.text((tx, y - 7), label, fill="black", font=font)
    for i, (country, colour) in enumerate(colours.items()):
        x, y = 10 + (i % 10) * 78, size + 12 + (i // 10) * 16
        draw.ellipse([x, y - 6, x + 12, y + 6], fill=colour)
        draw.text((x + 16, y - 7), country or "?", fill="black", font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def to_elements(graph, limit=300):
    """Cytoscape.js elements with preset positions (the interactive view)."""
    graph = top_subgraph(graph, limit)
    pos, colours = layout(graph, 800), country_colours(graph)
    nodes = [{"data": {"id": str(n), "label": d["short"][:40], "name": d["name"], "country": d["country"],
                       "colour": colours[d["country"]], "size": 10 + min(20, graph.degree(n) * 3)},
              "position": {"x": pos[n][0], "y": pos[n][1]}} for n, d in graph.nodes(data=True)]
    edges = [{"data": {"id": f"{a}-{b}", "source": str(a), "target": str(b), "weight": d["weight"],
                       "cross": int(d["cross_border"])}} for a, b, d in graph.edges(data=True)]
    return nodes + edges
