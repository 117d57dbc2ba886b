"""The import screens of every registered model: upload → column mapping (confirm or edit) → preview (what each
row will do, and why) → commit; and the job pages. A large file (more rows than `background_rows()`) is
previewed and committed by background jobs: the dry-run job's page shows its progress, then the same preview.
An import on its way is kept for its uploader (core.models.ImportDraft), not in the session: it can be taken up
again after signing in anew or from another device, from the upload page's list."""
import datetime
import math
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from skillsnet.core.scoping import can

from . import imports_spec as spec
from . import importer, jobs
from .changelog import change_context
from .models import ColumnMapping, ImportDraft
from .registry import REGISTRY

SAMPLE_ROWS = 3
LISTED_DRAFTS = 10  # unfinished imports listed on the upload page


def drafts_of(user, model_label=None):
    """The imports `user` uploaded and has not finished, newest first, that are still kept (jobs.UPLOAD_DAYS)."""
    if not user.is_authenticated:
        return ImportDraft.objects.none()
    cutoff = timezone.now() - datetime.timedelta(days=jobs.UPLOAD_DAYS)
    found = ImportDraft.objects.filter(owner=user, created_at__gte=cutoff)
    return found.filter(model_label=model_label) if model_label else found


def draft_entry(user, token, model_label):
    """The state of `user`'s own import `token` of that record type, or None (someone else's, another type's,
    finished or too old)."""
    draft = drafts_of(user, model_label).filter(token=token).only("entry").first()
    return draft.entry if draft else None


def background_rows():
    return int(getattr(settings, "SKILLSNET_IMPORT_BACKGROUND_ROWS", 2000))


def _deny(request):
    from .views import deny

    return deny(request)


class ImportView(View):
    config = None

    def allowed(self, request):
        model = self.config.model
        return can(request.user, "add", model) or can(request.user, "change", model)

    def dispatch(self, request, *args, **kwargs):
        if not self.allowed(request):
            return _deny(request)
        return super().dispatch(request, *args, **kwargs)

    def context(self, **extra):
        return {"config": self.config, "opts": self.config.model._meta, "upload_days": jobs.UPLOAD_DAYS, **extra}

    def url(self, name, token=None):
        base = self.config.url_base
        return reverse(f"{base}_{name}", args=[token] if token else [])

    # the user's own import on its way (core.models.ImportDraft)
    def stored(self, request, token):
        entry = draft_entry(request.user, token, self.config.model._meta.label_lower)
        if not entry or not Path(entry["path"]).exists():
            raise Http404(_("This import has expired; upload the file again."))
        return entry

    def remember(self, request, token, entry):
        ImportDraft.objects.update_or_create(token=token, owner=request.user, defaults={
            "model_label": self.config.model._meta.label_lower, "entry": entry})

    def forget(self, request, token):
        ImportDraft.objects.filter(token=token, owner=request.user).delete()


class UploadView(ImportView):
    template_name = "core/imports/upload.html"

    def sources(self):
        return list(ColumnMapping.objects.filter(model_label=self.config.model._meta.label_lower)
                    .exclude(source="").values_list("source", flat=True))

    def unfinished(self, request):
        """The user's imports of this record type left at the columns or the preview, to take up again."""
        out = []
        for draft in drafts_of(request.user, self.config.model._meta.label_lower)[:LISTED_DRAFTS]:
            entry = draft.entry
            if not Path(entry.get("path", "")).exists():
                continue
            job = entry.get("preview_job")
            out.append({"filename": entry.get("filename", ""), "rows": entry.get("rows"), "when": draft.created_at,
                        "url": preview_url(self.config, draft.token, job) if job else self.url("import_map",
                                                                                               draft.token),
                        "previewed": bool(job or entry.get("expected") is not None)})
        return out

    def get(self, request):
        fields = [label for _name, label in spec.field_choices(self.config.model)]
        return render(request, self.template_name, self.context(fields=fields, sources=self.sources(),
                                                                unfinished=self.unfinished(request)))

    def post(self, request):
        fields = [label for _name, label in spec.field_choices(self.config.model)]
        ctx = self.context(fields=fields, sources=self.sources())
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Choose a CSV or XLSX file."))
            return render(request, self.template_name, ctx, status=400)
        if upload.size > settings.SKILLSNET_MAX_UPLOAD_BYTES:
            messages.error(request, _("The file is too large (at most %(mb)s MB).")
                           % {"mb": math.floor(settings.SKILLSNET_MAX_UPLOAD_BYTES / 1024 / 1024)})
            return render(request, self.template_name, ctx, status=400)
        data = upload.read()
        try:
            header, rows = importer.read_upload(data, upload.name)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return render(request, self.template_name, ctx, status=400)
        token = uuid.uuid4().hex
        stored = jobs.store_upload(data, upload.name)
        source = request.POST.get("source", "").strip()[:200]
        self.remember(request, token, {"path": str(stored), "filename": upload.name, "source": source,
                                       "model": self.config.model._meta.label_lower, "rows": len(rows),
                                       "header": ["" if h is None else str(h) for h in header],
                                       "samples": _samples(header, rows)})
        return HttpResponseRedirect(self.url("import_map", token))


