"""Generic list / detail / edit / delete / history views and exports, reused by every registered model (imports:
core.import_views)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.views import View

from .scoping import allowed_actions, can

from . import importer, services
from . import privacy
from .errors import LockedRecord, StaleEdit
from .services import NotFound
from .filters import filterset_for
from .forms import form_for
from .pagination import list_page
from .registry import REGISTRY
from .tabular import write_csv, write_xlsx

PAGE_SIZE = 25
PANEL_ROWS = 50


def panel_count(qs, items):
    """The rows of a detail page's panel: counted only when the first PANEL_ROWS did not hold them all."""
    return len(items) if len(items) < PANEL_ROWS else qs.count()


def _cached(config, key, factory):
    cache = config.__dict__.setdefault("_cache", {})
    if key not in cache:
        cache[key] = factory(config)
    return cache[key]


def filterset_class(config):
    return _cached(config, "filterset", filterset_for)


def form_class(config):
    return _cached(config, "form", form_for)


def with_related(config, qs, join=True):
    """The related records a page shows, joined (one record, a whole export) or fetched afterwards for the page's
    rows only (a list page: the database sorts and cuts the bare table by its indexes, then reads the
    related rows of those rows, instead of joining every matching row before the sort)."""
    if config.select_related:
        qs = qs.select_related(*config.select_related) if join else qs.prefetch_related(*config.select_related)
    if config.prefetch_related:
        qs = qs.prefetch_related(*config.prefetch_related)
    return qs


def visible_queryset(config, user, action="view"):
    return with_related(config, config.model._default_manager.for_user(user, action))


def deny(request, message=None):
    """Send a visitor to sign in; refuse a signed-in user (403) with a message."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    raise PermissionDenied(message or _("You do not have permission to see or do this."))


def run_service(request, action, success):
    """Call a service from a view: its result, with `success` (a text, or a function of the result) as a
    message; or None with the service's refusal (stale edit, locked, invalid, not allowed) as the message."""
    try:
        result = action()
    except NotFound:
        raise Http404(_("Not found."))
    except (StaleEdit, LockedRecord) as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("You may not change this record."))
    else:
        messages.success(request, success(result) if callable(success) else success)
        return result
    return None


class ConfigView(View):
    config = None

    def deny(self, request, message=None):
        return deny(request, message)

    def get_object(self, request, pk):
        try:
            return visible_queryset(self.config, request.user).get(pk=pk)
        except (self.config.model.DoesNotExist, ValueError, ValidationError):
            raise Http404(_("Not found."))

    def context(self, **extra):
        return {"config": self.config, "opts": self.config.model._meta, **extra}


