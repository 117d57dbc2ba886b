import os

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext_lazy as _

from skillsnet.core.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = _("Set up the embedded database, load reference and seed demo data, and serve on 127.0.0.1:8000.")

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true", help=_("Load the data and stop."))
        parser.add_argument("--examples", action="store_true",
                            help=_("Also load the labelled example data of features the seed articles say nothing "
                                   "about (e.g. vacancies); every example record is marked as an example."))

    def handle(self, *args, port, no_serve, examples=False, **options):
        # The demo settings: credentials may be issued for this machine's own address (see
        # skillsnet.credentials.urls_util and README "Credentials and SKILLSNET_BASE_URL").
        os.environ["SKILLSNET_DEMO"] = "1"
        call_command("migrate", interactive=False, verbosity=0)
        call_command("compile_translations", verbosity=0)
        load_demo(examples=examples)
        self.stdout.write(self.style.SUCCESS(
            _("Demo data loaded. Sign in as 'secretariat' (or another demo user) with password '%(pw)s'.")
            % {"pw": DEMO_PASSWORD}))
        if not no_serve:
            # a worker runs the background jobs (large imports, reports, bulk issuance, re-indexing) beside it
            import subprocess
            import sys

            worker = subprocess.Popen([sys.executable, "-m", "skillsnet.cli", "worker"])
            self.stdout.write(_("Serving on http://127.0.0.1:%(port)s/ (Ctrl-C stops).") % {"port": port})
            try:
                call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
            finally:
                worker.terminate()
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()

