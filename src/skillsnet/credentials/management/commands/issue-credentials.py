from django.core.management.base import BaseCommand, CommandError
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from skillsnet.core.changelog import change_context
from skillsnet.core.management.commands._util import user_by_name
from skillsnet.core.services import NotFound
from skillsnet.credentials.services import issue_activity_credentials


class Command(BaseCommand):
    @property
    def help(self):  # argparse needs a plain string, not a lazy one
        return _("Issue a signed Open Badges 3.0 credential to everyone who completed an activity "
                 "(people who already hold one are skipped).")

    def add_arguments(self, parser):
        parser.add_argument("--activity", type=int, required=True, help=_("the activity's id"))
        parser.add_argument("--as", dest="username", required=True, help=_("the acting user"))
        parser.add_argument("--base-url", default=None,
                            help=_("the site's address, e.g. https://skills.example.org "
                                              "(default: SKILLSNET_BASE_URL)"))
        parser.add_argument("--reason", default="")

    def handle(self, *args, activity, username, base_url, reason, **options):
        user = user_by_name(username)
        console = Console(file=self.stdout, stderr=False)
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        try:
            with change_context("cli"), Progress(*columns, console=console, transient=False) as progress:
                task = progress.add_task(_("Issuing credentials"), total=None)

                def advance(done, total):
                    progress.update(task, completed=done, total=total)

                result = issue_activity_credentials(user, activity, base=base_url.rstrip("/") if base_url else None,
                                                    reason=reason, progress=advance)
        except NotFound as exc:
            raise CommandError(str(exc))
        except PermissionDenied as exc:
            raise CommandError(str(exc) or _("You do not have permission to do this."))
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages))
        self.stdout.write(_("%(issued)s credentials issued; %(already)s people already held one; "
                            "%(not_completed)s people did not complete.") % result.summary)
        for credential in result.issued:
            self.stdout.write(f"  {credential.pk}  {credential.subject_name}")
