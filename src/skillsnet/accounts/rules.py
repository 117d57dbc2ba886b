"""The whole read and write policy as data: role × object type × action × scope.

Nothing outside this module names a role. A user holds role assignments (accounts.RoleAssignment);
a rule grants its actions on the matching object types within a scope:
  all                every object
  own_organisations  objects whose `scope_organisation_path` leads to an organisation the user
                     is assigned to (focal points)
  own_countries      objects whose `scope_country_path` leads to a country the user is assigned to

Every model of the project is classified here (tests/security/test_rules.py fails on a model that is not):
  PUBLIC_MODELS    existence is public information: anonymous visitors read them
  NETWORK_MODELS   the network's working data: every signed-in role reads them
  PERSONAL_MODELS  records about people: only rules with personal_data=True reach them;
                   other roles see counts (below 5: "< 5"), never the records
  STAFF_MODELS     accounts, the change log, ingestion drafts, the search index: the secretariat's
  SYSTEM_MODELS    Django's own tables (sessions, permissions, tokens): never read through a door

Actions: view, add, change, delete and history (an object's change log). History is granted like view,
never to anonymous visitors; a history rule without personal_data shows the changes without their
personal values (actors, reasons, links to people); so does a rule with personal_data and
history_personal=False (a company reads a consenting job-seeker profile's history, not who changed it).
Personal fields: a link from any record to a record of PERSONAL_MODELS or STAFF_MODELS (a speaker, a
responsible person, an approving user) is shown only to users who may view the linked record.
"""
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

ROLES = {
    "secretariat_admin": _("Secretariat administrator"),
    "country_coordinator": _("Country coordinator"),
    "focal_point": _("Institution focal point"),
    "recognition_authority": _("Recognition authority"),
    "viewer": _("Viewer"),
}
# The implicit role of a visitor who is not signed in.
ANONYMOUS_ROLE = "public"
# The role that grants and revokes roles, reads the security log and the whole change log.
ADMIN_ROLE = "secretariat_admin"
# Roles that must be scoped, and to what.
SCOPED_ROLES = {"country_coordinator": "country", "focal_point": "organisation"}
# The roles whose scope a focal-point style "own organisations" question is about (matching, agreements).
ORGANISATION_ROLES = frozenset({"focal_point"})
ACTIONS = ("view", "add", "change", "delete", "history")
WRITE_ACTIONS = frozenset({"add", "change", "delete"})
ALL_ACTIONS = frozenset(ACTIONS)
READ_ACTIONS = frozenset({"view", "history"})

