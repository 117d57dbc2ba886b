"""News: Markdown rendered to sanitised HTML, public page of published stories, Atom feed."""
import datetime

from skillsnet.knowledge.markdown import render_markdown
from skillsnet.knowledge.models import NewsStory
from skillsnet.knowledge.services import create_news_story, publish_news_story


def test_markdown_is_sanitised():
    html = render_markdown("# Title\n\n**bold** [link](https://ilo.org) <script>alert(1)</script> "
                           "[x](javascript:alert(1)) <img src=x onerror=alert(1)>")
    assert "<strong>bold</strong>" in html and 'href="https://ilo.org"' in html
    assert "<script" not in html and "javascript:" not in html and "onerror" not in html


def test_public_news_page_and_feed(client, orgs, system_user, users):
    story = create_news_story(system_user, {"title": "MoU signed in Tianjin", "body": "The *MoU* was signed.",
                                            "published_on": datetime.date(2025, 5, 23), "status": "published",
                                            "organisations": [orgs["cn"]]})
    draft = create_news_story(system_user, {"title": "Draft story", "body": "not yet"})
    page = client.get("/knowledge/news/").content.decode()
    assert "MoU signed in Tianjin" in page and "Draft story" not in page
    detail = client.get(f"/knowledge/news/{story.pk}/").content.decode()
    assert "<em>MoU</em>" in detail
    assert client.get(f"/knowledge/news/{draft.pk}/").status_code == 404
    feed = client.get("/knowledge/news/feed/")
    assert feed["Content-Type"].startswith("application/atom+xml")
    body = feed.content.decode()
    assert "<feed" in body and "MoU signed in Tianjin" in body and "Draft story" not in body
    client.force_login(users["secretariat_admin"])
    assert "Draft story" in client.get("/knowledge/news/").content.decode()
    publish_news_story(system_user, draft.pk, draft.version)
    assert NewsStory.objects.get(pk=draft.pk).published_on == datetime.date.today()
    assert "Draft story" in client.get("/knowledge/news/feed/").content.decode()


def test_news_in_search(client, orgs, system_user):
    create_news_story(system_user, {"title": "ງານສຳມະນາ", "body": "Peer-to-peer **workshop** online",
                                    "published_on": datetime.date(2022, 1, 19), "status": "published"})
    create_news_story(system_user, {"title": "Hidden workshop draft", "body": "workshop"})
    page = client.get("/knowledge/search/", {"q": "workshop"}).content.decode()
    assert "ງານສຳມະນາ" in page and "Hidden workshop draft" not in page
