from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabourConfig(AppConfig):
    name = "skillsnet.labour"
    label = "labour"
    verbose_name = _("Labour market")

    def ready(self):
        from . import registration  # noqa: F401  (registers models with the generic views and API)
