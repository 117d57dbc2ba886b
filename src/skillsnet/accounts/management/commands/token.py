from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy as _

from skillsnet.accounts.models import User
from skillsnet.accounts.services import token_for


class Command(BaseCommand):
    help = _("Create a new API token for a user and print it (it is stored hashed: shown only this once).")

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="command line")
        parser.add_argument("--days", type=int, default=None, help=_("Days until it expires (0: never)."))

    def handle(self, *args, username, name, days, **options):
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(_("No user named %(name)s.") % {"name": username})
        self.stdout.write(token_for(user, name=name, days=days).key)
