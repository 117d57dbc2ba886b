"""Small, accessible inline SVG charts (no JavaScript, no external fonts, all text escaped).

* ``role="img"`` with ``aria-labelledby`` pointing at ``<title>`` and ``<desc>``; the
  description lists every value, so screen-reader users get the data, not just "a chart".
* each bar / point has its own ``<title>`` tooltip ("Female – LA: 120 people");
* ``links={(series_name, category): url}`` wraps that bar / point in ``<a href=...>`` so each
  figure leads to the records behind it. Only http(s) URLs and relative URLs are linked;
  anything else (``javascript:``, ``data:`` …) is dropped.
* colours are the Okabe–Ito palette; text and axes use ``currentColor`` so the chart follows
  the page's text colour (dark mode); classes (``sk-chart``, ``sk-bar``, ``sk-s0`` …) allow
  CSS overrides.
"""

from __future__ import annotations

import hashlib
import math
import re
from decimal import Decimal
from html import escape as _html_escape
from typing import Mapping, Sequence

__all__ = ["svg_bar_chart", "svg_line_chart", "PALETTE"]

PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
FONT = "system-ui, -apple-system, 'Segoe UI', 'Noto Sans', sans-serif"

Series = Sequence[tuple[str, Sequence[float | int | Decimal | None]]]
Links = Mapping[tuple[str, str], str]


def _esc(text) -> str:
    return _html_escape(str(text), quote=True)


_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_CTRL = re.compile(r"[\x00-\x20\x7f]")


def _safe_url(url: str | None) -> str | None:
    """Keep http(s) and relative URLs; drop javascript:, data: and any other scheme."""
    if not url:
        return None
    url = str(url).strip()
    probe = _CTRL.sub("", url)  # browsers ignore these, so "java\nscript:" is javascript:
    if _SCHEME.match(probe) and not probe.lower().startswith(("http:", "https:")):
        return None
    return url


def _num(v) -> float | None:
    if v is None or isinstance(v, bool):
        return None
    f = float(v)
    return f if math.isfinite(f) else None


def _fmt(v: float) -> str:
    if float(v).is_integer():
        return f"{int(v):,}"
    return f"{v:,.2f}".rstrip("0").rstrip(".")


def _nice_ticks(lo: float, hi: float, n: int = 5, integer: bool = False) -> list[float]:
    """Round ticks from lo to hi; whole numbers only when the values are counts (`integer`)."""
    if hi <= lo:
        hi = lo + 1
    raw = (hi - lo) / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    if integer:
        step = max(1, math.ceil(step)) if step < 1 or not float(step).is_integer() else step
        if step == 2.5:
            step = 5
    start = math.floor(lo / step) * step
    ticks, t = [], start
    while t < hi + step * 0.999:
        ticks.append(round(t, 10))
        t += step
    if ticks[-1] < hi:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _truncate(text: str, max_chars: int) -> str:
    return text if len(text) <= max_chars else text[: max(1, max_chars - 1)] + "…"


def _validate(categories, series) -> tuple[list[str], list[tuple[str, list[float | None]]]]:
    cats = [str(c) for c in categories]
    out = []
    for name, values in series:
        values = list(values)
        if len(values) != len(cats):
            raise ValueError(f"series {name!r} has {len(values)} values for {len(cats)} categories")
        out.append((str(name), [_num(v) for v in values]))
    return cats, out


def _chart_id(kind: str, title: str, cats, series) -> str:
    h = hashlib.sha1(repr((kind, title, cats, series)).encode("utf-8")).hexdigest()[:10]
    return f"skc-{h}"


def _describe(title: str, unit: str, cats, series, desc: str | None) -> str:
    if desc:
        return desc
    parts = []
    for name, values in series:
        items = ", ".join(f"{c}: {_fmt(v) if v is not None else 'no data'}" for c, v in zip(cats, values))
        parts.append(f"{name} — {items}")
    u = f" ({unit})" if unit else ""
    return f"{title}{u}. " + "; ".join(parts) + "."