# Reference data: read by everyone, changed by the secretariat only.
REFERENCE_MODELS = frozenset({
    "directory.country", "directory.subdivision", "directory.language",
    "directory.iscedfield", "directory.iscooccupation",
})
# Objects whose existence is public information (shown on public pages and to anonymous API callers).
PUBLIC_MODELS = REFERENCE_MODELS | frozenset({
    "directory.organisation", "directory.programme", "directory.facility", "directory.membership",
    # What happened in the network is public (the seeds are news articles); follow-up actions are the
    # network's working notes and stay with signed-in users. Speakers are people: shown only to those
    # who may see the person (personal fields, above).
    "activities.activity", "activities.initiative", "activities.initiativesite",
    "activities.activityorganisation", "activities.agendaitem", "activities.activityoutcome",
    # Level tables and their provenance.
    "recognition.framework", "recognition.level", "recognition.levelreference",
    # Public keys and status lists: verifiers anywhere resolve them.
    "credentials.issuerkey", "credentials.statuslist",
    # Public resources; access levels are enforced on top in knowledge.queries.
    "knowledge.resource",
})
# Records about people.
PERSONAL_MODELS = frozenset({
    "directory.contact", "people.person", "people.affiliation", "people.participation",
    "agreements.signatory", "recognition.recognitioncase", "credentials.issuedcredential",
    "labour.tracerrecord",
    # one row per participation (person id, sex): the raw material of the completion counts
    "results.completionfact",
})
# The secretariat's own tables.
STAFF_MODELS = frozenset({
    "accounts.user", "accounts.roleassignment", "core.changelogentry",
    "ingest.article", "ingest.draft", "ingest.draftitem",
    # rows copy the text of every kind of record; read only through knowledge.search, which checks each
    # row's source object with for_user
    "knowledge.searchentry",
    # security events (sign-ins, lockouts, grants) name people and addresses; jobs are read by their owner
    # (core.jobs.visible_jobs), every job by the secretariat
    "accounts.securityevent", "core.job",
    # API tokens (digests): listed to their owner (accounts.tokens), every token to the secretariat
    "accounts.apitoken",
    # imports on their way: their file's header and first values (which may name people); read only by their
    # uploader (core.import_views.drafts_of), no door lists them
    "core.importdraft",
    # every activity's exact figures, small counts included: read by code for sums that must not give back what
    # an activity's page hides (activities.queries.every_activity_figures), by no door
    "people.activityfigures",
})
# Django's tables: no door reads them.
SYSTEM_MODELS = frozenset({
    "admin.logentry", "auth.permission", "auth.group", "contenttypes.contenttype", "sessions.session",
    # the task queue's own table
    "django_tasks_database.dbtaskresult",
})
NETWORK_MODELS = frozenset({
    "agreements.areaofcooperation", "agreements.agreement", "agreements.party", "agreements.commitment",
    "agreements.document", "agreements.contribution",
    "activities.followupaction",
    "curricula.curriculum", "curricula.curriculumversion", "curricula.module", "curricula.adoption",
    "recognition.competencyunit", "recognition.unitlink", "recognition.qualification",
    "recognition.qualificationunit",
    "results.project", "results.projectcountry", "results.projectregion", "results.attribution",
    "results.resultnode", "results.indicator", "results.period", "results.target", "results.indicatorvalue",
    "results.periodapproval", "results.indicatorrevision", "results.narrative", "results.source",
    "results.reportedfigure", "results.completioncell",
    "funding.contribution", "funding.budgetline", "funding.transaction", "funding.exchangerate",
    "labour.demandsignal", "labour.activityoccupation",
    "knowledge.newsstory",
    # import column mappings: header-to-field names per source, no record data
    "core.columnmapping",
})

# Frameworks, level tables (AQRF referencing), units, qualifications and cases: the recognition
# authority's (and the secretariat's). Frameworks, levels and references have no organisation or
# country scope, so the scoped "*" rules of coordinators and focal points grant nothing on them.
RECOGNITION_MODELS = frozenset({
    "recognition.framework", "recognition.level", "recognition.levelreference", "recognition.competencyunit",
    "recognition.unitlink", "recognition.qualification", "recognition.qualificationunit",
    "recognition.recognitioncase",
})


@dataclass(frozen=True)
class Rule:
    role: str
    model: object  # "app_label.modelname", "*", or a set of labels
    actions: frozenset
    scope: str = "all"
    personal_data: bool = False
    exclude: frozenset = field(default_factory=frozenset)
    # whether the history this rule grants shows personal values (actors, reasons, links to people);
    # None: as personal_data
    history_personal: object = None

    @property
    def shows_personal_history(self):
        return self.personal_data if self.history_personal is None else self.history_personal

    def matches(self, label, action):
        if action not in self.actions or label in self.exclude:
            return False
        if isinstance(self.model, str):
            return self.model in ("*", label)
        return label in self.model


def R(role, model, actions, scope="all", personal_data=False, exclude=(), history_personal=None):
    return Rule(role, model, frozenset(actions), scope, personal_data, frozenset(exclude), history_personal)


# "*" of the roles below the secretariat never reaches the secretariat's or Django's tables.
NOT_SHARED = STAFF_MODELS | SYSTEM_MODELS

