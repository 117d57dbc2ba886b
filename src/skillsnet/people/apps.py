from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "skillsnet.people"
    label = "people"
    verbose_name = _("People")

    def ready(self):
        from . import registration  # noqa: F401  (registers models with the generic views and API)
        from . import scope

        scope.register()  # the participations' country copies follow every write (people/scope.py)
