"""Chart labels never overlap and never leave the picture, measured in a real browser: every text of a chart
with many long category names (Latin, Lao and Chinese), long series names and a long title is laid out by
Chromium, and the boxes it reports (getBBox, mapped through each label's rotation) are compared pairwise.
A label that had to be cut keeps its full text in a <title>. Count axes show whole numbers only."""
import re

import pytest

from skillsnet.results.charts import svg_bar_chart, svg_line_chart

pytestmark = pytest.mark.browser

# every text's box as its four corners on the page (a slanted label's box is slanted too)
CORNERS = """svg => [...svg.querySelectorAll('text')].map(t => {
  const b = t.getBBox(), m = t.getScreenCTM();
  const at = (x, y) => { const p = new DOMPoint(x, y).matrixTransform(m); return [p.x, p.y]; };
  return {text: t.textContent, cls: t.getAttribute('class') || '',
          corners: [at(b.x, b.y), at(b.x + b.width, b.y), at(b.x + b.width, b.y + b.height), at(b.x, b.y + b.height)]};
})"""


def _overlap(a, b, gap=0.5):
    """Separating-axis test for two convex quadrilaterals: True if they overlap by more than `gap` px."""
    for poly in (a, b):
        for i in range(4):
            (x1, y1), (x2, y2) = poly[i], poly[(i + 1) % 4]
            nx, ny = y2 - y1, x1 - x2
            norm = (nx * nx + ny * ny) ** 0.5 or 1
            pa = [(x * nx + y * ny) / norm for x, y in a]
            pb = [(x * nx + y * ny) / norm for x, y in b]
            if max(pa) <= min(pb) + gap or max(pb) <= min(pa) + gap:
                return False
    return True


def _labels(page, svg):
    page.set_content(f"<!doctype html><html><body style='margin:0'>{svg}</body></html>")
    box = page.evaluate("() => { const r = document.querySelector('svg').getBoundingClientRect();"
                        " return [r.left, r.top, r.right, r.bottom]; }")
    labels = page.evaluate(f"() => ({CORNERS})(document.querySelector('svg'))")
    return box, labels


def _assert_apart_and_inside(box, labels):
    left, top, right, bottom = box
    for label in labels:
        for x, y in label["corners"]:
            assert left - 0.5 <= x <= right + 0.5 and top - 0.5 <= y <= bottom + 0.5, \
                f"{label['text']!r} leaves the chart at ({x:.0f}, {y:.0f})"
    clashes = [(a["text"], b["text"]) for i, a in enumerate(labels) for b in labels[i + 1:]
               if _overlap(a["corners"], b["corners"])]
    assert not clashes, clashes[:5]


LONG = ["Cambodia 7212 Welders and flame cutters", "Lao PDR 7411 Building and related electricians",
        "ສະຖາບັນເຕັກນິກລາວ-ເຢຍລະມັນ ວິຊາຊ່າງເຊື່ອມ", "云南省电子信息高级技工学校 电工", "Indonesia 7231 Motor vehicle mechanics"]


@pytest.mark.parametrize("count", [3, 12, 30, 60])
def test_bar_chart_labels_do_not_overlap(page, count):
    cats = [f"{LONG[i % len(LONG)]} {i}" for i in range(count)]
    series = [("Demand stated by employers in job advertisements (number)", [(i * 7) % 23 for i in range(count)]),
              ("Annual intake of the programmes that teach it", [(i * 5) % 19 for i in range(count)]),
              ("Completions over all the years recorded", [(i * 3) % 11 for i in range(count)])]
    svg = svg_bar_chart(cats, series, title="Demand against training supply by country and occupation group, "
                                            "all years, every institution of the network", unit="people")
    box, labels = _labels(page, svg)
    _assert_apart_and_inside(box, labels)
    # every category is named, in full or in the tooltip of its cut label; all bars keep their tooltip
    cat_labels = [t for t in labels if "sk-cat" in t["cls"]]
    assert cat_labels and len(cat_labels) <= count
    for shown in cat_labels:  # textContent = the tooltip's full text followed by the shown text
        assert any(shown["text"] == c or (shown["text"].startswith(c) and shown["text"][len(c):].endswith("…"))
                   for c in cats), shown["text"]
    assert svg.count('class="sk-bar ') == sum(1 for _n, vals in series for v in vals if v is not None)
    if count <= 3:  # few bands: every label shown, level
        assert len(cat_labels) == count and "rotate(-45" not in svg


def test_line_chart_with_many_series_and_lao_labels_does_not_overlap(page):
    years = [str(y) for y in range(2005, 2027)]
    series = [(f"{name} ({i})", [(i + y) % 6 for y in range(len(years))])
              for i, name in enumerate(["ລາວ", "Cambodia", "Indonesia", "Myanmar", "China",
                                        "ສາທາລະນະລັດ ປະຊາທິປະໄຕ ປະຊາຊົນລາວ", "Thailand", "Viet Nam", "Malaysia"])]
    svg = svg_line_chart(years, series, title="Members of the network by country over time", unit="members")
    box, labels = _labels(page, svg)
    _assert_apart_and_inside(box, labels)
    assert len(set(re.findall(r'stroke-dasharray="([^"]+)"', svg))) >= 5  # lines differ by more than colour


@pytest.mark.parametrize("count", [8, 25, 40, 90])
def test_short_labels_stay_level_and_apart(page, count):
    cats = [f"{('KH', 'LA', 'ID')[i % 3]} {7200 + i}" for i in range(count)]
    svg = svg_bar_chart(cats, [("people", [i % 9 for i in range(count)])], title="Completions by occupation")
    box, labels = _labels(page, svg)
    _assert_apart_and_inside(box, labels)
    assert "rotate(-45" not in svg
    assert any(t["text"] == cats[0] for t in labels)


@pytest.mark.parametrize("top", [1, 3, 4, 7, 12, 13, 26, 99, 1234])
def test_count_axes_show_whole_numbers(top):
    svg = svg_bar_chart(["a", "b"], [("people", [top, 0])], title="t")
    ticks = [int(t.replace(",", "")) if t.replace(",", "").isdigit() else t
             for t in re.findall(r'class="sk-tick"[^>]*>([^<]+)<', svg)]
    assert all(isinstance(t, int) for t in ticks), ticks
    assert ticks[0] == 0 and ticks[-1] >= top and len(set(ticks)) == len(ticks)
    assert len(ticks) <= 12
