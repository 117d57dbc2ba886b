from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "skillsnet.matching"
    label = "matching"
    verbose_name = _("Partner matching and network analysis")

    def ready(self):
        from . import rankcache, registration  # noqa: F401  (registration adds the "Suggested partners" panel)

        rankcache.register_steps()  # a write of a ranking's input gives the inputs a new version
