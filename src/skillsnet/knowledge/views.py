"""Search, news and resources. Thin: reads through knowledge.queries / knowledge.search, writes through
knowledge.services."""
import mimetypes

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from skillsnet.accounts.permissions import allowed_actions, can
from skillsnet.core.privacy import history_for
from skillsnet.core.errors import LockedRecord, StaleEdit
from skillsnet.core.text import compact, normalize
from skillsnet.core.views import deny, _add_errors

from . import search as search_engine
from . import services
from .forms import ResourceFilterForm, ResourceForm
from .models import NewsStory, Resource
from .queries import visible_news, visible_resources

CONTENT_TYPES = {"PDF": "application/pdf", "DOCX": "application/vnd.openxmlformats-officedocument.wordprocessingml"
                 ".document", "XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 "ODT": "application/vnd.oasis.opendocument.text", "TXT": "text/plain; charset=utf-8",
                 "JPEG": "image/jpeg", "PNG": "image/png"}


def _int(value, default=1):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


# ------------------------------------------------------------------ search
def search(request):
    q = request.GET.get("q", "").strip()[:200]
    kind = request.GET.get("type", "")
    country = request.GET.get("country", "")
    year = request.GET.get("year", "")
    result = search_engine.search(request.user, q, kind=kind, country=country, year=year,
                                  page=_int(request.GET.get("page")))
    params = request.GET.copy()
    params.pop("page", None)

    def link(**changes):
        p = params.copy()
        for key, value in changes.items():
            if value in (None, ""):
                p.pop(key, None)
            else:
                p[key] = value
        return "?" + p.urlencode()

    facets = {
        "type": [(v, label, n, link(type=v), str(v) == kind) for v, label, n in result.facets["type"]],
        "country": [(v, label, n, link(country=v), v == country.upper()) for v, label, n in result.facets["country"]],
        "year": [(v, label, n, link(year=v), str(v) == year) for v, label, n in result.facets["year"]],
    }
    ctx = {"q": q, "result": result, "facets": facets, "kind": kind, "country": country, "year": year,
           "clear": {"type": link(type=None), "country": link(country=None), "year": link(year=None)},
           "prev_link": link(page=result.page - 1) if result.page > 1 else "",
           "next_link": link(page=result.page + 1) if result.page < result.pages else ""}
    if request.htmx:
        return render(request, "knowledge/search.html#results", ctx)
    return render(request, "knowledge/search.html", ctx)


# ------------------------------------------------------------------ news
def news(request):
    page = Paginator(visible_news(request.user).prefetch_related("organisations"), 20).get_page(request.GET.get("page"))
    return render(request, "knowledge/news_list.html", {"page": page, "may_edit": can(request.user, "add", NewsStory)})


def news_detail(request, pk):
    story = visible_news(request.user).filter(pk=pk).first()
    if story is None:
        raise Http404(_("Not found."))
    return render(request, "knowledge/news_detail.html", {
        "story": story, "organisations": story.organisations.all(), "activities": story.activities.all(),
        "may_edit": can(request.user, "change", story)})


# ------------------------------------------------------------------ resources
def _resource_or_404(request, pk):
    resource = visible_resources(request.user).filter(pk=_int(pk, 0)).first()
    if resource is None:
        raise Http404(_("Not found."))
    return resource


def resource_list(request):
    form = ResourceFilterForm(request.GET or None)
    qs = visible_resources(request.user).prefetch_related("countries")
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            text = normalize(data["q"])
            cond = Q()
            for column in ("title", "title_zh_hans", "title_lo", "title_km", "title_id", "summary"):
                cond |= Q(**{f"{column}__icontains": data["q"].strip()})
            cond |= Q(extracted_text__icontains=text) | Q(extracted_text__icontains=compact(data["q"]))
            qs = qs.filter(cond)
        if data["kind"]:
            qs = qs.filter(kind=data["kind"])
        if data["country"]:
            qs = qs.filter(countries=data["country"].upper())
    page = Paginator(qs.order_by("-published", "title"), 25).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    ctx = {"form": form, "page": page, "querystring": params.urlencode(), "can_add": can(request.user, "add", Resource)}
    if request.htmx:
        return render(request, "knowledge/resource_list.html#results", ctx)
    return render(request, "knowledge/resource_list.html", ctx)


def resource_detail(request, pk):
    resource = _resource_or_404(request, pk)
    actions = allowed_actions(request.user, resource)
    return render(request, "knowledge/resource_detail.html", {
        "obj": resource, "actions": actions,
        "history": history_for(request.user, resource)[:10] if "history" in actions else None})


def resource_download(request, pk):
    resource = visible_resources(request.user).filter(pk=_int(pk, 0)).first()
    if resource is None:
        if not request.user.is_authenticated and Resource.objects.filter(pk=_int(pk, 0)).exists():
            return redirect_to_login(request.get_full_path())
        raise Http404(_("Not found."))
    if not resource.file:
        raise Http404(_("This resource has no file."))
    try:
        handle = resource.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404(_("The file is missing."))
    name = resource.file.name.rsplit("/", 1)[-1]
    content_type = CONTENT_TYPES.get(resource.file_type) or mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    response["Cache-Control"] = "private, no-store" if resource.access != Resource.Access.PUBLIC else "public, max-age=300"
    return response


_deny = deny  # sign-in for visitors, 403 for signed-in users


def resource_edit(request, pk=None):
    obj = None
    if pk is None:
        if not can(request.user, "add", Resource):
            return _deny(request)
    else:
        obj = _resource_or_404(request, pk)
        if not can(request.user, "change", obj):
            return _deny(request, _("You may not change this record."))
    if request.method == "POST":
        form = ResourceForm(request.POST, request.FILES, instance=obj, user=request.user)
        if form.is_valid():
            data = form.service_data()
            reason = request.POST.get("reason", "")[:1000]
            try:
                if obj is None:
                    saved = services.create_resource(request.user, data, reason)
                    messages.success(request, _("%(obj)s was created.") % {"obj": saved})
                else:
                    if "file" not in request.FILES and data.get("file") is not False:
                        data.pop("file", None)
                    saved = services.update_resource(request.user, obj.pk, data, form.cleaned_data.get("version"),
                                                     reason)
                    messages.success(request, _("%(obj)s was saved.") % {"obj": saved})
                return HttpResponseRedirect(reverse("knowledge:resource_detail", args=[saved.pk]))
            except (StaleEdit, LockedRecord) as exc:
                form.add_error(None, exc.message)
            except ValidationError as exc:
                _add_errors(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc) or _("You do not have permission to do this."))
        return render(request, "knowledge/resource_form.html", {"form": form, "obj": obj}, status=400)
    form = ResourceForm(instance=obj, user=request.user)
    return render(request, "knowledge/resource_form.html", {"form": form, "obj": obj})


def resource_delete(request, pk):
    obj = _resource_or_404(request, pk)
    if not can(request.user, "delete", obj):
        return _deny(request, _("You may not delete this record."))
    if request.method == "POST":
        try:
            services.delete_resource(request.user, obj.pk, request.POST.get("version"),
                                     request.POST.get("reason", "")[:1000])
        except (StaleEdit, LockedRecord) as exc:
            messages.error(request, exc.message)
            return render(request, "knowledge/resource_delete.html", {"obj": obj}, status=409)
        messages.success(request, _("%(obj)s was deleted.") % {"obj": obj})
        return HttpResponseRedirect(reverse("knowledge:resources"))
    return render(request, "knowledge/resource_delete.html", {"obj": obj})
