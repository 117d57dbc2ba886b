from django.core.management.base import BaseCommand
from django.utils.translation import gettext_lazy


class Command(BaseCommand):
    help = gettext_lazy("Recompute the results aggregates from the records (same as `skillsnet results rebuild`).")

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true",
                            help=gettext_lazy("only list the differences (same as `skillsnet results check`)"))

    def handle(self, *args, **opts):
        from django.core.management import call_command

        call_command("results", "check" if opts["check"] else "rebuild", stdout=self.stdout)
