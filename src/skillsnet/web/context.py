from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from skillsnet.accounts.permissions import can
from skillsnet.core.registry import REGISTRY

MENU_GROUPS = [
    ("directory", _("Directory")),
    ("cooperation", _("Cooperation")),
    ("people", _("People")),
    ("results", _("Results")),
    ("recognition", _("Recognition")),
    ("labour", _("Labour market")),
    ("knowledge", _("Knowledge")),
    ("reference", _("Reference data")),
]


# Extra menu links (group code, title, URL name): pages that are not a registered model's list.
# Apps may add more from their AppConfig.ready() with add_menu_link(); a link whose app is not
# installed is left out.
MENU_LINKS = [
    ("cooperation", _("Activities calendar"), "activities:calendar"),
    ("cooperation", _("Overdue commitments"), "agreements:overdue_commitments"),
    ("people", _("Participation summary"), "people:summary"),
    ("people", _("Possible duplicates"), "people:duplicates"),
    ("recognition", _("Assess a qualification"), "recognition:assess"),
    ("recognition", _("Recognition statistics"), "recognition:statistics"),
    ("recognition", _("Curricula adoption by country"), "curricula:adoption_map"),
    ("recognition", _("Verify a credential"), "credentials:verify_upload"),
    ("labour", _("Skills gaps"), "labour:gaps"),
    ("labour", _("Network analysis"), "matching:network"),
    ("knowledge", _("Search"), "knowledge:search"),
    ("knowledge", _("News"), "knowledge:news"),
    ("knowledge", _("Library"), "knowledge:resources"),
    ("knowledge", _("Articles to records"), "ingest:articles"),
]


def add_menu_link(group, title, url_name):
    if (group, url_name) not in [(g, u) for g, _t, u in MENU_LINKS]:
        MENU_LINKS.append((group, title, url_name))


def _url(name):
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def navigation(request):
    user = getattr(request, "user", None)
    groups = []
    for code, title in MENU_GROUPS:
        items = [(c.model._meta.verbose_name_plural, c.url("list")) for c in REGISTRY.values()
                 if c.menu == code and user is not None and can(user, "view", c.model)]
        items = [(t, url) for g, t, u in MENU_LINKS if g == code and (url := _url(u))] + items
        if items:
            groups.append({"code": code, "title": title, "items": items})
    return {"menu_groups": groups, "LANGUAGES": settings.LANGUAGES}