class ObjectListView(ConfigView):
    template_name = "core/list.html"

    def get(self, request):
        config = self.config
        if not can(request.user, "view", config.model):
            return self.deny(request)
        qs = config.model._default_manager.for_user(request.user, "view")
        filterset = filterset_class(config)(request.GET or None, queryset=qs, request=request)
        if filterset.is_bound and not filterset.is_valid():
            qs = qs.none()
        else:
            qs = filterset.qs
        export = request.GET.get("export")
        if export in ("csv", "xlsx"):
            return self.export(request, with_related(config, qs), export)
        qs = with_related(config, qs, join=False)
        try:
            per_page = max(5, min(int(request.GET.get("page_size", PAGE_SIZE)), 200))
        except ValueError:
            per_page = PAGE_SIZE
        page = list_page(request, qs, per_page)
        params = request.GET.copy()
        params.pop("page", None)
        ctx = self.context(
            filterset=filterset, page=page, columns=config.list_columns, querystring=params.urlencode(),
            can_add=can(request.user, "add", config.model) and not config.readonly,
            sort=request.GET.get("sort", ""),
        )
        if request.htmx:
            return render(request, f"{self.template_name}#results", ctx)
        return render(request, self.template_name, ctx)

    def export(self, request, qs, fmt):
        header, rows = importer.export_rows(self.config.model, qs)
        rows = privacy.shown_rows(request.user, self.config.model, header, qs, rows)
        name = self.config.slug
        if fmt == "csv":
            response = HttpResponse(write_csv(header, rows), content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(write_xlsx(header, rows, title=name),
                                    content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
        return response


def _with_linked(qs, columns):
    """A panel's rows with the records its columns link to (a membership's network) read in the same query, not
    one query per row when the cell is written."""
    linked = []
    for name in columns:
        try:
            field = qs.model._meta.get_field(name)
        except Exception:  # noqa: BLE001 (a method or property column)
            continue
        if field.concrete and (field.many_to_one or field.one_to_one):
            linked.append(name)
    return qs.select_related(*linked) if linked else qs


class ObjectDetailView(ConfigView):
    template_name = "core/detail.html"

    def get(self, request, pk):
        config = self.config
        obj = self.get_object(request, pk)
        panels = []
        for panel in config.panels:
            if not can(request.user, "view", panel.model):
                continue
            sub = REGISTRY.get(panel.model)
            columns = panel.columns or (sub.list_columns if sub else ["__str__"])
            qs = panel.queryset(obj, request.user) if panel.queryset else \
                _with_linked(panel.model._default_manager.for_user(request.user, "view")
                             .filter(**{panel.lookup: obj}), columns)
            items = list(qs[:PANEL_ROWS])
            panels.append({"panel": panel, "items": items, "count": panel_count(qs, items), "config": sub,
                           "columns": columns,
                           "add_url": (sub.url("add") + f"?{panel.lookup}={obj.pk}")
                           if sub and not sub.readonly and panel.lookup and can(request.user, "add", panel.model) else ""})
        actions = allowed_actions(request.user, obj)
        ctx = self.context(obj=obj, panels=panels, actions=actions,
                           history=privacy.history_for(request.user, obj)[:10] if "history" in actions else None,
                           fields=config.fields)
        return render(request, config.detail_template or self.template_name, ctx)


class ObjectHistoryView(ConfigView):
    template_name = "core/history.html"

    def get(self, request, pk):
        obj = self.get_object(request, pk)
        if not can(request.user, "history", obj):
            return self.deny(request)
        page = Paginator(privacy.history_for(request.user, obj), 50).get_page(request.GET.get("page"))
        return render(request, self.template_name, self.context(obj=obj, page=page))


class ObjectEditView(ConfigView):
    template_name = "core/form.html"

    def get_instance(self, request, pk):
        if pk is None:
            if not can(request.user, "add", self.config.model) or self.config.readonly:
                return None, self.deny(request)
            return self.config.model(), None
        obj = self.get_object(request, pk)
        if not can(request.user, "change", obj) or self.config.readonly:
            return None, self.deny(request, _("You may not change this record."))
        return obj, None

    def get(self, request, pk=None):
        obj, denied = self.get_instance(request, pk)
        if denied:
            return denied
        initial = {k: v for k, v in request.GET.items() if k in self.config.fields} if pk is None else None
        form = form_class(self.config)(instance=obj, initial=initial, user=request.user)
        return render(request, self.template_name, self.context(form=form, obj=obj if pk else None))

    def post(self, request, pk=None):
        obj, denied = self.get_instance(request, pk)
        if denied:
            return denied
        form = form_class(self.config)(request.POST, request.FILES, instance=obj, user=request.user)
        if form.is_valid():
            data = form.service_data()
            reason = request.POST.get("reason", "")[:1000]
            config = self.config
            try:
                if pk is None:
                    create = config.create or (lambda a, d, r: services.create_object(a, config.model, d, reason=r))
                    saved = create(request.user, data, reason)
                    messages.success(request, _("%(obj)s was created.") % {"obj": privacy.record_label(request.user, saved)})
                else:
                    update = config.update or (lambda a, p, c, v, r: services.update_object(
                        a, config.model, p, c, expected_version=v, reason=r))
                    saved = update(request.user, pk, data, form.cleaned_data.get("version"), reason)
                    messages.success(request, _("%(obj)s was saved.") % {"obj": privacy.record_label(request.user, saved)})
                return HttpResponseRedirect(config.url("detail", saved))
            except StaleEdit as exc:
                form.add_error(None, exc.message)
            except LockedRecord as exc:
                form.add_error(None, exc.message)
            except ValidationError as exc:
                _add_errors(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc) or _("You do not have permission to do this."))
        return render(request, self.template_name, self.context(form=form, obj=obj if pk else None), status=400)


def _add_errors(form, exc):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            target = field if field in form.fields else None
            for message in errors:
                form.add_error(target, message if target else f"{field}: {message}" if field != "__all__" else message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


class ObjectDeleteView(ConfigView):
    template_name = "core/confirm_delete.html"

    def check(self, request, pk):
        obj = self.get_object(request, pk)
        if not can(request.user, "delete", obj) or self.config.readonly:
            return obj, self.deny(request, _("You may not delete this record."))
        return obj, None

    def get(self, request, pk):
        obj, denied = self.check(request, pk)
        return denied or render(request, self.template_name, self.context(obj=obj))

    def post(self, request, pk):
        obj, denied = self.check(request, pk)
        if denied:
            return denied
        config = self.config
        try:
            delete = config.delete or (lambda a, p, v, r: services.delete_object(
                a, config.model, p, expected_version=v, reason=r))
            delete(request.user, pk, request.POST.get("version"), request.POST.get("reason", "")[:1000])
        except (StaleEdit, LockedRecord) as exc:
            messages.error(request, exc.message)
            return render(request, self.template_name, self.context(obj=obj), status=409)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return render(request, self.template_name, self.context(obj=obj), status=400)
        messages.success(request, _("%(obj)s was deleted.") % {"obj": privacy.record_label(request.user, obj)})
        return HttpResponseRedirect(config.url("list"))


def urls_for(config):
    base = config.url_base
    prefix = f"{config.model._meta.app_label}/{config.slug}/"
    kw = {"config": config}
    patterns = [
        path(prefix, ObjectListView.as_view(**kw), name=f"{base}_list"),
        path(f"{prefix}<str:pk>/", ObjectDetailView.as_view(**kw), name=f"{base}_detail"),
        path(f"{prefix}<str:pk>/history/", ObjectHistoryView.as_view(**kw), name=f"{base}_history"),
    ]
    if not config.readonly:
        patterns += [
            path(f"{prefix}add/", ObjectEditView.as_view(**kw), name=f"{base}_add"),
            path(f"{prefix}<str:pk>/edit/", ObjectEditView.as_view(**kw), name=f"{base}_edit"),
            path(f"{prefix}<str:pk>/delete/", ObjectDeleteView.as_view(**kw), name=f"{base}_delete"),
        ]
    # "add/" must win over "<pk>/" ("import/" and its steps: core.import_views, routed before these)
    patterns.sort(key=lambda p: "<" in str(p.pattern))
    return patterns


def all_urls():
    patterns = []
    for config in REGISTRY.values():
        patterns += urls_for(config)
    return patterns
