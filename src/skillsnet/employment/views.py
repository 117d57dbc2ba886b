"""Thin views: matches with explanations, the public vacancy pages and feeds, the person's own page and data."""
import json

from django import forms

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from skillsnet.accounts.permissions import can, may_see_personal_data
from skillsnet.core.services import NotFound, get_for
from skillsnet.core.views import deny

from . import queries, services
from .models import CONSENT_TEXT, Application, JobSeekerProfile, Vacancy


def _base_url(request):
    return (getattr(settings, "SKILLSNET_BASE_URL", "") or "").rstrip("/") or request.build_absolute_uri("/")[:-1]


def _errors(exc):
    if isinstance(exc, ValidationError):
        return "; ".join(exc.messages)
    return str(exc)


def dashboard(request):
    if not can(request.user, "view", Vacancy):
        return deny(request)
    counts, by_occupation = queries.dashboard_figures(request.user)
    ctx = {"counts": counts, "personal": may_see_personal_data(request.user, JobSeekerProfile),
           "by_occupation": by_occupation}
    return render(request, "employment/dashboard.html", ctx)


# ------------------------------------------------------------------ public: open vacancies, JSON-LD, feeds
def open_vacancies(request):
    return render(request, "employment/open_vacancies.html", {"vacancies": queries.open_vacancies()[:200]})


def vacancy_public(request, pk):
    vacancy = queries.open_vacancies().filter(pk=pk).first() if str(pk).isdigit() else None
    if vacancy is None:
        raise Http404(_("This vacancy is not open."))
    jsonld = json.dumps(queries.job_posting(vacancy, _base_url(request)), ensure_ascii=False).replace("</", "<\\/")
    return render(request, "employment/vacancy_public.html", {"vacancy": vacancy, "jsonld": jsonld,
                                                               "profile": queries.own_profile(request.user)})


def feed_json(request):
    """JSON Feed 1.1 of the open vacancies, each item carrying its JobPosting."""
    base = _base_url(request)
    items = [{"id": str(v.pk), "url": base + reverse("employment:vacancy_public", args=[v.pk]), "title": v.title,
              "content_text": v.description, "date_published": v.posted_on.isoformat() + "T00:00:00Z",
              "_job_posting": queries.job_posting(v, base)} for v in queries.open_vacancies()[:500]]
    return JsonResponse({"version": "https://jsonfeed.org/version/1.1", "title": _("skillsnet: open vacancies"),
                         "home_page_url": base + reverse("employment:open_vacancies"),
                         "feed_url": base + reverse("employment:feed_json"), "items": items},
                        json_dumps_params={"ensure_ascii": False})


class VacancyAtomFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("skillsnet: open vacancies")
    subtitle = gettext_lazy("Vacancies of member companies and alliance partners, open now")
    link = reverse_lazy("employment:open_vacancies")

    def items(self):
        return queries.open_vacancies()[:500]

    def item_title(self, item):
        return str(item)

    def item_description(self, item):
        return item.description

    def item_link(self, item):
        return reverse("employment:vacancy_public", args=[item.pk])

    def item_pubdate(self, item):
        import datetime

        return datetime.datetime.combine(item.posted_on, datetime.time(), tzinfo=datetime.timezone.utc)

    def item_updateddate(self, item):
        return item.updated_at


# ------------------------------------------------------------------ matches
def vacancy_candidates(request, pk):
    try:
        vacancy = get_for(request.user, Vacancy, pk, "view")
    except NotFound:
        raise Http404
    if not may_see_personal_data(request.user, JobSeekerProfile):
        return deny(request, _("Your role sees counts of job seekers only."))
    matches = queries.rank_profiles(request.user, vacancy)
    invited = set(Application.objects.filter(vacancy=vacancy).values_list("profile_id", flat=True))
    return render(request, "employment/candidates.html", {
        "vacancy": vacancy, "matches": matches, "invited": invited,
        "can_invite": can(request.user, "change", vacancy) and can(request.user, "add", Application)})


@require_POST
def invite(request, pk):
    try:
        services.invite(request.user, pk, request.POST.get("profile"), request.POST.get("note", ""))
    except (NotFound, PermissionDenied, ValidationError, ValueError) as exc:
        return render(request, "employment/message.html", {"message": _errors(exc)}, status=400)
    return redirect("employment:vacancy_candidates", pk=pk)