def _samples(header, rows):
    """The first values of each column, as the mapping page shows them: [[text, ...] for each column]."""
    return [[str(r[i]) if i < len(r) and r[i] is not None else "" for r in rows[:SAMPLE_ROWS]]
            for i in range(len(header))]


class MappingView(ImportView):
    """Confirm or edit the proposed mapping; posting it runs the dry run and shows the preview."""
    template_name = "core/imports/mapping.html"
    preview_template = "core/imports/preview.html"

    def read(self, entry):
        return importer.read_upload(Path(entry["path"]).read_bytes(), entry["filename"])

    def get(self, request, token):
        entry = self.stored(request, token)
        if "samples" in entry:  # kept at upload: a large file is not read again
            header, samples = entry["header"], entry["samples"]
        else:
            header, rows = self.read(entry)
            samples = _samples(header, rows)
        mapping = entry.get("mapping")
        mapping = {int(k): v for k, v in mapping.items()} if mapping else importer.propose(
            request.user, self.config.model, header, entry.get("source", ""))
        columns = [{"index": i, "header": h, "field": mapping.get(i, ""), "samples": samples[i]}
                   for i, h in enumerate(header)]
        return render(request, self.template_name, self.context(
            token=token, entry=entry, columns=columns, choices=spec.field_choices(self.config.model),
            saved=bool(importer.saved_mapping(self.config.model, entry.get("source", "")))))

    def post(self, request, token):
        entry = self.stored(request, token)
        # the header read at upload spares reading a large file again in the request
        header = entry["header"] if "header" in entry else self.read(entry)[0]
        allowed = {name for name, _label in spec.field_choices(self.config.model)}
        mapping = {}
        for i in range(len(header)):
            value = request.POST.get(f"map_{i}", "")
            mapping[i] = value if value in allowed else ""
        if entry.get("source") or request.POST.get("source"):
            entry["source"] = (request.POST.get("source") or entry.get("source", "")).strip()[:200]
            importer.save_mapping(request.user, self.config.model, header, mapping, entry["source"])
        entry["mapping"] = {str(k): v for k, v in mapping.items()}
        if entry.get("rows", 0) > background_rows():
            # a large file: the dry run is a background job; its page shows the progress, then the preview
            job = jobs.start_import(request.user, self.config.model, None, entry["filename"], mapping=mapping,
                                    commit=False, path=entry["path"])
            entry["preview_job"] = job.pk
            entry.pop("expected", None)
            self.remember(request, token, entry)
            return HttpResponseRedirect(preview_url(self.config, token, job.pk))
        entry.pop("preview_job", None)
        result = importer.run_import(request.user, self.config.model, Path(entry["path"]).read_bytes(),
                                     entry["filename"], mapping=mapping)
        entry["expected"] = {str(k): v for k, v in result.expected().items()}
        self.remember(request, token, entry)
        return render(request, self.preview_template, self.context(
            token=token, entry=entry, result=result, rows=_preview_rows(result)),
            status=200 if result.ok else 400)


def _preview_rows(result, limit=jobs.PREVIEW_ROWS):
    """The rows worth showing: every row that is not unchanged (at most `limit`)."""
    return jobs.preview_rows(result.rows, limit)


def preview_url(config, token, job_id):
    return reverse(f"{config.url_base}_import_preview", args=[token, job_id])


class PreviewView(ImportView):
    """The dry run of a large file: its job's progress (htmx polling) until it is done, then the preview, from
    which the user commits as after an inline dry run. Only the job's owner (or the secretariat) sees it."""
    template_name = "core/imports/dry_run.html"
    preview_template = "core/imports/preview.html"

    def get(self, request, token, job):
        entry = draft_entry(request.user, token, self.config.model._meta.label_lower)
        if not entry:
            return self.expired(request, 404)
        found = jobs.visible_jobs(request.user).filter(pk=job, kind="import").first()
        if found is None or found.params.get("path") != entry["path"] or found.params.get("commit"):
            raise Http404(_("Not found."))
        if entry.get("preview_job") and entry["preview_job"] != found.pk:
            # the columns were changed since: the newer dry run is the one to commit from
            return HttpResponseRedirect(preview_url(self.config, token, entry["preview_job"]))
        if not Path(entry["path"]).exists():
            return self.expired(request, 410)
        here = preview_url(self.config, token, found.pk)
        if request.headers.get("HX-Request"):
            response = render(request, "core/jobs/_progress.html", {
                "job": found, "poll_url": here, "errors": [jobs.error_text(e) for e in found.errors[:1000]]})
            if found.finished:
                response["HX-Redirect"] = here  # the whole page: the preview
            return response
        if not found.finished:
            return render(request, self.template_name, self.context(token=token, entry=entry, job=found,
                                                                    poll_url=here))
        result = jobs.dry_run_preview(found)
        return render(request, self.preview_template, self.context(
            token=token, entry=entry, result=result, rows=result.rows, job=found),
            status=200 if result.ok else 400)

    def expired(self, request, status):
        response = render(request, "core/imports/expired.html", self.context(), status=status)
        if request.headers.get("HX-Request"):
            response["HX-Redirect"] = request.path  # polled: the whole page says so
        return response


