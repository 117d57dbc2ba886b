from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Command(BaseCommand):
    help = gettext_lazy("The results aggregates: `check` recomputes every cell and fact from the raw records and "
                        "lists each difference; `rebuild` recomputes them all (after a raw load).")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["check", "rebuild"])
        parser.add_argument("--limit", type=int, default=50, help=gettext_lazy("differences listed at most"))

    def handle(self, *args, **opts):
        if opts["action"] == "rebuild":
            from skillsnet.people import figures
            from skillsnet.results.facts import rebuild_all

            figures.rebuild()  # the activities' figures too: `check` compares them with the records as well
            self.stdout.write(_("%(n)s facts rebuilt from the records.") % {"n": rebuild_all()})
            return
        from skillsnet.results.check import differences

        found = differences()
        for difference in found[:opts["limit"]]:
            self.stdout.write(str(difference))
        if found:
            raise CommandError(_("%(n)s differences between the results aggregates and the records.")
                               % {"n": len(found)})
        self.stdout.write(_("0 differences: every results aggregate equals what the records give."))
