"""Registers the agreements' models with the generic views, API, import and export."""
from django.utils.translation import gettext_lazy as _

from skillsnet.core.i18n import all_columns
from skillsnet.core.registry import Panel, add_panel, register
from skillsnet.directory.models import Organisation

from . import filters, queries, services
from .api import named_serializer
from .models import AreaOfCooperation, Agreement, Commitment, Contribution, Document, Party, Signatory

AGREEMENT_FIELDS = [*all_columns("title"), "kind", "reference_number", "summary", "amends", "signed_on",
                    "signed_on_note", "signed_city", "signed_country", "effective_on", "ends_on", "areas",
                    "countries_covered"]  # not "status": it changes only through services.transition_agreement

agreement_config = register(
    Agreement,
    fields=AGREEMENT_FIELDS,
    list_columns=["title", "kind", "status", "signed_on", "amends"],
    filterset=filters.AgreementFilterSet,
    import_key=("title",),
    select_related=("amends", "signed_country"),
    detail_template="agreements/agreement_detail.html",
    create=services.create_agreement,
    panels=[
        Panel(_("Parties"), Party, "agreement", ["organisation", "role"]),
        Panel(_("Signatories and participants in the signing"), Signatory, "agreement",
              ["__str__", "role", "organisation", "signed_on"]),
        Panel(_("Commitments"), Commitment, "agreement",
              ["description", "responsible_organisation", "due_on", "status"]),
        Panel(_("Documents"), Document, "agreement", ["title", "language"],
              template="agreements/_documents_panel.html"),
        Panel(_("Contributions promised"), Contribution, "agreement", ["__str__", "promised_on", "note"]),
        Panel(_("Amendments"), Agreement, "amends", ["title", "signed_on", "signed_on_note", "status"]),
    ],
    menu="cooperation",
)
agreement_config.serializer = named_serializer(agreement_config, extra_read_only=("status",))

SUB_RECORDS = [
    (Party, ["agreement", "organisation", "role"], ["agreement", "organisation", "role"],
     filters.PartyFilterSet, ("agreement", "organisation", "role")),
    (Signatory, ["agreement", "person", "name", "role", "title_at_signing", "organisation", "signed_on"],
     ["__str__", "agreement", "role", "organisation", "signed_on"], filters.SignatoryFilterSet,
     ("agreement", "person", "name")),
    (Commitment, ["agreement", "description", "responsible_organisation", "responsible_person", "due_on", "status"],
     ["description", "agreement", "responsible_organisation", "due_on", "status"], filters.CommitmentFilterSet,
     ("agreement", "description")),
    (Contribution, ["agreement", "funder", "amount", "currency", "promised_on", "note"],
     ["__str__", "agreement", "funder", "promised_on"], filters.ContributionFilterSet,
     ("agreement", "funder", "amount", "currency")),
]
OVERRIDES = {Party: {"create": services.create_party, "update": services.update_party}}
for model, fields, columns, filterset, key in SUB_RECORDS:
    config = register(model, fields=fields, list_columns=columns, filterset=filterset, import_key=key,
                      select_related=("agreement",), menu="cooperation", **OVERRIDES.get(model, {}))
    config.serializer = named_serializer(config)

document_config = register(
    Document,
    fields=["agreement", "title", "language", "file"],
    list_columns=["title", "agreement", "language"],
    filterset=filters.DocumentFilterSet,
    io_columns=["id", "agreement", "title", "language"],
    importable=False,  # files are uploaded one by one, with their checks
    select_related=("agreement", "language"),
    create=services.create_document,
    update=services.update_document,
    delete=services.delete_document,
    menu="cooperation",
)
document_config.serializer = named_serializer(document_config)

area_config = register(AreaOfCooperation, fields=["code", *all_columns("name")], list_columns=["code", "name"],
                       filterset=filters.AreaOfCooperationFilterSet, import_key=("code",), menu="reference")
area_config.serializer = named_serializer(area_config)

add_panel(Organisation, Panel(_("Agreements"), Agreement, "", ["title", "kind", "status", "signed_on"],
                              queryset=lambda org, user: queries.organisation_agreements(org, user)))
