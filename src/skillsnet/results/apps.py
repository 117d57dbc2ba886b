from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "skillsnet.results"
    label = "results"
    verbose_name = _("Results")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from skillsnet.web.context import add_menu_link

        from . import registration, steps  # noqa: F401

        steps.register()
        add_menu_link("results", _("results dashboard"), "results:dashboard")
