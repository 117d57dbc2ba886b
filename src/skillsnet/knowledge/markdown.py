"""Markdown to sanitised HTML (Markdown + nh3): what a news story's author writes cannot run script."""
import markdown as md
import nh3
from django.utils.safestring import mark_safe

TAGS = {"p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "blockquote", "code", "pre",
        "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td", "del", "sup", "sub"}
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "th": {"align"}, "td": {"align"}}


def render_markdown(text):
    html = md.markdown(text or "", extensions=["extra", "sane_lists"], output_format="html")
    return mark_safe(nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                               link_rel="noopener noreferrer nofollow"))
