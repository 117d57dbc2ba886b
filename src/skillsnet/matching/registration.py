"""A "Suggested partners" panel on every organisation page (the top five, with a link to all)."""
from django.utils.translation import gettext_lazy as _

from skillsnet.core.registry import Panel, add_panel
from skillsnet.directory.models import Organisation

PANEL_SIZE = 5


class SuggestionList(list):
    """A list that answers count() like a queryset (core.registry.Panel expects one)."""

    def count(self, *args):
        return len(self) if not args else super().count(*args)


def suggested_partners(organisation, user):
    from .queries import rank_partners

    if organisation.kind == Organisation.Kind.NETWORK:
        return SuggestionList()
    # the ranking kept for the suggestions page when there is one; the panel's own is not kept (every organisation
    # page would push the kept rankings out)
    return SuggestionList(rank_partners(user, organisation, limit=PANEL_SIZE, keep=False))


add_panel(Organisation, Panel(_("Suggested partners"), Organisation, "", template="matching/_suggestions_panel.html",
                              queryset=suggested_partners))
