from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skillsnet.core.backup import restore


class Command(BaseCommand):
    help = gettext_lazy("Replace the database's contents and uploaded files with a backup made by `skillsnet backup`.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--yes", action="store_true", help=gettext_lazy("do not ask for confirmation"))

    def handle(self, *args, file, yes, **options):
        if not yes and input(_("This replaces everything in the database. Type yes to go on: ")).strip() != "yes":
            raise CommandError(_("Nothing was changed."))
        try:
            done = restore(file)
        except (OSError, ValueError, KeyError) as exc:
            raise CommandError(_("The backup cannot be read: %(error)s") % {"error": exc})
        self.stdout.write(_("%(objects)s records and %(files)s files restored.") % done)
