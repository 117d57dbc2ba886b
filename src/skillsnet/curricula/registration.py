"""Registers the curricula models with the generic views, API, import and export, and adds a
"Curricula" panel to the organisation page."""
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from skillsnet.accounts.permissions import restrict
from skillsnet.core.i18n import all_columns
from skillsnet.core.registry import Panel, add_panel, register
from skillsnet.directory.models import Organisation

from . import filters, services
from .models import Adoption, Curriculum, CurriculumVersion, Module

register(
    Curriculum,
    fields=[*all_columns("title"), "co_authors", "target_qualification", "target_occupation", "languages", "status",
            "description"],
    list_columns=["title", "status", "target_qualification", "target_occupation"],
    filterset=filters.CurriculumFilterSet,
    import_key=("title",),
    select_related=("target_qualification", "target_occupation"),
    detail_template="curricula/curriculum_detail.html",
    panels=[Panel(_("Versions"), CurriculumVersion, "curriculum", ["number", "date", "published", "notes"])],
    menu="recognition",
)
register(
    CurriculumVersion,
    fields=["curriculum", "number", "date", "notes"],
    list_columns=["curriculum", "number", "date", "published"],
    filterset=filters.CurriculumVersionFilterSet,
    import_key=("curriculum", "number"),
    select_related=("curriculum",),
    detail_template="curricula/version_detail.html",
    create=services.create_version,
    update=services.update_version,
    delete=services.delete_version,
    panels=[Panel(_("Modules"), Module, "curriculum_version", ["code", "title", "kind", "hours", "units"]),
            Panel(_("Adoptions"), Adoption, "curriculum_version", ["organisation", "kind", "date", "trainees"])],
    menu="recognition",
)
register(
    Module,
    fields=["curriculum_version", "code", *all_columns("title"), "order", "hours", "learning_outcomes", "units",
            "kind"],
    list_columns=["code", "title", "curriculum_version", "kind", "hours"],
    filterset=filters.ModuleFilterSet,
    list_fields=("learning_outcomes",),
    import_key=("curriculum_version", "code"),
    select_related=("curriculum_version__curriculum",),
    create=services.create_module,
    update=services.update_module,
    delete=services.delete_module,
    menu="recognition",
)
register(
    Adoption,
    fields=["organisation", "curriculum_version", "kind", "date", "trainees", "notes"],
    list_columns=["organisation", "curriculum_version", "kind", "date", "trainees"],
    filterset=filters.AdoptionFilterSet,
    import_key=("organisation", "curriculum_version", "kind"),
    select_related=("organisation", "curriculum_version__curriculum"),
    menu="recognition",
)


def _curricula_of(organisation, user):
    """Curricula the organisation co-authored or whose versions it piloted or adopted."""
    qs = Curriculum.objects.filter(Q(co_authors=organisation) | Q(versions__adoptions__organisation=organisation))
    return restrict(Curriculum.objects.filter(pk__in=qs.values("pk")), user, "view")


add_panel(Organisation, Panel(_("Curricula"), Curriculum, "", ["title", "status", "target_qualification"],
                              queryset=_curricula_of))
