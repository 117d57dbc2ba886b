"""Registers the recognition models with the generic views, API, import and export (menu "recognition")."""
from django.utils.translation import gettext_lazy as _

from skillsnet.core.i18n import all_columns
from skillsnet.core.registry import Panel, register

from . import filters, services
from .models import (CompetencyUnit, Framework, Level, LevelReference, Qualification, QualificationUnit,
                     RecognitionCase, UnitLink)

register(
    Framework,
    fields=["code", *all_columns("name"), "short_name", "kind", "country", "source", "note"],
    list_columns=["code", "short_name", "kind", "country"],
    filterset=filters.FrameworkFilterSet,
    import_key=("code",),
    select_related=("country",),
    panels=[Panel(_("Levels"), Level, "framework", ["title", "code", "order"])],
    menu="recognition",
)
register(
    Level,
    fields=["framework", "code", *all_columns("title"), "order", "knowledge_and_skills",
            "application_and_responsibility", "note"],
    list_columns=["title", "framework", "code", "order"],
    filterset=filters.LevelFilterSet,
    import_key=("framework", "code"),
    select_related=("framework",),
    panels=[Panel(_("AQRF reference"), LevelReference, "level",
                  ["aqrf_level", "status", "source", "validated_by", "date"]),
            Panel(_("Levels referenced to this AQRF level"), LevelReference, "aqrf_level", ["level", "status"])],
    menu="recognition",
)
register(
    LevelReference,
    fields=["level", "aqrf_level", "status", "source", "validated_by", "date", "note"],
    list_columns=["level", "aqrf_level", "status", "validated_by", "date"],
    filterset=filters.LevelReferenceFilterSet,
    import_key=("level",),
    select_related=("level__framework", "aqrf_level__framework"),
    update=services.update_level_reference,
    menu="recognition",
)
register(
    CompetencyUnit,
    fields=["code", *all_columns("title"), "learning_outcomes", "level", "nominal_hours", "isco_occupation",
            "country", "standard_body", "alignment_kind", "alignment", "source_title", "source_url"],
    list_columns=["code", "title", "country", "level", "nominal_hours", "alignment"],
    filterset=filters.CompetencyUnitFilterSet,
    list_fields=("learning_outcomes",),
    import_key=("country", "code"),
    select_related=("country", "level__framework", "isco_occupation"),
    panels=[Panel(_("Equivalences"), UnitLink, "unit_a", ["unit_b", "relation", "decided_by", "decided_on"]),
            Panel(_("Equivalences (as linked unit)"), UnitLink, "unit_b",
                  ["unit_a", "relation", "decided_by", "decided_on"]),
            Panel(_("In qualifications"), QualificationUnit, "unit", ["qualification", "kind"])],
    menu="recognition",
)
register(
    UnitLink,
    fields=["unit_a", "unit_b", "relation", "notes", "decided_on"],
    list_columns=["unit_a", "unit_b", "relation", "decided_by", "decided_on"],
    filterset=filters.UnitLinkFilterSet,
    import_key=("unit_a", "unit_b"),
    select_related=("unit_a", "unit_b", "decided_by"),
    create=services.create_unit_link,
    menu="recognition",
)
register(
    Qualification,
    fields=[*all_columns("title"), "code", "country", "awarding_body", "level", "isco_occupation", "isced_field",
            "status", "description", "source_title", "source_url"],
    list_columns=["title", "country", "level", "awarding_body", "status"],
    filterset=filters.QualificationFilterSet,
    import_key=("country", "title"),
    select_related=("country", "level__framework", "awarding_body"),
    detail_template="recognition/qualification_detail.html",
    panels=[Panel(_("Competency units"), QualificationUnit, "qualification", ["unit", "kind"])],
    menu="recognition",
)
register(
    QualificationUnit,
    fields=["qualification", "unit", "kind"],
    list_columns=["qualification", "unit", "kind"],
    filterset=filters.QualificationUnitFilterSet,
    import_key=("qualification", "unit"),
    select_related=("qualification", "unit"),
    menu="recognition",
)
register(
    RecognitionCase,
    fields=["person", "qualification", "target_country", "purpose", "credential_reference", "credential_file",
            "submitted_on"],
    list_columns=["person", "qualification", "target_country", "purpose", "status", "outcome"],
    io_columns=["id", "person", "qualification", "target_country", "purpose", "credential_reference",
                "submitted_on"],
    filterset=filters.RecognitionCaseFilterSet,
    select_related=("person", "qualification", "target_country"),
    detail_template="recognition/case_detail.html",
    create=services.submit_case,
    update=services.update_case,
    delete=services.delete_case,
    menu="recognition",
)
