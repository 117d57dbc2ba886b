from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "skillsnet.matching"
    label = "matching"
    verbose_name = _("Partner matching and network analysis")

    def ready(self):
        from . import registration  # noqa: F401  (adds the "Suggested partners" panel to organisations)
