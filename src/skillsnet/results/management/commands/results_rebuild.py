from django.core.management.base import BaseCommand

from skillsnet.results.facts import check_consistency, rebuild_all


class Command(BaseCommand):
    help = ("Recompute the results aggregates (completion facts and cells) from the records. Only needed after "
            "data was loaded without model signals (bulk loads); normal writes keep them in step.")

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="only report cells that disagree with the facts")

    def handle(self, *args, **opts):
        if opts["check"]:
            bad = check_consistency()
            self.stdout.write(f"{len(bad)} inconsistent cells")
            return
        n = rebuild_all()
        self.stdout.write(f"{n} completion facts")
