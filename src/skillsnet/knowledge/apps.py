from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "skillsnet.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from skillsnet.accounts.rules import PUBLIC_MODELS

        # Public resources and published news are public information; resource access levels and news
        # status are enforced on top of restrict() in knowledge.queries.
        PUBLIC_MODELS.add("knowledge.resource")
        from . import registration  # noqa: F401  (registers news stories with the generic views and API)
        from . import steps

        steps.register()
