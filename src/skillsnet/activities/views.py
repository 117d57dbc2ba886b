"""The activities calendar (month view, works without JavaScript) and an activity's registration page."""
import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from skillsnet.accounts.permissions import can, may_see_personal_data, restrict
from skillsnet.core.errors import LockedRecord, StaleEdit
from skillsnet.directory.models import Country, Organisation
from skillsnet.core.views import deny

from . import queries, services
from .forms import CalendarFilterForm, PasteNamesForm, RegistrationForm
from .models import Activity


_deny = deny  # sign-in for visitors, 403 for signed-in users


def _month(value):
    try:
        day = datetime.datetime.strptime(value or "", "%Y-%m").date()
        if 1 <= day.year <= 9998:
            return day.year, day.month
    except ValueError:
        pass
    today = datetime.date.today()
    return today.year, today.month


def _shift(year, month, delta):
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def calendar(request):
    if not can(request.user, "view", Activity):
        return _deny(request)
    visible = restrict(Activity.objects.select_related("host", "country"), request.user, "view")
    if request.GET.get("month"):
        year, month = _month(request.GET.get("month"))
    else:  # the month nearest to today that has activities, not an empty current month
        year, month = queries.nearest_month(visible, datetime.date.today())
    countries = Country.objects.filter(pk__in=visible.exclude(country=None).values("country")).order_by("name")
    form = CalendarFilterForm(request.GET or None, countries=countries)
    qs = visible
    filters = {}
    if form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v}
        qs = qs.filter(**filters)
    dated, undated = queries.month_activities(qs, year, month)

    view = "list" if request.GET.get("view") == "list" else "grid"

    def link(y, m, v=view):
        return "?" + urlencode({**filters, "month": f"{y:04d}-{m:02d}", **({"view": v} if v == "list" else {})})

    weeks = queries.month_grid(year, month, dated)
    return render(request, "activities/calendar.html", {
        "form": form, "weeks": weeks, "agenda": queries.month_agenda(weeks), "undated": undated, "view": view,
        "grid_link": link(year, month, "grid"), "list_link": link(year, month, "list"),
        "month_start": datetime.date(year, month, 1), "prev_link": link(*_shift(year, month, -1)),
        "next_link": link(*_shift(year, month, 1)), "today_link": link(*_month("")), "count": len(dated) + len(undated),
    })


def _visible_activity(request, pk):
    try:
        return restrict(Activity.objects.select_related("host"), request.user, "view").get(pk=pk)
    except Activity.DoesNotExist:
        raise Http404(_("Not found."))


def _organisation(value):
    return Organisation.objects.filter(pk=value).first() if str(value or "").isdigit() else None


def registration(request, pk):
    activity = _visible_activity(request, pk)
    participation = queries.participation_model()
    can_register = bool(participation) and can(request.user, "add", participation) and can(
        request.user, "change", activity)
    form = paste = None
    if can_register:
        posted = request.POST if request.method == "POST" else None
        pasting = posted is not None and posted.get("action") == "paste"
        form = RegistrationForm(None if pasting else posted, activity=activity, user=request.user)
        paste = PasteNamesForm(posted if pasting else None, activity=activity)
        bound = paste if pasting else form
        if posted is not None and bound.is_valid():
            data = bound.cleaned_data
            try:
                if pasting:
                    done = services.register_people(
                        request.user, activity.pk, data["names"], organisation=_organisation(data["organisation"]),
                        role=data["role"], attended=data["attended"], completed=data["completed"],
                        reason=_("registration page"))
                    created = sum(1 for _p, new in done if new)
                    messages.success(request, _("%(count)s people registered (%(created)s new).") % {
                        "count": len(done), "created": created})
                elif data["person"]:
                    from skillsnet.people.services import register_participant

                    register_participant(request.user, data["person"].pk, activity.pk, role=data["role"],
                                         registered=data["registered"], attended=data["attended"],
                                         completed=data["completed"], reason=_("registration page"))
                    messages.success(request, _("%(person)s was registered.") % {"person": data["person"]})
                else:
                    (person, _new), = services.register_people(
                        request.user, activity.pk, [data["new_name"]],
                        organisation=_organisation(data["organisation"]), role=data["role"],
                        registered=data["registered"], attended=data["attended"], completed=data["completed"],
                        reason=_("registration page"))
                    messages.success(request, _("%(person)s was registered.") % {"person": person})
                return HttpResponseRedirect(reverse("activities:registration", args=[activity.pk]))
            except ValidationError as exc:
                for message in exc.messages:
                    bound.add_error(None, message)
            except (StaleEdit, LockedRecord) as exc:
                bound.add_error(None, exc.message)
            except PermissionDenied as exc:
                bound.add_error(None, str(exc) or _("You do not have permission to do this."))
    elif request.method == "POST":
        return _deny(request)
    rows = []
    if participation and may_see_personal_data(request.user, participation):
        rows = restrict(participation.objects.filter(activity=activity).select_related("person"),
                        request.user, "view")
    counts, by_role = queries.registration_counts(activity, request.user)
    return render(request, "activities/registration.html", {
        "obj": activity, "counts": counts, "by_role": by_role, "rows": rows, "form": form, "paste": paste,
    }, status=400 if (form is not None and form.is_bound) or (paste is not None and paste.is_bound) else 200)