class _Frame:
    """Shared layout: plot area, value scale, axes, legend, header."""

    def __init__(self, kind, categories, series, title, unit, width, height, desc, chart_id, stacked=False):
        self.cats, self.series = _validate(categories, series)
        self.title, self.unit = str(title), str(unit or "")
        self.width, self.height = width, height
        self.id = chart_id or _chart_id(kind, self.title, self.cats, self.series)
        self.desc = _describe(self.title, self.unit, self.cats, self.series, desc)
        values = [v for _, vals in self.series for v in vals if v is not None]
        if stacked:
            pos = [sum(v for _, vals in self.series if (v := vals[i]) is not None and v > 0) for i in range(len(self.cats))]
            neg = [sum(v for _, vals in self.series if (v := vals[i]) is not None and v < 0) for i in range(len(self.cats))]
            values = pos + neg
        lo = min([0.0] + values)
        hi = max([0.0] + values)
        counts = all(float(v).is_integer() for v in values)
        self.ticks = _nice_ticks(lo, hi, integer=counts)
        self.vmin, self.vmax = self.ticks[0], self.ticks[-1]
        legend = len(self.series) > 1
        self.left, self.right = 56, 12
        self.top = 40 + (18 if legend else 0)
        self.bottom = 44
        self.pw = max(10, width - self.left - self.right)
        self.ph = max(10, height - self.top - self.bottom)
        self.legend = legend

    def y(self, v: float) -> float:
        return self.top + self.ph * (1 - (v - self.vmin) / (self.vmax - self.vmin))

    def band(self, i: int) -> tuple[float, float]:
        w = self.pw / max(1, len(self.cats))
        return self.left + i * w, w

    def open(self, kind: str, interactive: bool = False) -> list[str]:
        # an image may not hold links (axe: nested-interactive): a chart whose marks link is a group;
        # no style attribute (the CSP allows only the stylesheet): app.css sizes .sk-chart
        i = self.id
        role = "group" if interactive else "img"
        return [
            f'<svg xmlns="http://www.w3.org/2000/svg" class="sk-chart sk-{kind}" role="{role}" '
            f'width="{self.width}" height="{self.height}" viewBox="0 0 {self.width} {self.height}" '
            f'aria-labelledby="{i}-title {i}-desc" font-family="{_esc(FONT)}" font-size="11">',
            f'<title id="{i}-title">{_esc(self.title)}</title>',
            f'<desc id="{i}-desc">{_esc(self.desc)}</desc>',
            f'<text x="0" y="16" font-size="14" font-weight="bold" fill="currentColor" aria-hidden="true">'
            f"{_esc(self.title)}</text>",
        ]

    def axes(self) -> list[str]:
        out = ['<g class="sk-axis" aria-hidden="true">']
        for t in self.ticks:
            y = self.y(t)
            out.append(f'<line x1="{self.left}" x2="{self.left + self.pw:.1f}" y1="{y:.1f}" y2="{y:.1f}" '
                       f'stroke="currentColor" stroke-opacity="{0.5 if t == 0 else 0.15}"/>')
            out.append(f'<text x="{self.left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="currentColor">'
                       f"{_esc(_fmt(t))}</text>")
        if self.unit:
            cy = self.top + self.ph / 2
            out.append(f'<text transform="translate(12 {cy:.1f}) rotate(-90)" text-anchor="middle" '
                       f'fill="currentColor">{_esc(self.unit)}</text>')
        max_chars = max(3, int(self.pw / max(1, len(self.cats)) / 6.5))
        for i, c in enumerate(self.cats):
            x, w = self.band(i)
            shown = _truncate(c, max_chars)
            tip = f"<title>{_esc(c)}</title>" if shown != c else ""
            out.append(f'<text x="{x + w / 2:.1f}" y="{self.top + self.ph + 16:.1f}" text-anchor="middle" '
                       f'fill="currentColor">{tip}{_esc(shown)}</text>')
        out.append("</g>")
        return out

    def legend_items(self, marker: str = "rect") -> list[str]:
        if not self.legend:
            return []
        out = ['<g class="sk-legend" aria-hidden="true">']
        x = self.left
        for i, (name, _) in enumerate(self.series):
            colour = PALETTE[i % len(PALETTE)]
            out.append(f'<rect x="{x}" y="28" width="10" height="10" fill="{colour}"/>')
            label = _truncate(name, 28)
            out.append(f'<text x="{x + 14}" y="37" fill="currentColor">{_esc(label)}</text>')
            x += 14 + 6.5 * len(label) + 16
        out.append("</g>")
        return out

    def label(self, name: str, cat: str, v: float | None) -> str:
        shown = "no data" if v is None else _fmt(v) + (f" {self.unit}" if self.unit else "")
        return f"{name} – {cat}: {shown}" if name else f"{cat}: {shown}"


