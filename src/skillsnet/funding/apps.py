from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "skillsnet.funding"
    label = "funding"
    verbose_name = _("Funding")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import registration  # noqa: F401
