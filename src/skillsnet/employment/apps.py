from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmploymentConfig(AppConfig):
    name = "skillsnet.employment"
    label = "employment"
    verbose_name = _("Employment services")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from skillsnet.web.context import add_menu_link

        from . import hooks, registration  # noqa: F401

        hooks.register()
        add_menu_link("labour", _("Vacancies open now"), "employment:open_vacancies")
        add_menu_link("labour", _("Employment services"), "employment:dashboard")
