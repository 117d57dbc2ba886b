"""News stories use the generic list/detail/edit screens and API for editors; the public reads them at
/knowledge/news/ (published only). Resources have their own views (knowledge.views): their access level
(public / members / own organisations) is enforced on top of restrict()."""
import django_filters
from django.utils.translation import gettext_lazy as _

from skillsnet.core.filters import BaseFilterSet
from skillsnet.core.i18n import all_columns
from skillsnet.core.registry import register

from . import services
from .models import NewsStory


class NewsStoryFilterSet(BaseFilterSet):
    search_fields = tuple(all_columns("title")) + ("body",)
    sort = django_filters.OrderingFilter(fields=[("published_on", "published_on"), ("title", "title")],
                                         label=_("Sort"))

    class Meta:
        model = NewsStory
        fields = ["status"]


register(
    NewsStory,
    fields=[*all_columns("title"), "body", "published_on", "status", "organisations", "activities"],
    list_columns=["title", "published_on", "status"],
    filterset=NewsStoryFilterSet,
    import_key=("title", "published_on"),
    create=services.create_news_story,
    update=services.update_news_story,
    menu="knowledge",
)