def _wrap_link(inner: str, url: str | None, label: str) -> str:
    safe = _safe_url(url)
    if not safe:
        return inner
    return f'<a href="{_esc(safe)}" aria-label="{_esc(label)}">{inner}</a>'


def svg_bar_chart(
    categories: Sequence[str],
    series: Series,
    *,
    title: str,
    unit: str = "",
    width: int = 640,
    height: int = 320,
    links: Links | None = None,
    stacked: bool = False,
    desc: str | None = None,
    chart_id: str | None = None,
) -> str:
    """Grouped (or ``stacked``) vertical bar chart as an SVG string.

    ``series`` is ``[(name, [value per category])]``; None = no data (no bar).
    """
    f = _Frame("bar", categories, series, title, unit, width, height, desc, chart_id, stacked=stacked)
    links = links or {}
    out = f.open("bar", interactive=any(_safe_url(u) for u in links.values())) + f.axes() + f.legend_items()
    n = max(1, len(f.series))
    out.append('<g class="sk-bars">')
    for ci, cat in enumerate(f.cats):
        x0, w = f.band(ci)
        inner_w = w * 0.8
        bar_w = inner_w if stacked else inner_w / n
        pos_base = neg_base = 0.0
        for si, (name, values) in enumerate(f.series):
            v = values[ci]
            if v is None:
                continue
            if stacked:
                base = pos_base if v >= 0 else neg_base
                top = base + v
                if v >= 0:
                    pos_base = top
                else:
                    neg_base = top
                x = x0 + w * 0.1
            else:
                base, top = 0.0, v
                x = x0 + w * 0.1 + si * bar_w
            y1, y2 = f.y(max(base, top)), f.y(min(base, top))
            colour = PALETTE[si % len(PALETTE)]
            label = f.label(name, cat, v)
            rect = (f'<rect class="sk-bar sk-s{si}" x="{x:.1f}" y="{y1:.1f}" width="{max(bar_w - 1, 1):.1f}" '
                    f'height="{max(y2 - y1, 0.5):.1f}" fill="{colour}"><title>{_esc(label)}</title></rect>')
            out.append(_wrap_link(rect, links.get((name, cat)), label))
    out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


def svg_line_chart(
    categories: Sequence[str],
    series: Series,
    *,
    title: str,
    unit: str = "",
    width: int = 640,
    height: int = 320,
    links: Links | None = None,
    desc: str | None = None,
    chart_id: str | None = None,
) -> str:
    """Line chart (one line per series, a marker per point) as an SVG string.

    None values break the line; each marker has a tooltip and, if given, a link.
    """
    f = _Frame("line", categories, series, title, unit, width, height, desc, chart_id)
    links = links or {}
    out = f.open("line", interactive=any(_safe_url(u) for u in links.values())) + f.axes() + f.legend_items()
    out.append('<g class="sk-lines">')
    for si, (name, values) in enumerate(f.series):
        colour = PALETTE[si % len(PALETTE)]
        segments: list[list[tuple[float, float]]] = [[]]
        points = []
        for ci, v in enumerate(values):
            if v is None:
                segments.append([])
                continue
            x0, w = f.band(ci)
            pt = (x0 + w / 2, f.y(v))
            segments[-1].append(pt)
            points.append((ci, v, pt))
        for seg in segments:
            if len(seg) > 1:
                coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in seg)
                out.append(f'<polyline class="sk-line sk-s{si}" points="{coords}" fill="none" '
                           f'stroke="{colour}" stroke-width="2" aria-hidden="true"/>')
        for ci, v, (x, y) in points:
            cat = f.cats[ci]
            label = f.label(name, cat, v)
            dot = (f'<circle class="sk-point sk-s{si}" cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}">'
                   f"<title>{_esc(label)}</title></circle>")
            out.append(_wrap_link(dot, links.get((name, cat)), label))
    out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)