@require_POST
def move(request, pk):
    try:
        services.move_application(request.user, pk, request.POST.get("stage", ""),
                                  start_date=request.POST.get("start_date") or None)
    except (NotFound, PermissionDenied, ValidationError) as exc:
        return render(request, "employment/message.html", {"message": _errors(exc)}, status=400)
    return redirect("employment_application_detail", pk=pk)


# ------------------------------------------------------------------ the person's own page
def me(request):
    if not request.user.is_authenticated:
        return deny(request)
    profile = queries.own_profile(request.user)
    if profile is None:
        return render(request, "employment/message.html", {
            "message": _("No job-seeker profile is linked to your sign-in. Ask your training institution or the "
                         "secretariat to create one for you.")}, status=404)
    form = MyProfileForm(initial={"headline": profile.headline, "preferences": profile.preferences,
                                  "willing_countries": list(profile.willing_countries.all()),
                                  "anywhere": profile.anywhere, **queries.own_contact(profile)})
    ctx = {"profile": profile, "consent_text": CONSENT_TEXT, "form": form,
           "matches": queries.rank_vacancies(profile, limit=20) if profile.consent_in_force else [],
           "applications": Application.all_applications.filter(profile=profile).select_related("vacancy__employer")}
    return render(request, "employment/me.html", ctx)


class MyProfileForm(forms.Form):
    headline = forms.CharField(label=gettext_lazy("headline"), max_length=300, required=False)
    preferences = forms.CharField(label=gettext_lazy("preferences"), required=False, widget=forms.Textarea(
        attrs={"rows": 3}))
    willing_countries = forms.ModelMultipleChoiceField(label=gettext_lazy("other countries willing to work in"),
                                                       queryset=None, required=False)
    anywhere = forms.BooleanField(label=gettext_lazy("willing to work anywhere"), required=False)
    email = forms.EmailField(label=gettext_lazy("e-mail"), required=False)
    phone = forms.CharField(label=gettext_lazy("telephone"), max_length=40, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from skillsnet.directory.models import Country

        self.fields["willing_countries"].queryset = Country.objects.order_by("name")


@require_POST
def my_profile(request):
    """The person edits what they add themselves: preferences, mobility and contact details."""
    profile = queries.own_profile(request.user)
    if profile is None:
        raise Http404
    form = MyProfileForm(request.POST)
    if form.is_valid():
        try:
            services.update_my_profile(request.user, profile.pk, dict(form.cleaned_data),
                                       request.POST.get("version"))
        except ValidationError as exc:
            return render(request, "employment/message.html", {"message": _errors(exc)}, status=400)
        return redirect("employment:me")
    return render(request, "employment/message.html", {"message": form.errors.as_text()}, status=400)


@require_POST
def consent(request):
    profile = queries.own_profile(request.user)
    if profile is None:
        raise Http404
    action = request.POST.get("action")
    if action == "give":
        services.give_consent(request.user, profile.pk)
    elif action == "revoke":
        services.revoke_consent(request.user, profile.pk)
    else:  # never revoke (or give) on a form that does not say which
        return render(request, "employment/message.html", {"message": _(
            'Say "give" or "revoke": your consent was not changed.')}, status=400)
    return redirect("employment:me")


@require_POST
def apply(request, pk):
    profile = queries.own_profile(request.user)
    if profile is None:
        raise Http404
    try:
        services.apply(request.user, pk, profile.pk, request.POST.get("note", ""))
    except (NotFound, ValidationError) as exc:
        return render(request, "employment/message.html", {"message": _errors(exc)}, status=400)
    return redirect("employment:me")


@require_POST
def respond(request, pk):
    try:
        services.respond_to_invitation(request.user, pk, accept=request.POST.get("accept") == "1")
    except (NotFound, ValidationError) as exc:
        return render(request, "employment/message.html", {"message": _errors(exc)}, status=400)
    return redirect("employment:me")


def my_data(request):
    data = queries.my_data(request.user) if request.user.is_authenticated else None
    if data is None:
        return deny(request) if not request.user.is_authenticated else HttpResponse(status=404)
    response = HttpResponse(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-skillsnet-data.json"'
    return response
