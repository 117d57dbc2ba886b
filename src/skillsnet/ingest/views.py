"""Ingest screens: paste or upload an article, then review the draft item by item (htmx per item; works
without JavaScript: every form posts and redirects back)."""
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

FIELD_LABELS = {
    "name": gettext_lazy("name"), "kind": gettext_lazy("kind"), "country": gettext_lazy("country code"),
    "acronym": gettext_lazy("acronym"), "title": gettext_lazy("title"), "organisation": gettext_lazy("organisation"),
    "start": gettext_lazy("start (YYYY, YYYY-MM or YYYY-MM-DD)"), "end": gettext_lazy("end"),
    "role": gettext_lazy("role"), "value": gettext_lazy("value"), "qualifier": gettext_lazy("qualifier"),
    "counted": gettext_lazy("what is counted"), "currency": gettext_lazy("currency"), "what": gettext_lazy("for what"),
    "code": gettext_lazy("area"), "record": gettext_lazy("record as (activity or agreement)"),
    "city": gettext_lazy("city"),
}
# section headings of the review page (otherwise the kind of item)
GROUP_LABELS = {"programme": gettext_lazy("Programmes")}

from skillsnet.accounts.permissions import can
from skillsnet.core.errors import StaleEdit
from skillsnet.core.views import _add_errors

from . import services
from .forms import ArticleForm
from .models import Article, DraftItem


def _require(request, action, model):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can(request.user, action, model):
        raise PermissionDenied(_("You do not have permission to do this."))
    return None


def article_list(request):
    denied = _require(request, "view", Article)
    if denied:
        return denied
    page = Paginator(Article.objects.for_user(request.user, "view"), 25).get_page(request.GET.get("page"))
    return render(request, "ingest/article_list.html", {"page": page, "can_add": can(request.user, "add", Article)})


def article_new(request):
    denied = _require(request, "add", Article)
    if denied:
        return denied
    form = ArticleForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            article = services.ingest_article(request.user, text=data["text"], file=data.get("file"),
                                              title=data["title"], source_url=data["source_url"],
                                              published=data["published"])
            messages.success(request, _("The article was read; review what it proposes."))
            return HttpResponseRedirect(reverse("ingest:review", args=[article.pk]))
        except ValidationError as exc:
            _add_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
    status = 400 if request.method == "POST" else 200
    return render(request, "ingest/article_new.html", {"form": form}, status=status)


def _article(request, pk):
    article = Article.objects.for_user(request.user, "view").filter(pk=pk).first()
    if article is None:
        raise Http404(_("Not found."))
    return article


def _item_context(item, user):
    from skillsnet.directory.models import Organisation

    fields = [(name, FIELD_LABELS.get(name, name), item.payload.get(name)) for name in services.EDITABLE.get(item.kind, ())
              if name not in ("action", "target", "target_id", "target_name", "subject_id")]
    return {"item": item, "fields": fields, "record": services.linked_record(item),
            "may_decide": item.is_open and can(user, "change", item),
            "kinds": Organisation.Kind.choices if item.kind == DraftItem.Kind.ORGANISATION else None}


def review(request, pk):
    denied = _require(request, "view", Article)
    if denied:
        return denied
    article = _article(request, pk)
    draft = getattr(article, "draft", None)
    groups = []
    if draft is not None:
        items = list(draft.items.all())
        for kind, label in DraftItem.Kind.choices:
            chosen = [_item_context(i, request.user) for i in items if i.kind == kind]
            if chosen:
                groups.append({"kind": kind, "label": GROUP_LABELS.get(kind, label), "items": chosen})
    return render(request, "ingest/review.html", {"article": article, "draft": draft, "groups": groups,
                                                  "pending": draft.items.filter(decision="pending").count()
                                                  if draft else 0})


def decide(request, pk):
    denied = _require(request, "view", DraftItem)
    if denied:
        return denied
    if request.method != "POST":
        raise Http404
    item = DraftItem.objects.for_user(request.user, "view").select_related("draft__article").filter(pk=pk).first()
    if item is None:
        raise Http404(_("Not found."))
    decision = request.POST.get("decision", "")
    changes = {}
    for name in services.EDITABLE.get(item.kind, ()):
        if name in request.POST:
            value = request.POST.get(name, "").strip()
            current = item.payload.get(name)
            if isinstance(current, (int, float)) and not isinstance(current, bool):
                try:
                    value = type(current)(value)
                except ValueError:
                    pass
            changes[name] = value
    choice = request.POST.get("proposal", "")
    possible = item.payload.get("possible_match") or {}
    if item.kind in (DraftItem.Kind.ORGANISATION, DraftItem.Kind.PROGRAMME) and choice:
        # a fuzzy registry match is linked only when the reviewer chooses it
        if choice == f"link:{possible.get('id')}":
            changes.update(action="link", target_id=possible["id"], target_name=possible.get("name", ""))
        elif choice == "create":
            changes.update(action="create", target_id=None)
    if item.kind == DraftItem.Kind.ACTIVITY and choice:
        if choice == "create":
            changes.update(action="create", target=None)
        else:
            target = next((c for c in item.payload.get("candidates") or []
                           if f"{c['model']}:{c['id']}" == choice), None)
            if target:
                changes.update(action="enrich", target=target)
    error = None
    try:
        item = services.decide_item(request.user, item.pk, decision, changes=changes,
                                    expected_version=request.POST.get("version") or None,
                                    reason=request.POST.get("reason", "")[:1000])
    except (ValidationError, PermissionDenied, StaleEdit) as exc:
        error = getattr(exc, "message", None) if isinstance(exc, StaleEdit) else \
            " ".join(getattr(exc, "messages", [str(exc)]))
        item.refresh_from_db()
    if request.htmx:
        ctx = _item_context(item, request.user)
        ctx["error"] = error
        return render(request, "ingest/review.html#item", ctx, status=400 if error else 200)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("%(item)s: %(decision)s.") % {"item": item, "decision": item.get_decision_display()})
    return HttpResponseRedirect(reverse("ingest:review", args=[item.draft.article_id]) + f"#item-{item.pk}")
