from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from skillsnet.results.export import export_project
from skillsnet.results.models import Project


class Command(BaseCommand):
    help = "Export a project as an IATI 2.03 activity file, validated against the shipped XSD."

    def add_arguments(self, parser):
        parser.add_argument("--project", required=True, help="project code")
        parser.add_argument("-o", "--output", default="", help="file.xml (default: <project>-iati.xml)")

    def handle(self, *args, **opts):
        project = Project.objects.filter(code=opts["project"]).first()
        if project is None:
            raise CommandError(_("No project with code %(code)s.") % {"code": opts["project"]})
        result = export_project(project)
        for problem in result.problems:
            self.stderr.write(_("left out: %(problem)s") % {"problem": problem})
        if not result.valid:
            raise CommandError(_("The IATI file is not valid, nothing written:\n%(errors)s")
                               % {"errors": "\n".join(result.errors)})
        out = Path(opts["output"] or f"{project.code}-iati.xml")
        out.write_bytes(result.xml)
        self.stdout.write(_("Wrote %(path)s (valid against the IATI 2.03 schema)") % {"path": out})
