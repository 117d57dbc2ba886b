from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skillsnet.core.changelog import change_context
from skillsnet.core.importer import run_import

from ._util import model_by_label, user_by_name


class Command(BaseCommand):
    help = gettext_lazy("Import CSV or XLSX rows into a registered model: a dry run unless --commit.")

    def add_arguments(self, parser):
        parser.add_argument("model", help=gettext_lazy("e.g. directory.organisation"))
        parser.add_argument("file")
        parser.add_argument("--as", dest="username", required=True, help=gettext_lazy("the acting user"))
        parser.add_argument("--commit", action="store_true", help=gettext_lazy("save (all rows or none)"))
        parser.add_argument("--reason", default="")

    def handle(self, *args, model, file, username, commit, reason, **options):
        model = model_by_label(model)
        user = user_by_name(username)
        path = Path(file)
        if not path.exists():
            raise CommandError(_("No such file: %(file)s") % {"file": file})
        with change_context("cli"):
            result = run_import(user, model, path.read_bytes(), path.name, commit=commit, reason=reason)
        s = result.summary
        self.stdout.write(_("%(create)s to create, %(update)s to update, %(unchanged)s unchanged, %(errors)s errors")
                          % s)
        for error in result.errors:
            self.stdout.write(f"  {error}")
        if result.errors:
            raise CommandError(_("Nothing was imported: fix the errors above."))
        self.stdout.write(_("Imported.") if result.committed else _("Dry run: nothing saved (add --commit)."))
