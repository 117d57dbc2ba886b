from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from skillsnet.core.changelog import change_context
from skillsnet.results.models import Project
from skillsnet.results.report import build_report, write_report


class Command(BaseCommand):
    help = "Write the donor report of a project for a period: XLSX workbook or PDF."

    def add_arguments(self, parser):
        parser.add_argument("--project", required=True, help="project code")
        parser.add_argument("--period", default="", help="2025, 2025-Q2, a period label (e.g. FY2025); empty = all time")
        parser.add_argument("--country", default="", help="one country code (default: all)")
        parser.add_argument("-o", "--output", default="", help="out.xlsx or out.pdf (default: <project>-<period>.xlsx)")

    def handle(self, *args, **opts):
        project = Project.objects.filter(code=opts["project"]).first()
        if project is None:
            raise CommandError(_("No project with code %(code)s.") % {"code": opts["project"]})
        out = Path(opts["output"] or f"{project.code}-{opts['period'] or 'all'}.xlsx")
        fmt = out.suffix.lower().lstrip(".")
        if fmt not in ("xlsx", "pdf"):
            raise CommandError(_("The output must end in .xlsx or .pdf."))
        with change_context("cli"):
            try:
                report = build_report(project, opts["period"], country=opts["country"] or None)
            except ValueError as exc:
                raise CommandError(str(exc))
            write_report(report, out, fmt)
        self.stdout.write(_("Wrote %(path)s") % {"path": out})
