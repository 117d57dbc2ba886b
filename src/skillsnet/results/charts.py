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
import unicodedata
from decimal import Decimal
from html import escape as _html_escape
from typing import Mapping, Sequence

__all__ = ["svg_bar_chart", "svg_line_chart", "PALETTE", "text_width"]

PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
DASHES = ["", "6 3", "2 3", "8 3 2 3", "12 4", "4 2 1 2", "1 2", "10 2 2 2"]  # lines differ by more than colour
FONT_SIZE = 11
LINE = 15  # px between two lines of 11 px text
MAX_LABEL = 120  # px: the longest category label drawn (a slanted label's length)
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
    if integer:
        raw = max(raw, 1)
    mag = 10 ** math.floor(math.log10(raw))
    steps = (1, 2, 5, 10) if integer else (1, 2, 2.5, 5, 10)  # counts: whole steps (2.5 is not one below 10)
    step = next(m * mag for m in steps if m * mag >= raw)
    if integer:
        step = int(round(step))
    start = math.floor(lo / step) * step
    ticks, t = [], start
    while t < hi + step * 0.999:
        ticks.append(round(t, 10))
        t += step
    if ticks[-1] < hi:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _char_width(ch: str) -> float:
    """A generous estimate of one character's advance, in em: no font metrics are shipped, so the layout
    over-estimates rather than let labels touch (combining marks of Lao and Khmer take no room)."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0.0
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1.05
    if ch.isascii():
        if ch in "iljtfr.,:;'|!() ":
            return 0.4
        return 0.62 if ch.islower() or ch.isdigit() else 0.78
    return 0.9


def text_width(text: str, size: float = 11, bold: bool = False) -> float:
    """Estimated width in px of ``text`` at font ``size`` (used to keep labels apart and inside the chart)."""
    return sum(_char_width(c) for c in str(text)) * size * (1.08 if bold else 1.0)


def _fit(text: str, max_width: float, size: float = 11, bold: bool = False) -> str:
    """``text``, cut with "…" so that it fits in ``max_width`` px."""
    text = str(text)
    if text_width(text, size, bold) <= max_width:
        return text
    room = max_width - text_width("…", size, bold)
    out, used = "", 0.0
    for ch in text:
        w = _char_width(ch) * size * (1.08 if bold else 1.0)
        if used + w > room:
            break
        out, used = out + ch, used + w
    return (out.rstrip() or text[:1]) + "…"


def _tip(shown: str, full: str) -> str:
    """A <title> giving the full text of a label that had to be cut."""
    return f"<title>{_esc(full)}</title>" if shown != full else ""


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
        self.right = 12
        self.legend = len(self.series) > 1
        self.legend_rows = self._legend_layout()
        self.top = 28 + LINE * len(self.legend_rows) + 12
        tick_w = max(text_width(_fmt(t)) for t in self.ticks)
        self.left = max(56, int(tick_w) + 10 + (18 if self.unit else 0))
        self._category_layout()
        self.ph = max(10, height - self.top - self.bottom)

    def _legend_layout(self) -> list[list[tuple[float, str, str]]]:
        """Legend entries as rows of (x, shown label, full label): a new row when the next entry would not fit."""
        if not self.legend:
            return []
        rows, x = [[]], 0.0
        for name, _values in self.series:
            shown = _fit(name, min(220, self.width - 40))
            item = 14 + text_width(shown) + 18
            if rows[-1] and x + item > self.width:
                rows.append([])
                x = 0.0
            rows[-1].append((x, shown, name))
            x += item
        return rows

    def _category_layout(self) -> None:
        """Category labels: level when they fit their band (cut with "…" if a little too long), level and only
        every n-th one when they are short (years) but the bands narrow; otherwise slanted at 45°, and only
        every n-th one when the bands are too narrow even for slanted lines (each bar keeps its own tooltip).
        Sets the margins, so no label leaves the picture."""
        n = max(1, len(self.cats))
        band = max(10, self.width - self.left - self.right) / n
        full = [text_width(c) for c in self.cats]
        self.slant, self.every = False, 1
        if max(full, default=0) <= band - 4 or band >= 72:
            self.shown = [_fit(c, band - 4) for c in self.cats]
            self.bottom = 38
        elif max(full) <= 64:  # short labels (years, codes): level, every n-th one
            self.shown = list(self.cats)
            self.right = max(self.right, math.ceil(max(full) / 2 - band / 2) + 4)  # the last may pass its band
            band = max(10, self.width - self.left - self.right) / n
            self.every = math.ceil((max(full) + 8) / band)
            self.bottom = 38
        else:
            self.slant = True
            self.shown = [_fit(c, MAX_LABEL) for c in self.cats]
            reach = max(text_width(t) for t in self.shown) * 0.7072 + 8  # how far a slanted label goes left/down
            # the first label runs left from its band's middle: the plot starts far enough right for it
            self.left = max(self.left, int(reach - band / 2) + 4)
            band = max(10, self.width - self.left - self.right) / n
            self.every = max(1, math.ceil(LINE / (band * 0.7072)))  # slanted lines are band·sin 45° apart
            self.bottom = int(reach + 14 + 6)
        self.pw = max(10, self.width - self.left - self.right)

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
        heading = _fit(self.title, self.width, 14, bold=True)
        return [
            f'<svg xmlns="http://www.w3.org/2000/svg" class="sk-chart sk-{kind}" role="{role}" '
            f'width="{self.width}" height="{self.height}" viewBox="0 0 {self.width} {self.height}" '
            f'aria-labelledby="{i}-title {i}-desc" font-family="{_esc(FONT)}" font-size="{FONT_SIZE}">',
            f'<title id="{i}-title">{_esc(self.title)}</title>',
            f'<desc id="{i}-desc">{_esc(self.desc)}</desc>',
            f'<text class="sk-heading" x="0" y="16" font-size="14" font-weight="bold" fill="currentColor" '
            f'aria-hidden="true">{_tip(heading, self.title)}{_esc(heading)}</text>',
        ]

    def axes(self) -> list[str]:
        out = ['<g class="sk-axis" aria-hidden="true">']
        for t in self.ticks:
            y = self.y(t)
            out.append(f'<line x1="{self.left}" x2="{self.left + self.pw:.1f}" y1="{y:.1f}" y2="{y:.1f}" '
                       f'stroke="currentColor" stroke-opacity="{0.5 if t == 0 else 0.15}"/>')
            out.append(f'<text class="sk-tick" x="{self.left - 6}" y="{y + 4:.1f}" text-anchor="end" '
                       f'fill="currentColor">{_esc(_fmt(t))}</text>')
        if self.unit:
            cy = self.top + self.ph / 2
            unit = _fit(self.unit, self.ph)
            out.append(f'<text class="sk-unit" transform="translate(12 {cy:.1f}) rotate(-90)" text-anchor="middle" '
                       f'fill="currentColor">{_tip(unit, self.unit)}{_esc(unit)}</text>')
        base = self.top + self.ph
        for i, c in enumerate(self.cats):
            if i % self.every:
                continue
            x, w = self.band(i)
            shown = self.shown[i]
            cx = x + w / 2
            if self.slant:
                y = base + 14
                out.append(f'<text class="sk-cat" x="{cx:.1f}" y="{y:.1f}" text-anchor="end" '
                           f'transform="rotate(-45 {cx:.1f} {y:.1f})" fill="currentColor">'
                           f'{_tip(shown, c)}{_esc(shown)}</text>')
            else:
                out.append(f'<text class="sk-cat" x="{cx:.1f}" y="{base + 19:.1f}" text-anchor="middle" '
                           f'fill="currentColor">{_tip(shown, c)}{_esc(shown)}</text>')
        out.append("</g>")
        return out

    def legend_items(self, marker: str = "rect") -> list[str]:
        if not self.legend:
            return []
        out = ['<g class="sk-legend" aria-hidden="true">']
        si = 0
        for r, row in enumerate(self.legend_rows):
            y = 28 + r * LINE
            for x, shown, name in row:
                colour = PALETTE[si % len(PALETTE)]
                if marker == "line":
                    dash = DASHES[si % len(DASHES)]
                    dash = f' stroke-dasharray="{dash}"' if dash else ""
                    out.append(f'<line x1="{x:.1f}" x2="{x + 12:.1f}" y1="{y + 5}" y2="{y + 5}" stroke="{colour}" '
                               f'stroke-width="2"{dash}/>')
                else:
                    out.append(f'<rect x="{x:.1f}" y="{y}" width="10" height="10" fill="{colour}"/>')
                out.append(f'<text x="{x + 14:.1f}" y="{y + 9}" fill="currentColor">'
                           f'{_tip(shown, name)}{_esc(shown)}</text>')
                si += 1
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
    out = (f.open("line", interactive=any(_safe_url(u) for u in links.values())) + f.axes()
           + f.legend_items("line"))
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
                dash = f' stroke-dasharray="{DASHES[si % len(DASHES)]}"' if DASHES[si % len(DASHES)] else ""
                out.append(f'<polyline class="sk-line sk-s{si}" points="{coords}" fill="none" '
                           f'stroke="{colour}" stroke-width="2"{dash} aria-hidden="true"/>')
        for ci, v, (x, y) in points:
            cat = f.cats[ci]
            label = f.label(name, cat, v)
            dot = (f'<circle class="sk-point sk-s{si}" cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}">'
                   f"<title>{_esc(label)}</title></circle>")
            out.append(_wrap_link(dot, links.get((name, cat)), label))
    out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)
