"""Registers the directory's models with the generic views, API, import and export."""
from django.utils.translation import gettext_lazy as _

from skillsnet.core.filters import BaseFilterSet
from skillsnet.core.i18n import all_columns
from skillsnet.core.registry import Panel, register

from . import filters, queries, services
from .models import (Contact, Country, Facility, IscedField, IscoOccupation, Language, Membership, Organisation,
                     Programme, Subdivision)

ORGANISATION_FIELDS = [*all_columns("name"), "kind", "acronyms", "aliases", "country", "province", "city",
                       "parent", "website", "email", "phone", "identifier", "founded", "fields", "description"]

register(
    Organisation,
    fields=ORGANISATION_FIELDS,
    list_columns=["name", "kind", "country", "province"],
    filterset=filters.OrganisationFilterSet,
    list_fields=("acronyms", "aliases"),
    import_key=("name", "country"),
    select_related=("country", "province"),
    detail_template="directory/organisation_detail.html",
    update=services.update_organisation,
    create=services.create_organisation,
    panels=[
        Panel(_("Training programmes"), Programme, "organisation", ["title", "isced_field", "level", "annual_intake"]),
        Panel(_("Facilities"), Facility, "organisation", ["name", "kind"]),
        Panel(_("Contacts"), Contact, "organisation", ["name", "position", "email"]),
        Panel(_("Memberships of networks"), Membership, "member", ["network", "role", "joined_on", "left_on"],
              queryset=queries.memberships_of),
        Panel(_("Members"), Membership, "network", ["member", "role", "joined_on", "left_on"],
              queryset=queries.members_of),
    ],
    menu="directory",
)
register(
    Programme,
    fields=[*all_columns("title"), "organisation", "isced_field", "isco_occupation", "level", "languages",
            "annual_intake", "description"],
    list_columns=["title", "organisation", "isced_field", "isco_occupation", "level", "annual_intake"],
    filterset=filters.ProgrammeFilterSet,
    import_key=("organisation", "title"),
    select_related=("organisation", "isced_field", "isco_occupation"),
    menu="directory",
)
register(
    Facility,
    fields=["organisation", "name", "kind", "fields", "description"],
    list_columns=["name", "kind", "organisation"],
    filterset=filters.FacilityFilterSet,
    import_key=("organisation", "name"),
    select_related=("organisation",),
    menu="directory",
)
register(
    Membership,
    fields=["network", "member", "role", "joined_on", "left_on", "notes"],
    list_columns=["member", "network", "role", "joined_on", "left_on"],
    filterset=filters.MembershipFilterSet,
    import_key=("network", "member"),
    select_related=("network", "member"),
    menu="directory",
)
register(
    Contact,
    fields=["organisation", "name", "position", "email", "phone", "is_focal_point"],
    list_columns=["name", "position", "organisation", "email"],
    filterset=filters.ContactFilterSet,
    import_key=("organisation", "name"),
    select_related=("organisation",),
    menu="directory",
)


def _reference_filterset(model, fields, search):
    meta = type("Meta", (), {"model": model, "fields": fields})
    return type(f"{model.__name__}FilterSet", (BaseFilterSet,), {"Meta": meta, "search_fields": search})


for model, fields, search, columns in [
    (Country, [], ("code", "alpha3", "name"), ["code", "name"]),
    (Subdivision, ["country"], ("code", "name"), ["code", "name", "country", "kind"]),
    (Language, [], ("code", "alpha3", "name"), ["code", "name"]),
    (IscedField, ["level", "parent"], ("code", "title"), ["code", "title", "level"]),
    (IscoOccupation, ["level", "parent"], ("code", "title"), ["code", "title", "level"]),
]:
    register(model, fields=[f.name for f in model._meta.fields if not f.primary_key], list_columns=columns,
             filterset=_reference_filterset(model, fields, search), readonly=True, importable=False,
             io_columns=[f.name for f in model._meta.fields], menu="reference")
