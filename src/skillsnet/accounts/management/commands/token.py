from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy as _

from skillsnet.accounts.models import User
from skillsnet.accounts.services import token_for


class Command(BaseCommand):
    help = _("Print a user's API token, creating it if needed.")

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(_("No user named %(name)s.") % {"name": username})
        self.stdout.write(token_for(user).key)
