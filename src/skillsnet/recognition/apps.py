from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    name = "skillsnet.recognition"
    label = "recognition"
    verbose_name = _("Recognition")

    def ready(self):
        from . import registration  # noqa: F401  (registers models with the generic views and API)
