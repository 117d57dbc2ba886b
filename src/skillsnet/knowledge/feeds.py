"""Atom feed of published news stories."""
from django.contrib.syndication.views import Feed
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .queries import published_news


class NewsFeed(Feed):
    feed_type = Atom1Feed
    title = _("skillsnet news")
    subtitle = _("News of the South-South Cooperation Skills Development Network")
    link = reverse_lazy("knowledge:news")

    def items(self):
        return published_news(50)

    def item_title(self, item):
        return str(item)

    def item_description(self, item):
        return item.body_html

    def item_link(self, item):
        return reverse("knowledge:news_detail", args=[item.pk])

    def item_pubdate(self, item):
        import datetime

        return datetime.datetime.combine(item.published_on, datetime.time(), tzinfo=datetime.timezone.utc) \
            if item.published_on else None

    def item_updateddate(self, item):
        return item.updated_at
