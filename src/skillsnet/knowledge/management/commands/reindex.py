"""skillsnet reindex: rebuild the search index (knowledge.SearchEntry) from every indexed record."""
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from skillsnet.knowledge.search import reindex_all


class Command(BaseCommand):
    help = "Rebuild the search index of organisations, people, agreements, activities, resources and news."

    def handle(self, *args, **options):
        from rich.progress import Progress

        with Progress(transient=True, disable=options["verbosity"] == 0) as progress:
            tasks = {}

            def report(kind, n):
                if kind not in tasks:
                    tasks[kind] = progress.add_task(kind, total=None)
                progress.update(tasks[kind], completed=n)

            counts = reindex_all(progress=report)
        for kind, n in counts.items():
            self.stdout.write(_("%(kind)s: %(n)s indexed") % {"kind": kind, "n": n})
