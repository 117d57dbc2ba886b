from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "skillsnet.agreements"
    label = "agreements"
    verbose_name = _("Agreements")

    def ready(self):
        from . import registration  # noqa: F401  (registers models with the generic views and API)
