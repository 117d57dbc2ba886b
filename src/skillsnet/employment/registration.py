"""Registers the employment models with the generic list/detail/edit/import/export screens and the API.

A job seeker's contact details (e-mail, telephone) live in ProfileContact, which is not registered: no list, detail,
filter, export or API answer carries them; queries.contact_for gives them to the employer after acceptance."""
import django_filters
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from skillsnet.core.api import VersionedSerializer
from skillsnet.core.filters import BaseFilterSet
from skillsnet.core.registry import REGISTRY, Panel, add_panel, register

from . import services
from .models import Application, JobSeekerProfile, Placement, TracerSurvey, Vacancy

VACANCY_FIELDS = ["title", "description", "employer", "posted_on_behalf", "occupation", "required_units",
                  "required_qualifications", "aqrf_level", "languages", "country", "province", "city", "mobility",
                  "employment_type", "positions", "pay_min", "pay_max", "currency", "pay_period", "start_date",
                  "posted_on", "closing_date", "status", "demand_signal", "is_example"]
PROFILE_FIELDS = ["person", "user", "consent_given", "headline", "occupations", "qualifications", "languages",
                  "home_country", "home_province", "willing_countries", "anywhere", "preferences", "is_example"]


class VacancyFilterSet(BaseFilterSet):
    search_fields = ("title", "description", "city", "employer__name")
    sort = django_filters.OrderingFilter(fields=[("posted_on", "posted_on"), ("closing_date", "closing_date"),
                                                 ("title", "title"), ("country", "country")], label=_("Sort"))

    class Meta:
        model = Vacancy
        fields = ["status", "country", "employer", "occupation", "employment_type", "mobility", "is_example"]


class JobSeekerProfileFilterSet(BaseFilterSet):
    search_fields = ("person__name", "headline")
    sort = django_filters.OrderingFilter(fields=[("person__name", "person"), ("updated_at", "updated_at")],
                                         label=_("Sort"))

    class Meta:
        model = JobSeekerProfile
        fields = ["home_country", "anywhere", "is_example"]


class ApplicationFilterSet(BaseFilterSet):
    search_fields = ("vacancy__title", "profile__person__name")

    class Meta:
        model = Application
        fields = ["vacancy", "stage", "is_example"]


class PlacementFilterSet(BaseFilterSet):
    search_fields = ("person__name", "employer_name", "employer__name")

    class Meta:
        model = Placement
        fields = ["employer", "country", "occupation", "training_related", "is_example"]


class TracerSurveyFilterSet(BaseFilterSet):
    search_fields = ("person__name", "employer_name")

    class Meta:
        model = TracerSurvey
        fields = ["months_after", "response", "status", "training_related", "is_example"]


register(Vacancy, fields=VACANCY_FIELDS,
         list_columns=["title", "employer", "country", "occupation", "positions", "closing_date", "status",
                       "is_example"],
         filterset=VacancyFilterSet, import_key=("employer", "title", "posted_on"),
         select_related=("employer", "country", "occupation"), detail_template="employment/vacancy_detail.html",
         create=services.create_vacancy, update=services.update_vacancy, menu="labour")
register(JobSeekerProfile, fields=PROFILE_FIELDS,
         list_columns=["person", "headline", "home_country", "anywhere", "is_example"],
         filterset=JobSeekerProfileFilterSet, import_key=("person",), select_related=("person", "home_country"),
         create=services.create_profile, menu="people")


class ApplicationSerializer(VersionedSerializer):
    display = serializers.CharField(source="__str__", read_only=True)
    stage = serializers.CharField(read_only=True)
    stage_dates = serializers.JSONField(read_only=True)
    score = serializers.IntegerField(read_only=True)
    contact = serializers.SerializerMethodField(
        help_text="The candidate's e-mail and telephone: only after they applied or accepted the invitation.")

    class Meta:
        model = Application
        fields = ["id", "display", "version", "vacancy", "profile", "note", "stage", "stage_dates", "score",
                  "contact"]

    def get_contact(self, obj) -> dict | None:
        from .queries import contact_for

        request = self.context.get("request")
        return contact_for(request.user, obj) if request else None


def _invite(actor, data, reason):
    return services.invite(actor, getattr(data["vacancy"], "pk", data["vacancy"]),
                           getattr(data["profile"], "pk", data["profile"]), data.get("note", ""), reason)


register(Application, fields=["vacancy", "profile", "note"],
         list_columns=["vacancy", "profile", "stage", "score", "is_example"], filterset=ApplicationFilterSet,
         serializer=ApplicationSerializer, create=_invite, importable=False,
         select_related=("vacancy", "profile__person"), detail_template="employment/application_detail.html",
         menu="labour")
register(Placement, fields=["person", "application", "employer", "employer_name", "occupation", "country",
                            "start_date", "training_related", "feedback_rating", "feedback", "feedback_on",
                            "is_example"],
         list_columns=["person", "employer", "occupation", "country", "start_date", "training_related",
                       "is_example"],
         filterset=PlacementFilterSet, import_key=("person", "employer", "start_date"),
         select_related=("person", "employer", "occupation", "country"), menu="labour")
register(TracerSurvey, fields=["person", "participation", "months_after", "due_on", "response", "sent_on",
                               "answered_on", "status", "employer_name", "occupation", "training_related", "pay_band",
                               "is_example"],
         list_columns=["person", "months_after", "due_on", "response", "status", "training_related", "is_example"],
         filterset=TracerSurveyFilterSet, import_key=("participation", "months_after"),
         select_related=("person", "participation", "occupation"), menu="labour")

add_panel(Vacancy, Panel(_("Applications"), Application, "vacancy", ["profile", "stage", "score"]))
from skillsnet.people.models import Person  # noqa: E402

if Person in REGISTRY:
    add_panel(Person, Panel(_("Tracer surveys"), TracerSurvey, "person", ["months_after", "response", "status",
                                                                           "training_related"]))
    add_panel(Person, Panel(_("Placements"), Placement, "person", ["employer", "occupation", "start_date"]))
