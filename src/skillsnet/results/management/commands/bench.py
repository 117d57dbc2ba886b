from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = ("Generate clearly labelled synthetic data (SYNTHETIC ...) and time the results framework, one indicator "
            "with three disaggregations, partner ranking and a list-API page, with DuckDB over the same rows.")

    def add_arguments(self, parser):
        from skillsnet.bench.run import add_arguments

        add_arguments(parser)

    def handle(self, *args, **opts):
        from skillsnet.bench.run import main

        main(opts, self.stdout)
