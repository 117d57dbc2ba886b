from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext_lazy


class Command(BaseCommand):
    help = gettext_lazy("Run background jobs (imports, reports, bulk issuance, re-indexing) as they are queued.")

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help=gettext_lazy("run what is queued, then stop"))
        parser.add_argument("--interval", type=float, default=1.0, help=gettext_lazy("seconds between polls"))

    def handle(self, *args, batch, interval, **options):
        import skillsnet.core.jobs  # noqa: F401 - registers the kinds of job

        kwargs = {"interval": interval, "reload": False, "startup_delay": False}
        if batch:
            kwargs["batch"] = True
        call_command("db_worker", **kwargs)
