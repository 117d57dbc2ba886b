from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skillsnet.core import jobs

from ._util import user_by_name


class Command(BaseCommand):
    help = gettext_lazy("Run a report, bulk credential issuance or re-indexing as a background job and follow it.")

    def add_arguments(self, parser):
        parser.add_argument("command", help=", ".join(sorted(jobs.COMMAND_JOBS)))
        parser.add_argument("args", nargs="*")
        parser.add_argument("--as", dest="username", required=True, help=gettext_lazy("the acting user"))
        parser.add_argument("--no-wait", action="store_true", help=gettext_lazy("queue it and return"))

    def handle(self, *args, command, username, no_wait, **options):
        user = user_by_name(username)
        try:
            job = jobs.start_command(user, command, options.get("args") or args)
        except ValueError as exc:
            raise CommandError(str(exc))
        self.stdout.write(_("Job %(id)s queued.") % {"id": job.pk})
        if no_wait:
            return
        job = jobs.follow(job, self.stdout)
        self.stdout.write((job.result or {}).get("output", ""))
        for error in job.errors:
            self.stdout.write(jobs.error_text(error))
        if job.status == job.Status.FAILED:
            raise CommandError(_("The job failed."))
