from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skillsnet.core.backup import backup


class Command(BaseCommand):
    help = gettext_lazy("Write every table and every uploaded file to one zip file.")

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        done = backup(file)
        self.stdout.write(_("%(objects)s records and %(files)s files written to %(file)s")
                          % {**done, "file": file})
