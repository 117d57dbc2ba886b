"""Permission rules as data: role × object type × action × scope.

A user holds role assignments (accounts.RoleAssignment). A rule grants its actions on the
matching object types within a scope:
  all                every object
  own_organisations  objects whose `scope_organisation_path` leads to an organisation the user
                     is assigned to (focal points)
  own_countries      objects whose `scope_country_path` leads to a country the user is assigned to
A model with `personal_data = True` is only visible through rules with personal_data=True;
other roles see counts (aggregates), never the records.
Anonymous visitors hold the implicit role "public".
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
# Roles that must be scoped, and to what.
SCOPED_ROLES = {"country_coordinator": "country", "focal_point": "organisation"}
ACTIONS = ("view", "add", "change", "delete")
ALL_ACTIONS = frozenset(ACTIONS)

# Reference data: read by everyone, changed by the secretariat only.
REFERENCE_MODELS = frozenset({
    "directory.country", "directory.subdivision", "directory.language",
    "directory.iscedfield", "directory.iscooccupation",
})
# Objects whose existence is public information (shown on public pages).
PUBLIC_MODELS = set(REFERENCE_MODELS) | {
    "directory.organisation", "directory.programme", "directory.facility", "directory.membership",
}

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

    def matches(self, label, action):
        if action not in self.actions or label in self.exclude:
            return False
        if isinstance(self.model, str):
            return self.model in ("*", label)
        return label in self.model


def R(role, model, actions, scope="all", personal_data=False, exclude=()):
    # A set of labels is kept by reference so that apps can extend PUBLIC_MODELS.
    return Rule(role, model, frozenset(actions), scope, personal_data, frozenset(exclude))


RULES = [
    R("secretariat_admin", "*", ALL_ACTIONS, "all", personal_data=True),
    # Country coordinators see the whole network (no personal data) and run their countries.
    R("country_coordinator", "*", {"view"}, "all"),
    R("country_coordinator", "*", ALL_ACTIONS, "own_countries", personal_data=True,
      exclude=REFERENCE_MODELS | {"directory.organisation"}),
    R("country_coordinator", "directory.organisation", {"view", "add", "change"}, "own_countries",
      personal_data=True),
    # Focal points see the network (no personal data) and keep their own institution's data.
    R("focal_point", "*", {"view"}, "all"),
    R("focal_point", "directory.organisation", {"view", "change"}, "own_organisations", personal_data=True),
    R("focal_point", "*", ALL_ACTIONS, "own_organisations", personal_data=True,
      exclude=REFERENCE_MODELS | {"directory.organisation"}),
    # Recognition authorities edit qualification frameworks and level referencing (see recognition).
    R("recognition_authority", "*", {"view"}, "all"),
    R("recognition_authority", RECOGNITION_MODELS, ALL_ACTIONS, "all", personal_data=True),
    R("viewer", "*", {"view"}, "all"),
    R("public", PUBLIC_MODELS, {"view"}, "all"),
]

# ---------------------------------------------------------------- employment (owner: the employment app)
# A company focal point (a member company or alliance partner, scoped to that organisation) keeps its own vacancies
# and the applications and placements at it, and sees consenting job-seeker profiles (the default manager of
# JobSeekerProfile holds only profiles whose consent is in force; contact details are not among the profile's
# shown fields: employment.queries.contact_for gives them only after the candidate accepts). Viewers see counts
# only (every employment model but vacancies holds personal data). Tracer surveys: the training institution's.
ROLES["company_focal_point"] = _("Company focal point")
SCOPED_ROLES["company_focal_point"] = "organisation"
RULES += [
    R("company_focal_point", "*", {"view"}, "all"),
    R("company_focal_point", "employment.vacancy", ALL_ACTIONS, "own_organisations"),
    R("company_focal_point", {"employment.application", "employment.placement"}, {"view", "add", "change"},
      "own_organisations", personal_data=True),
    R("company_focal_point", "employment.jobseekerprofile", {"view"}, "all", personal_data=True),
]
