from django.conf import settings
from django.urls import reverse
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


# Extra menu links of apps (group code, title, URL name), added from an AppConfig.ready(), e.g. a dashboard.
MENU_LINKS = []


def add_menu_link(group, title, url_name):
    if (group, url_name) not in [(g, u) for g, _t, u in MENU_LINKS]:
        MENU_LINKS.append((group, title, url_name))


def navigation(request):
    user = getattr(request, "user", None)
    groups = []
    for code, title in MENU_GROUPS:
        items = [(c.model._meta.verbose_name_plural, c.url("list")) for c in REGISTRY.values()
                 if c.menu == code and user is not None and can(user, "view", c.model)]
        items = [(t, reverse(u)) for g, t, u in MENU_LINKS if g == code] + items
        if items:
            groups.append({"code": code, "title": title, "items": items})
    return {"menu_groups": groups, "LANGUAGES": settings.LANGUAGES}