class CommitView(ImportView):
    preview_template = "core/imports/preview.html"

    def post(self, request, token):
        entry = self.stored(request, token)
        model = self.config.model
        if "mapping" not in entry:
            return HttpResponseRedirect(self.url("import_map", token))
        decisions = {}
        for key, value in request.POST.items():
            if key.startswith("decide_") and key[7:].isdigit() and value in ("create", "update", "skip"):
                decisions[int(key[7:])] = value
        mapping = {int(k): v for k, v in entry["mapping"].items()}
        expected = entry.get("expected") or {}
        reason = request.POST.get("reason", "")[:1000]
        if entry.get("preview_job"):
            # previewed by a background job: commit from that job's preview only, once it is kept
            dry = jobs.visible_jobs(request.user).filter(pk=entry["preview_job"]).first()
            posted = request.POST.get("job", "")
            if dry is None:
                return HttpResponseRedirect(self.url("import_map", token))
            if posted and posted != str(dry.pk):
                messages.warning(request, _("The columns were changed since that preview: check this one."))
                return HttpResponseRedirect(preview_url(self.config, token, dry.pk))
            if not dry.finished or not jobs.has_preview(dry):
                if not dry.finished:
                    messages.info(request, _("The preview is not ready yet."))
                return HttpResponseRedirect(preview_url(self.config, token, dry.pk))
            job = jobs.start_import(request.user, model, None, entry["filename"], mapping=mapping,
                                    decisions=decisions, expected_from=dry.pk, commit=True, reason=reason,
                                    path=entry["path"])
            self.forget(request, token)
            return HttpResponseRedirect(reverse("job_detail", args=[job.pk]))
        if entry.get("rows", 0) > background_rows():
            job = jobs.start_import(request.user, model, None, entry["filename"], mapping=mapping,
                                    decisions=decisions, expected=expected, commit=True, reason=reason,
                                    path=entry["path"])
            self.forget(request, token)
            return HttpResponseRedirect(reverse("job_detail", args=[job.pk]))
        with change_context("import"):
            result = importer.run_import(request.user, model, Path(entry["path"]).read_bytes(), entry["filename"],
                                         commit=True, mapping=mapping, decisions=decisions, expected=expected,
                                         reason=reason)
        if result.committed:
            jobs.discard_upload(entry["path"])
            self.forget(request, token)
            messages.success(request, _("Import done: %(create)s created, %(update)s updated, "
                                        "%(unchanged)s unchanged.") % result.summary)
            for note in result.notes:
                messages.warning(request, note)
            return HttpResponseRedirect(self.config.url("list"))
        return render(request, self.preview_template, self.context(
            token=token, entry=entry, result=result, rows=_preview_rows(result), decisions=decisions), status=400)


# ---------------------------------------------------------------- jobs
class JobListView(View):
    def get(self, request):
        if not request.user.is_authenticated:
            return _deny(request)
        return render(request, "core/jobs/list.html", {"jobs": jobs.visible_jobs(request.user)[:100]})


class JobDetailView(View):
    def get(self, request, pk):
        if not request.user.is_authenticated:
            return _deny(request)
        job = jobs.visible_jobs(request.user).filter(pk=pk).first()
        if job is None:
            raise Http404(_("Not found."))
        template = "core/jobs/_progress.html" if request.headers.get("HX-Request") else "core/jobs/detail.html"
        errors = [jobs.error_text(e) for e in job.errors[:1000]]
        return render(request, template, {"job": job, "errors": errors, "preview": _preview_of(request, job)})


def _preview_of(request, job):
    """The address of a dry-run job's preview, when the user holds the import it previews (their own)."""
    if job.kind != "import" or job.params.get("commit"):
        return ""
    for draft in drafts_of(request.user).only("token", "model_label", "entry"):
        if draft.entry.get("preview_job") == job.pk:
            config = next((c for c in REGISTRY.values() if c.model._meta.label_lower == draft.model_label), None)
            return preview_url(config, draft.token, job.pk) if config else ""
    return ""


def urls():
    patterns = [path("background-jobs/", JobListView.as_view(), name="job_list"),
                path("background-jobs/<int:pk>/", JobDetailView.as_view(), name="job_detail")]
    for config in REGISTRY.values():
        if config.readonly or not config.importable:
            continue
        base = config.url_base
        prefix = f"{config.model._meta.app_label}/{config.slug}/import/"
        kw = {"config": config}
        patterns += [
            path(prefix, UploadView.as_view(**kw), name=f"{base}_import"),
            path(f"{prefix}<str:token>/", MappingView.as_view(**kw), name=f"{base}_import_map"),
            path(f"{prefix}<str:token>/commit/", CommitView.as_view(**kw), name=f"{base}_import_commit"),
            path(f"{prefix}<str:token>/preview/<int:job>/", PreviewView.as_view(**kw), name=f"{base}_import_preview"),
        ]
    return patterns
