from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "skillsnet.people"
    label = "people"
    verbose_name = _("People")

    def ready(self):
        from . import registration  # noqa: F401  (registers models with the generic views and API)
        from . import figures, scope

        figures.register()  # before every other step of participations: its lock comes before any person's
        scope.register()  # the participations' country copies follow every write (people/scope.py)
