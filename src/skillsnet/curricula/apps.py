from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CurriculaConfig(AppConfig):
    name = "skillsnet.curricula"
    label = "curricula"
    verbose_name = _("Curricula")

    def ready(self):
        from . import registration  # noqa: F401  (registers models with the generic views and API)
