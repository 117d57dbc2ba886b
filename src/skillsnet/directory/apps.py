from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "skillsnet.directory"
    label = "directory"
    verbose_name = _("Directory")

    def ready(self):
        from . import registration  # noqa: F401  (registers models with the generic views and API)
