"""The top navigation: at most eight sections named after what people do, each a short list of tasks and
then that section's records; reference tables and administration under Admin. A link is shown only to
those whom it answers (no link that ends in "Not allowed")."""
from django.apps import apps
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from skillsnet.accounts.permissions import can, is_admin
from skillsnet.core.registry import REGISTRY

# (code, title, icon): icon names are Lucide icons shipped in static/skillsnet/icons.svg
SECTIONS = [
    ("network", _("Network"), "building-2"),
    ("cooperation", _("Cooperation"), "handshake"),
    ("people", _("People"), "users"),
    ("results", _("Results"), "chart-column"),
    ("recognition", _("Recognition"), "award"),
    ("labour", _("Labour market"), "briefcase"),
    ("knowledge", _("Knowledge"), "book-open"),
    ("admin", _("Admin"), "settings"),
]
# Older group codes that apps give their registered models, mapped to a section.
GROUP_ALIASES = {"directory": "network", "reference": "admin"}
# Tables that are reference data or system bookkeeping rather than daily work: listed under Admin.
ADMIN_MODELS = {
    "credentials.issuerkey", "funding.exchangerate", "results.indicatorrevision", "results.periodapproval",
    "recognition.levelreference", "directory.language", "directory.subdivision", "directory.iscedfield",
    "directory.iscooccupation", "directory.country", "agreements.areaofcooperation",
}
# Kept for compatibility with apps that still name the old groups.
MENU_GROUPS = [(code, title) for code, title, _icon in SECTIONS]


def _secretariat(user):
    return is_admin(user)


def _roles(user):
    if not getattr(user, "is_authenticated", False):
        return set()
    return {a.role for a in user.role_assignments.all()}


def _signed_in(user):
    return getattr(user, "is_authenticated", False)


def _model(label):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def needs_view(label):
    """A check: the user may view some records of the model `label` (app_label.modelname)."""
    def check(user):
        model = _model(label)
        return model is not None and can(user, "view", model)
    return check


def needs_change(label):
    def check(user):
        model = _model(label)
        return model is not None and can(user, "change", model)
    return check


def anyone(user):
    return True


# Task links (section, title, URL name, check). Apps may add more from AppConfig.ready() with
# add_menu_link(); a link whose app is not installed is left out.
MENU_LINKS = [
    ("network", _("Organisations"), "directory_organisation_list", needs_view("directory.organisation")),
    ("cooperation", _("Activities calendar"), "activities:calendar", needs_view("activities.activity")),
    ("cooperation", _("Overdue commitments"), "agreements:overdue_commitments", needs_view("agreements.commitment")),
    ("people", _("Participation summary"), "people:summary", _signed_in),
    ("admin", _("Possible duplicates"), "people:duplicates", _secretariat),
    ("recognition", _("Assess a qualification"), "recognition:assess", needs_view("recognition.qualification")),
    ("recognition", _("Recognition statistics"), "recognition:statistics", _signed_in),
    ("recognition", _("Curricula adoption by country"), "curricula:adoption_map", _signed_in),
    ("recognition", _("Verify a credential"), "credentials:verify_upload", anyone),
    ("labour", _("Skills gaps"), "labour:gaps", _signed_in),
    ("labour", _("Network analysis"), "matching:network", _signed_in),
    ("knowledge", _("Search"), "knowledge:search", anyone),
    ("knowledge", _("News"), "knowledge:news", anyone),
    ("knowledge", _("Library"), "knowledge:resources", anyone),
    ("admin", _("Articles to records"), "ingest:articles", _secretariat),
]


def add_menu_link(group, title, url_name, check=None):
    """Add a task link to a section (a check(user) → bool decides who sees it; by default anyone signed in).

    The check may look at the user's sign-in, superuser flag and roles only: menus are kept per set of roles."""
    group = GROUP_ALIASES.get(group, group)
    if (group, url_name) not in [(g, u) for g, _t, u, _c in MENU_LINKS]:
        MENU_LINKS.append((group, title, url_name, check or _signed_in))
        _MENUS.clear()


def _url(name):
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def _section_of(config):
    label = config.model._meta.label_lower
    if label in ADMIN_MODELS:
        return "admin"
    return GROUP_ALIASES.get(config.menu, config.menu)


_MENUS = {}
_MENUS_MAX = 2000


def _menu_key(user):
    """What a menu depends on: sign-in, superuser, the role assignments, the language and the script prefix
    (every check in MENU_LINKS and can() on a model answer from these alone)."""
    from django.urls import get_script_prefix
    from django.utils import translation

    from skillsnet.accounts.permissions import policy_key

    if user is None:
        return None
    return policy_key(user) + (translation.get_language(), get_script_prefix())


def menu_for(user):
    """[{code, title, icon, items: [(title, url)]}] for this user; sections without a link are left out.

    Built once per process for each set of roles and language (every page shows it)."""
    key = _menu_key(user)
    if key is None:
        return _menu_for(user)
    menu = _MENUS.get(key)
    if menu is None:
        if len(_MENUS) >= _MENUS_MAX:
            _MENUS.clear()
        menu = _MENUS[key] = [
            {**group, "title": str(group["title"]), "items": [(str(t), u) for t, u in group["items"]],
             "records": [(str(t), u) for t, u in group["records"]]} for group in _menu_for(user)]
    return menu


def _menu_for(user):
    out = []
    for code, title, icon in SECTIONS:
        tasks = [(t, url) for g, t, u, check in MENU_LINKS
                 if g == code and check(user) and (url := _url(u))]
        records = sorted(((c.model._meta.verbose_name_plural, c.url("list")) for c in REGISTRY.values()
                          if c.menu and _section_of(c) == code and user is not None
                          and getattr(user, "is_authenticated", False) and can(user, "view", c.model)),
                         key=lambda item: str(item[0]).lower())
        taken = {url for _t, url in tasks}
        records = [(t, url) for t, url in records if url not in taken]
        if tasks or records:
            out.append({"code": code, "title": title, "icon": icon, "items": tasks, "records": records})
    return out


_MENU_HTML = {}


def menu_html(user, groups):
    """The menu's sections as HTML (web/_menu_sections.html), written once per process for each menu kept by
    menu_for (the same key: roles, language, script prefix), not on every page."""
    from django.template.loader import render_to_string

    key = _menu_key(user)
    html = _MENU_HTML.get(key) if key is not None else None
    if html is None or html[0] is not groups:  # (a menu built anew, after add_menu_link: written anew)
        if len(_MENU_HTML) >= _MENUS_MAX:
            _MENU_HTML.clear()
        html = (groups, render_to_string("web/_menu_sections.html", {"menu_groups": groups}))
        if key is not None:
            _MENU_HTML[key] = html
    return html[1]


def navigation(request):
    from django.utils.functional import SimpleLazyObject

    user = getattr(request, "user", None)
    groups = menu_for(user) if user is not None else []
    return {"menu_groups": groups, "LANGUAGES": settings.LANGUAGES,
            "menu_sections": SimpleLazyObject(lambda: menu_html(user, groups))}
