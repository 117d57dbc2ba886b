"""A list page's rows ({% list_rows %}) are what core/list.html's loop of template tags wrote, and a list with no
rows still says so."""
import pytest
from django.core.paginator import Paginator
from django.template import Context, Template
from django.utils import translation

from skillsnet.directory.models import Organisation

from ..conftest import make_org

pytestmark = pytest.mark.django_db

LOOP = ('{% load skillsnet ui %}{% for obj in page %}<tr>{% for c in columns %}<td>{% if forloop.first %}'
        '<a href="{{ obj|url_of }}">{% cell obj c False %}</a>{% else %}{% cell obj c %}{% endif %}</td>{% endfor %}'
        '</tr>\n{% empty %}<tr><td colspan="{{ columns|length }}">{% translate "Nothing here yet." %}</td></tr>'
        '{% endfor %}')
TAG = ('{% load skillsnet ui %}{% list_rows page columns %}{% if not page %}<tr><td colspan="{{ columns|length }}">'
       '{% translate "Nothing here yet." %}</td></tr>{% endif %}')


def test_list_rows_are_the_loops_markup(orgs, system_user):
    make_org(system_user, 'R&D <"Institute">', "KH", acronyms=["R&D"])
    qs = Organisation.objects.select_related("country").order_by("name")
    columns = ["name", "kind", "country", "acronyms"]
    for language in ("en", "lo", "zh-hans"):
        with translation.override(language):
            for page in (Paginator(qs, 3).page(1), Paginator(qs, 3).page(2), Paginator(qs.none(), 3).page(1)):
                context = {"page": page, "columns": columns}
                loop = Template("{% load i18n %}" + LOOP).render(Context(context))
                tag = Template("{% load i18n %}" + TAG).render(Context(context))
                assert tag == loop
    page = Paginator(qs, 10).page(1)
    html = Template("{% load i18n %}" + TAG).render(Context({"page": page, "columns": columns}))
    assert html.count("<tr>") == 5 and "R&amp;D &lt;&quot;Institute&quot;&gt;" in html
    assert "Nothing here yet." in Template("{% load i18n %}" + TAG).render(Context(
        {"page": Paginator(qs.none(), 3).page(1), "columns": columns}))
