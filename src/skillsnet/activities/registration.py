"""Registers activities and programmes with the generic views, API, import and export."""
from django.apps import apps
from django.utils.translation import gettext_lazy as _

from skillsnet.core.i18n import all_columns
from skillsnet.core.registry import Panel, add_panel, register
from skillsnet.directory.models import Organisation

from . import filters, queries, services
from .models import (Activity, ActivityOrganisation, ActivityOutcome, AgendaItem, FollowUpAction, Initiative,
                     InitiativeSite)

# Which of these records are public is a rule (accounts.rules.PUBLIC_MODELS).

ACTIVITY_FIELDS = [*all_columns("title"), "kind", "mode", "platform", "start", "end", "period", "date_note",
                   "city", "province", "country", "host", "initiative", "agreement", "parent", "description",
                   "outcome_text", "source"]

activity_panels = [
    Panel(_("Hosts and partners"), ActivityOrganisation, "activity", ["organisation", "role", "note"]),
    Panel(_("Agenda"), AgendaItem, "activity", ["title", "order", "day", "time", "speaker"],
          template="activities/_agenda_panel.html"),
    Panel(_("Parts of this activity"), Activity, "parent", ["title", "kind", "start", "period"]),
    Panel(_("Outcomes"), ActivityOutcome, "activity", ["kind", "description", "organisations", "agreement",
                                                       "initiative"]),
    Panel(_("Follow-up actions"), FollowUpAction, "activity", ["what", "owner_organisation", "due", "status"],
          template="activities/_follow_up_panel.html"),
]
activity_panels.append(Panel(_("People in roles"), apps.get_model("people", "Participation"), "activity",
                             ["person", "role", "registered", "attended", "completed"]))

register(
    Activity,
    fields=ACTIVITY_FIELDS,
    list_columns=["title", "kind", "start", "end", "period", "host", "country"],
    filterset=filters.ActivityFilterSet,
    import_key=("title", "start"),
    select_related=("host", "country", "initiative", "parent"),
    display_related=(),  # an activity's text is its title
    detail_template="activities/activity_detail.html",
    create=services.create_activity,
    update=services.update_activity,
    panels=activity_panels,
    menu="cooperation",
)
register(
    Initiative,
    fields=[*all_columns("name"), "lead", "partners", "description", "focus", "start", "date_note", "sites_count",
            "countries_count", "agreement", "source"],
    list_columns=["name", "lead", "focus", "start"],
    filterset=filters.InitiativeFilterSet,
    import_key=("name",),
    select_related=("lead",),
    create=services.create_initiative,
    panels=[
        Panel(_("Sites"), InitiativeSite, "initiative", ["organisation", "country", "city", "number_of_sites"]),
        Panel(_("Activities"), Activity, "initiative", ["title", "kind", "start", "period", "host"]),
        Panel(_("Announced at"), ActivityOutcome, "initiative", ["activity", "kind", "description"]),
    ],
    menu="cooperation",
)
SUB_RECORDS = [
    (ActivityOrganisation, ["activity", "organisation", "role", "note"], ["organisation", "role", "activity"],
     filters.ActivityOrganisationFilterSet, ("activity", "organisation", "role")),
    (AgendaItem, ["activity", "order", "day", "time", "title", "speaker", "notes"], ["title", "activity", "order"],
     filters.AgendaItemFilterSet, ("activity", "order", "title")),
    (ActivityOutcome, ["activity", "kind", "description", "organisations", "agreement", "initiative"],
     ["__str__", "activity", "kind"], filters.ActivityOutcomeFilterSet, ("activity", "description")),
    (FollowUpAction, ["activity", "what", "owner_organisation", "owner_person", "due", "status"],
     ["what", "activity", "owner_organisation", "due", "status"], filters.FollowUpActionFilterSet,
     ("activity", "what")),
    (InitiativeSite, ["initiative", "organisation", "country", "city", "number_of_sites"],
     ["__str__", "initiative", "organisation", "country"], filters.InitiativeSiteFilterSet,
     ("initiative", "organisation", "country", "city")),
]
for model, fields, columns, filterset, key in SUB_RECORDS:
    register(model, fields=fields, list_columns=columns, filterset=filterset, import_key=key,
             select_related=tuple(f for f in ("activity", "initiative") if f in fields),
             menu="cooperation" if model is FollowUpAction else None)

add_panel(Organisation, Panel(_("Activities"), Activity, "host", ["title", "kind", "start", "period", "host"],
                              queryset=lambda org, user: queries.organisation_activities(org, user)))
add_panel(Organisation, Panel(_("Programmes"), Initiative, "lead", ["name", "lead", "focus", "start"],
                              queryset=lambda org, user: queries.organisation_initiatives(org, user)))
add_panel(Organisation, Panel(_("Timeline"), Activity, "", template="activities/_timeline_panel.html",
                              queryset=lambda org, user: queries.organisation_timeline(user, org)))
