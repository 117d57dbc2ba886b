from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CredentialsConfig(AppConfig):
    name = "skillsnet.credentials"
    label = "credentials"
    verbose_name = _("Credentials")

    def ready(self):
        from . import registration  # noqa: F401  (registers models with the generic views and API)
        from .status import register_steps

        register_steps()
