from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    name = "skillsnet.recognition"
    label = "recognition"
    verbose_name = _("Recognition")

    def ready(self):
        from skillsnet.accounts.rules import PUBLIC_MODELS

        # The level tables and their provenance are public information.
        PUBLIC_MODELS.update({"recognition.framework", "recognition.level", "recognition.levelreference"})
        from . import registration  # noqa: F401  (registers models with the generic views and API)
