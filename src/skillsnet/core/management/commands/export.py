import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy as _

from skillsnet.core.privacy import shown_rows
from skillsnet.core.importer import export_rows
from skillsnet.core.registry import REGISTRY
from skillsnet.core.tabular import write_csv, write_xlsx

from ._util import model_by_label, user_by_name


class Command(BaseCommand):
    help = _("Export a registered model as CSV or XLSX (the file re-imports with `skillsnet import`).")

    def add_arguments(self, parser):
        parser.add_argument("model", help=_("e.g. directory.organisation"))
        parser.add_argument("-o", "--output", help=_("file to write (default: standard output for CSV)"))
        parser.add_argument("--format", choices=["csv", "xlsx"], default=None)
        parser.add_argument("--as", dest="username", required=True, help=_("the user whose view is exported"))

    def handle(self, *args, model, output, format, username, **options):
        model = model_by_label(model)
        user = user_by_name(username)
        fmt = format or ("xlsx" if output and output.endswith(".xlsx") else "csv")
        qs = model._default_manager.for_user(user, "view").order_by("pk")
        header, rows = export_rows(model, qs)
        rows = shown_rows(user, model, header, qs, rows)  # links to records the user may not see: blank
        data = write_csv(header, rows) if fmt == "csv" else write_xlsx(header, rows, REGISTRY[model].slug)
        if output:
            with open(output, "wb") as fh:
                fh.write(data)
            self.stderr.write(_("%(n)s rows written to %(file)s") % {"n": len(rows), "file": output})
        elif fmt == "csv":
            sys.stdout.write(data.decode("utf-8-sig"))
        else:
            raise CommandError(_("Give --output for XLSX."))
