from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skillsnet.core import importer
from skillsnet.core.changelog import change_context

from ._util import model_by_label, user_by_name


class Command(BaseCommand):
    help = gettext_lazy("Import CSV or XLSX rows into a registered model: a dry run unless --commit.")

    def add_arguments(self, parser):
        parser.add_argument("model", help=gettext_lazy("e.g. directory.organisation"))
        parser.add_argument("file")
        parser.add_argument("--as", dest="username", required=True, help=gettext_lazy("the acting user"))
        parser.add_argument("--commit", action="store_true", help=gettext_lazy("save (all rows or none)"))
        parser.add_argument("--dry-run", action="store_true", help=gettext_lazy("show the plan, save nothing"))
        parser.add_argument("--map", action="append", default=[], dest="maps",
                            help=gettext_lazy("header=field, or a file of such lines (repeatable)"))
        parser.add_argument("--source", default=None,
                            help=gettext_lazy("the source of the file: its confirmed mapping is saved and reused"))
        parser.add_argument("--decide", action="append", default=[],
                            help=gettext_lazy("ROW=create|update|skip for a possible duplicate or a conflict"))
        parser.add_argument("--background", action="store_true",
                            help=gettext_lazy("run as a background job (skillsnet worker) and follow its progress"))
        parser.add_argument("--reason", default="")

    def handle(self, *args, model, file, username, commit, dry_run, maps, source, decide, background, reason,
               **options):
        model = model_by_label(model)
        user = user_by_name(username)
        path = Path(file)
        if not path.exists():
            raise CommandError(_("No such file: %(file)s") % {"file": file})
        data = path.read_bytes()
        commit = commit and not dry_run
        try:
            header, _rows = importer.read_upload(data, path.name)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages))
        options_map = []
        for m in maps:
            if "=" not in m and Path(m).exists():
                options_map += [line.strip() for line in Path(m).read_text(encoding="utf-8").splitlines()
                                if line.strip() and not line.startswith("#")]
            else:
                options_map.append(m)
        try:
            by_header = importer.parse_map_options(model, header, options_map)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages))
        mapping = importer.mapping_from_names(model, header, by_header,
                                              importer.propose(user, model, header, source or ""))
        decisions = {}
        for d in decide:
            row, _sep, what = d.partition("=")
            if not row.strip().isdigit() or what not in ("create", "update", "skip"):
                raise CommandError(_("Write --decide ROW=create|update|skip, not %(value)s.") % {"value": d})
            decisions[int(row)] = what
        self.stdout.write(_("Columns:"))
        for index, h in enumerate(header):
            target = mapping.get(index) or _("(ignored)")
            self.stdout.write(f"  {h} → {target}")
        if background:
            from skillsnet.core import jobs

            job = jobs.start_import(user, model, data, path.name, mapping=mapping, decisions=decisions,
                                    commit=commit, reason=reason, source=source)
            job = jobs.follow(job, self.stdout)
            result = job.result or {}
            if result.get("summary"):
                self.stdout.write(_("%(create)s to create, %(update)s to update, %(unchanged)s unchanged, "
                                    "%(conflict)s conflicts, %(duplicate)s possible duplicates, %(errors)s errors")
                                  % result["summary"])
            if source is not None and not job.errors:
                importer.save_mapping(user, model, header, mapping, source)
            for error in job.errors:
                self.stdout.write(f"  {jobs.error_text(error)}")
            if job.errors or job.status == job.Status.FAILED:
                raise CommandError(_("Nothing was imported: fix the errors above."))
            self.stdout.write(_("Imported.") if result.get("committed") else _("Dry run: nothing saved (add --commit)."))
            return
        with change_context("cli"):
            result = importer.run_import(user, model, data, path.name, commit=commit, reason=reason,
                                         mapping=mapping, decisions=decisions, progress=_progress(self))
        if source is not None and result.ok:
            importer.save_mapping(user, model, header, mapping, source)
        self.write_result(result)
        for note in result.notes:
            self.stdout.write(note)
        if result.errors:
            raise CommandError(_("Nothing was imported: fix the errors above."))
        self.stdout.write(_("Imported.") if result.committed else _("Dry run: nothing saved (add --commit)."))

    def write_result(self, result):
        s = result.summary
        self.stdout.write(_("%(create)s to create, %(update)s to update, %(unchanged)s unchanged, %(conflict)s "
                            "conflicts, %(duplicate)s possible duplicates, %(errors)s errors") % s)
        if result.ignored:
            self.stdout.write(_("Ignored columns: %(columns)s") % {"columns": ", ".join(result.ignored)})
        for plan in result.rows[:200]:
            if plan.action in ("update", "conflict", "duplicate"):
                how = {"id": _("by id"), "name": _("by exact name"), "key": _("by key"),
                       "email": _("by e-mail"), "external_id": _("by external id"),
                       "fuzzy": _("near-duplicate")}.get(plan.matched, plan.matched)
                line = _("row %(row)s: %(action)s %(record)s (%(how)s)") % {
                    "row": plan.row, "action": plan.action, "record": plan.match_label, "how": how}
                self.stdout.write("  " + line)
                for name, before, after in plan.diff if plan.action == "update" else []:
                    self.stdout.write(f"      {name}: {before!r} → {after!r}")
                if plan.reason:
                    self.stdout.write(f"      {plan.reason}")
        for error in result.errors:
            self.stdout.write(f"  {error}")


def _progress(command):
    """A rich progress bar on a terminal, nothing otherwise."""
    if not getattr(command.stdout, "isatty", lambda: False)():
        return None
    from rich.progress import Progress

    state = {}

    def update(done, total, stage):
        if "bar" not in state:
            state["bar"] = Progress(transient=True)
            state["bar"].start()
            state["task"] = state["bar"].add_task(stage, total=total or 1)
        state["bar"].update(state["task"], completed=done, total=total or 1, description=str(stage))
        if total and done >= total and stage == _("Updating derived data"):
            state["bar"].stop()
    return update
