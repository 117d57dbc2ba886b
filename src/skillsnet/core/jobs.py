"""Background jobs: large imports, reports, bulk credential issuance, re-indexing.

A job is a `core.Job` row (what, who, progress, result, errors) plus one django-tasks task that runs it; the
database backend queues tasks and `skillsnet worker` runs them. Tasks take ids, never objects. A kind of job is
a function `(job, progress) -> result dict` registered with `register`; `progress(done, total, stage)` writes
the job's progress (at most a few times a second) for the job page (htmx polling) and the CLI (rich progress).

    job = jobs.start(user, "reindex", _("Rebuild the search index"), {})
"""
import datetime
import json
import time
import traceback
import uuid
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from .models import ImportDraft, Job
from .scoping import is_admin

KINDS = {}


def register(kind, function):
    KINDS[kind] = function


def start(user, kind, title, params):
    """Queue a job; returns the Job (already finished when tasks run immediately)."""
    if kind not in KINDS:
        raise ValueError(f"unknown job kind {kind}")
    job = Job.objects.create(kind=kind, title=str(title)[:300], owner=user if getattr(user, "pk", None) else None,
                             params=params)
    result = run_job.enqueue(job.pk)
    Job.objects.filter(pk=job.pk, task_id="").update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def visible_jobs(user):
    """A user's own jobs; the secretariat (superusers) see every job."""
    qs = Job.objects.all()
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    return qs if is_admin(user) else qs.filter(owner=user)


class _Progress:
    def __init__(self, job_id):
        self.job_id, self.last = job_id, 0.0

    def __call__(self, done, total, stage=""):
        now = time.monotonic()
        if now - self.last < 0.3 and done < total:
            return
        self.last = now
        Job.objects.filter(pk=self.job_id).update(done=min(done, total) if total else done, total=total,
                                                  stage=str(stage)[:200])


@task()
def run_job(job_id):
    job = Job.objects.get(pk=job_id)
    if job.finished:
        return job.status
    Job.objects.filter(pk=job_id).update(status=Job.Status.RUNNING, started_at=timezone.now())
    function = KINDS[job.kind]
    try:
        result, errors = function(job, _Progress(job_id))
        status = Job.Status.FAILED if errors else Job.Status.DONE
    except Exception as exc:  # noqa: BLE001 - a failed job says why on its page
        result, errors, status = {}, [{"reason": _failure_reason(job, exc)}], Job.Status.FAILED
        traceback.print_exc()
    Job.objects.filter(pk=job_id).update(status=status, result=result, errors=errors, finished_at=timezone.now())
    return status


def _failure_reason(job, exc):
    """Why a job stopped, for its page: a write that lost to another writer's locks (core.retry) in words, in the
    language of the one who started it; anything else as the error itself."""
    from .retry import is_transient_conflict

    if not is_transient_conflict(exc):
        return f"{type(exc).__name__}: {exc}"
    with translation.override((job.params or {}).get("language") or settings.LANGUAGE_CODE):
        return _("The database was busy with another write to the same records, so the job stopped; the write it "
                 "was making was undone. Start it again.")


def error_text(error):
    if error.get("row"):
        text = _("row %(row)s, column %(column)s: %(reason)s") % {
            "row": error["row"], "column": error.get("column") or "—", "reason": error.get("reason", "")}
    else:
        text = error.get("reason", "")
    if error.get("suggestion"):
        text += " " + error["suggestion"]
    return text


def follow(job, stdout, poll=0.5, timeout=None):
    """Show a job's progress in the terminal (rich progress bar) until it finishes; returns the job."""
    from rich.progress import Progress

    started = time.monotonic()
    waiting_said = False
    with Progress(transient=True, disable=not getattr(stdout, "isatty", lambda: False)()) as bar:
        task_id = bar.add_task(_("queued"), total=1)
        while True:
            job.refresh_from_db()
            bar.update(task_id, completed=job.done, total=job.total or 1, description=job.stage or job.status)
            if job.finished:
                break
            if job.status == Job.Status.QUEUED and not waiting_said and time.monotonic() - started > 3:
                stdout.write(_("Waiting for a worker (start one with: skillsnet worker)."))
                waiting_said = True
            if timeout and time.monotonic() - started > timeout:
                break
            time.sleep(poll)
    return job