RULES = [
    R("secretariat_admin", "*", ALL_ACTIONS, "all", personal_data=True, exclude=SYSTEM_MODELS),
    # Country coordinators see the whole network (no personal data) and run their countries.
    R("country_coordinator", "*", READ_ACTIONS, "all", exclude=NOT_SHARED),
    R("country_coordinator", "*", ALL_ACTIONS, "own_countries", personal_data=True,
      exclude=REFERENCE_MODELS | NOT_SHARED | {"directory.organisation"}),
    R("country_coordinator", "directory.organisation", {"view", "add", "change", "history"}, "own_countries",
      personal_data=True),
    # Focal points see the network (no personal data) and keep their own institution's data.
    R("focal_point", "*", READ_ACTIONS, "all", exclude=NOT_SHARED),
    R("focal_point", "directory.organisation", {"view", "change", "history"}, "own_organisations",
      personal_data=True),
    R("focal_point", "*", ALL_ACTIONS, "own_organisations", personal_data=True,
      exclude=REFERENCE_MODELS | NOT_SHARED | {"directory.organisation"}),
    # Recognition authorities edit qualification frameworks and level referencing (see recognition).
    R("recognition_authority", "*", READ_ACTIONS, "all", exclude=NOT_SHARED),
    R("recognition_authority", RECOGNITION_MODELS, ALL_ACTIONS, "all", personal_data=True),
    # Viewers read the network, history included, without personal data.
    R("viewer", "*", READ_ACTIONS, "all", exclude=NOT_SHARED),
    # Visitors read public information; never history.
    R(ANONYMOUS_ROLE, PUBLIC_MODELS, {"view"}, "all"),
]


# The demo's sign-ins (username, role, organisation English name or country code), loaded by `skillsnet demo`.
DEMO_ACCOUNTS = [
    ("secretariat", "secretariat_admin", None),
    ("viewer", "viewer", None),
    ("focal.lgtc", "focal_point", "Lao-German Technical College"),
    ("focal.teitc", "focal_point", "Tianjin Electronic Information Technician College"),
    ("coordinator.la", "country_coordinator", "LA"),
    ("coordinator.kh", "country_coordinator", "KH"),
]


def is_admin_role(role):
    return role == ADMIN_ROLE

# ---------------------------------------------------------------- employment (owner: the employment app)
# A company focal point (a member company or alliance partner, scoped to that organisation) keeps its own vacancies
# and the applications and placements at it, and sees consenting job-seeker profiles (the default manager of
# JobSeekerProfile holds only profiles whose consent is in force; contact details are not among the profile's
# shown fields: employment.queries.contact_for gives them only after the candidate accepts). Viewers see counts
# only (every employment model but vacancies holds personal data). Tracer surveys: the training institution's.
ROLES["company_focal_point"] = _("Company focal point")
SCOPED_ROLES["company_focal_point"] = "organisation"
ORGANISATION_ROLES = ORGANISATION_ROLES | {"company_focal_point"}
NETWORK_MODELS = NETWORK_MODELS | {"employment.vacancy", "employment.vacancyfeature"}
PERSONAL_MODELS = PERSONAL_MODELS | {"employment.jobseekerprofile", "employment.profilefeature",
                                     "employment.application", "employment.placement",
                                     "employment.tracersurvey", "employment.profilecontact"}
RULES += [
    R("company_focal_point", "*", READ_ACTIONS, "all", exclude=NOT_SHARED),
    R("company_focal_point", "employment.vacancy", ALL_ACTIONS, "own_organisations"),
    R("company_focal_point", {"employment.application", "employment.placement"}, {"view", "add", "change"},
      "own_organisations", personal_data=True),
    # A consenting profile, and its history without who made the changes or why (a job seeker's sign-in may be
    # their e-mail address; contact details themselves are in employment.profilecontact, never in the profile).
    R("company_focal_point", {"employment.jobseekerprofile", "employment.profilefeature"}, READ_ACTIONS, "all",
      personal_data=True, history_personal=False),
]
