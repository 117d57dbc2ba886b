"""The suggestion card's score rows ({% score_rows %}) are what its loop of template tags wrote."""
from django.template import Context, Template
from django.utils import translation
from django.utils.translation import gettext_lazy

from skillsnet.matching.queries import Component

LOOP = ('{% for c in s.components %}<tr><th scope="row">{{ c.label }}</th><td class="num">'
        '{{ c.points|stringformat:"+d" }}</td><td>{{ c.text }}</td></tr>{% endfor %}')


def test_score_rows_are_the_loops_markup():
    components = [Component("a", gettext_lazy("Complementarity"), 12), Component("b", "Fields <&> \"shared\"", 0),
                  Component("c", gettext_lazy("Existing ties"), -5)]
    components[0].add(12, lambda: "Trains for <7231> & more")
    components[2].add(-5, "An existing partner")
    components[2].add(0, gettext_lazy("Score"))
    for language in ("en", "lo", "zh-hans"):
        with translation.override(language):
            context = {"s": {"components": components}}
            loop = Template(LOOP).render(Context(context))
            tag = Template("{% load ui %}{% score_rows s.components %}").render(Context(context))
            assert tag == loop
            assert "&lt;7231&gt; &amp; more (+12)" in tag and "<td class=\"num\">-10</td>" in tag
            assert tag.count("<tr>") == 3
