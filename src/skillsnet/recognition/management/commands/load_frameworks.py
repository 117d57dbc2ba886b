"""skillsnet load_frameworks: load the shipped qualification frameworks and their AQRF referencing
(recognition/data/frameworks.json). Loading twice changes nothing."""
from django.core.management.base import BaseCommand, CommandError

from skillsnet.core.changelog import change_context
from skillsnet.core.demo import demo_actor


class Command(BaseCommand):
    help = "Load the shipped qualification frameworks, levels and AQRF level references (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--file", help="Another frameworks.json (same structure) instead of the shipped one.")
        parser.add_argument("--user", help="Username recorded as the actor (default: the system loader account).")

    def handle(self, *args, **options):
        from skillsnet.accounts.models import User
        from skillsnet.recognition.services import load_frameworks

        actor = demo_actor()
        if options.get("user"):
            actor = User.objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"No user {options['user']!r}.")
        with change_context("cli"):
            created = load_frameworks(actor, options.get("file"))
        self.stdout.write("Created {frameworks} frameworks, {levels} levels, {references} level references.".format(
            **created))
