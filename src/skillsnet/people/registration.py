"""Registers people, titles and participations with the generic views, API, import and export."""
from django.utils.translation import gettext_lazy as _

from skillsnet.core.i18n import all_columns
from skillsnet.core.registry import Panel, add_panel, register
from skillsnet.directory.models import Organisation

from . import filters, services
from .models import Affiliation, Participation, Person

PERSON_FIELDS = [*all_columns("name"), "honorific", "aliases", "sex", "birth_year", "nationality", "organisation",
                 "kind", "email", "external_id", "has_disability", "disadvantaged_youth", "consent_given", "consent_date", "notes"]

register(
    Person,
    fields=PERSON_FIELDS,
    list_columns=["name", "organisation", "kind", "sex"],
    filterset=filters.PersonFilterSet,
    list_fields=("aliases",),
    import_key=("name", "organisation"),
    select_related=("organisation",),
    detail_template="people/person_detail.html",
    create=services.create_person,
    update=services.update_person,
    panels=[
        Panel(_("Titles and affiliations"), Affiliation, "person", ["title", "organisation", "start", "end", "as_of"]),
        Panel(_("Participation"), Participation, "person", ["activity", "role", "attended", "completed", "hours"]),
    ],
    menu="people",
)
register(
    Affiliation,
    fields=["person", "organisation", "title", "start", "end", "as_of", "source"],
    list_columns=["person", "title", "organisation", "start", "end", "as_of"],
    filterset=filters.AffiliationFilterSet,
    import_key=("person", "organisation", "title"),
    select_related=("person", "organisation"),
    menu="people",
)
register(
    Participation,
    fields=["person", "activity", "role", "registered", "attended", "completed", "hours", "assessment", "notes"],
    list_columns=["person", "activity", "role", "attended", "completed", "hours", "assessment"],
    filterset=filters.ParticipationFilterSet,
    import_key=("person", "activity", "role"),
    select_related=("person", "activity"),
    menu="people",
)
add_panel(Organisation, Panel(_("People"), Person, "organisation", ["name", "kind", "sex"]))
add_panel(Organisation, Panel(_("Titles held by people"), Affiliation, "organisation", ["person", "title", "as_of"]))