# ---------------------------------------------------------------- imports as jobs
def _upload_dir():
    path = Path(settings.DATA_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


UPLOAD_DAYS = 7  # an upload nobody committed (and its previews) is deleted after this many days


def store_upload(data, filename):
    suffix = ".xlsx" if filename.lower().endswith(".xlsx") else ".csv"
    purge_stale_uploads()
    path = _upload_dir() / f"{uuid.uuid4().hex}{suffix}"
    path.write_bytes(data)
    return path


def purge_stale_uploads(days=None, now=None):
    """Delete uploads (and the previews kept next to them) older than `days` that no queued or running job
    still reads: imports left at the preview and never committed. Returns how many uploads went."""
    days = UPLOAD_DAYS if days is None else days
    cutoff = (now or time.time()) - days * 86400
    folder = _upload_dir()
    in_use = {str(Path(p)) for p in Job.objects.filter(status__in=[Job.Status.QUEUED, Job.Status.RUNNING])
              .values_list("params__path", flat=True) if p}
    gone = 0
    for path in folder.iterdir():
        if path.suffix not in (".csv", ".xlsx") or str(path) in in_use:
            continue
        try:
            stale = path.stat().st_mtime < cutoff
        except OSError:
            continue
        if stale:
            discard_upload(path)
            gone += 1
    # the imports on their way that these uploads were (core.models.ImportDraft) go with them
    ImportDraft.objects.filter(created_at__lt=datetime.datetime.fromtimestamp(cutoff, tz=datetime.timezone.utc)).delete()
    uploads = {path.stem for path in folder.iterdir() if path.suffix in (".csv", ".xlsx")}
    for kept in folder.glob("*.json"):  # previews whose upload is gone
        if kept.name.split(".", 1)[0] in uploads:
            continue
        try:
            if kept.stat().st_mtime < cutoff:
                kept.unlink(missing_ok=True)
        except OSError:
            pass
    return gone


def discard_upload(path):
    """Delete an upload and the dry-run previews kept next to it."""
    path = Path(path)
    path.unlink(missing_ok=True)
    for pattern in (f"{path.stem}.preview-*.json", f"{path.stem}.expected-*.json"):
        for kept in path.parent.glob(pattern):
            kept.unlink(missing_ok=True)


def preview_path(upload, job_id):
    """Where a dry-run job keeps what its preview shows: a JSON file next to the upload."""
    upload = Path(upload)
    return upload.with_name(f"{upload.stem}.preview-{int(job_id)}.json")


def expected_path(upload, job_id):
    """Where a dry-run job keeps what the commit is to hold to, {row: [action, pk, version]} for every row (apart
    from the preview, which need not read it)."""
    upload = Path(upload)
    return upload.with_name(f"{upload.stem}.expected-{int(job_id)}.json")


def start_import(user, model, data, filename, *, mapping=None, decisions=None, expected=None, commit=True,
                 reason="", source=None, path=None, expected_from=None):
    """Queue an import (commit) or a dry run (commit=False) of a file. A dry run keeps its preview (the rows
    worth showing and what the commit is to hold to) for `dry_run_preview`; a commit holds to `expected`, or to
    the one a dry-run job kept (`expected_from`: that job's id), so that a large map need not sit in the job row."""
    path = Path(path) if path else store_upload(data, filename)
    params = {"model": model._meta.label_lower, "path": str(path), "filename": filename,
              "mapping": {str(k): v for k, v in (mapping or {}).items()} if mapping is not None else None,
              "decisions": {str(k): v for k, v in (decisions or {}).items()},
              "expected": {str(k): v for k, v in expected.items()} if expected is not None else None,
              "commit": commit, "reason": reason, "source": source,
              "language": translation.get_language() or settings.LANGUAGE_CODE}
    if expected_from is not None:
        params["expected_from"] = int(expected_from)
    title = (_("Import of %(file)s into %(what)s") if commit else _("Dry run of %(file)s into %(what)s")) % {
        "file": filename, "what": model._meta.verbose_name_plural}
    return start(user, "import", title, params)


def _import_job(job, progress):
    from django.apps import apps

    from . import importer
    from .changelog import change_context

    p = job.params
    model = apps.get_model(p["model"])
    path = Path(p["path"])
    # the job speaks the language of the one who started it (its errors, its preview's reasons)
    with translation.override(p.get("language") or settings.LANGUAGE_CODE):
        if not path.exists():
            return {}, [{"reason": _("The uploaded file is gone; upload it again.")}]
        expected = p.get("expected")
        if p.get("expected_from") is not None:
            expected = _read_json(expected_path(path, p["expected_from"]))
            if expected is None:
                return {}, [{"reason": _("The preview of this file is gone; preview it again.")}]
        with change_context("import", f"job-{job.pk}"):
            result = importer.run_import(job.owner, model, path.read_bytes(), p["filename"], commit=p["commit"],
                                         reason=p.get("reason") or "", mapping=p.get("mapping"),
                                         decisions=p.get("decisions"), expected=expected, progress=progress,
                                         source=p.get("source") if p.get("mapping") is None else None)
        if result.committed:
            discard_upload(path)
        elif not p["commit"]:
            _write_preview(result, path, job.pk)
    data = result.as_dict()
    data["seconds"] = round(result.seconds, 2)
    data["rows_per_second"] = round(len(result.rows) / result.seconds) if result.seconds else None
    return data, data.pop("errors")


register("import", _import_job)


# ---------------------------------------------------------------- the preview of a dry-run job
PREVIEW_ROWS = 500


def preview_rows(rows, limit=PREVIEW_ROWS):
    """The rows worth showing: every row that is not unchanged (at most `limit`)."""
    return [r for r in rows if r.action != "unchanged"][:limit]


def _text(value):
    return "" if value is None else str(value)


def _row_data(plan):
    data = {"row": plan.row, "action": plan.action, "match_label": _text(plan.match_label),
            "matched": _text(plan.matched), "score": None if plan.score is None else float(plan.score),
            "reason": _text(plan.reason)}
    if plan.action == "create":
        data["changes"] = [str(name) for name in plan.changes]
    else:
        data["diff"] = [[_text(name), _text(before), _text(after)] for name, before, after in plan.diff]
    return data


def _write_json(data, target):
    partial = target.with_name(target.name + ".part")
    partial.write_text(json.dumps(data, default=str), encoding="utf-8")
    partial.replace(target)


def _read_json(source):
    try:
        return json.loads(source.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _write_preview(result, upload, job_id):
    """Keep what the preview page shows, then what the commit holds to ({row: [action, pk, version]})."""
    _write_json({str(k): v for k, v in result.expected().items()}, expected_path(upload, job_id))
    _write_json({"summary": result.summary, "ignored": [str(h) for h in result.ignored],
                 "rows": [_row_data(r) for r in preview_rows(result.rows)]}, preview_path(upload, job_id))


def has_preview(job):
    return all(f(job.params["path"], job.pk).exists() for f in (preview_path, expected_path))


def dry_run_preview(job):
    """What a finished dry-run job's preview page shows, shaped as the inline dry run's result: summary,
    ignored columns, errors (row, column, value, reason, suggestion) and the rows worth showing (action, matched
    record, how matched, score, reason, diff). A job that failed before it could plan the file (no preview
    kept) shows its errors alone."""
    kept = _read_json(preview_path(job.params["path"], job.pk)) or {}
    errors = [{"row": e.get("row") or "", "column": e.get("column") or "", "value": e.get("value") or "",
               "reason": e.get("reason") or "", "suggestion": e.get("suggestion") or ""} for e in job.errors or []]
    summary = {"create": 0, "update": 0, "unchanged": 0, "conflict": 0, "duplicate": 0, "skip": 0,
               **(kept.get("summary") or (job.result or {}).get("summary") or {})}
    summary["errors"] = max(summary.get("errors") or 0, len(errors))
    rows = [SimpleNamespace(**{"changes": [], "diff": [], **r}) for r in kept.get("rows", [])]
    return SimpleNamespace(summary=summary, ignored=kept.get("ignored") or (job.result or {}).get("ignored") or [],
                           errors=errors, rows=rows, ok=not errors, kept=bool(kept))


# ---------------------------------------------------------------- reports, bulk issuance, re-indexing as jobs
# Management commands that may run as jobs (their output is the job's result).
COMMAND_JOBS = {"reindex", "issue-credentials", "report", "results_rebuild", "export-iati"}


def start_command(user, command, args):
    if command not in COMMAND_JOBS:
        raise ValueError(_("%(command)s cannot run as a job (one of: %(commands)s).")
                         % {"command": command, "commands": ", ".join(sorted(COMMAND_JOBS))})
    return start(user, "command", f"skillsnet {command} {' '.join(args)}".strip(),
                 {"command": command, "args": list(args)})


def _command_job(job, progress):
    import io

    from django.core.management import call_command

    from .changelog import change_context

    out, err = io.StringIO(), io.StringIO()
    progress(0, 1, job.params["command"])
    with change_context("task", f"job-{job.pk}"):
        try:
            call_command(job.params["command"], *job.params.get("args", []), stdout=out, stderr=err)
        except SystemExit as exc:  # noqa: B014 - a command that exits
            return {"output": out.getvalue()[-20000:]}, [{"reason": f"exit {exc.code}: {err.getvalue()[-2000:]}"}]
    progress(1, 1, _("done"))
    return {"output": out.getvalue()[-20000:]}, []


register("command", _command_job)
