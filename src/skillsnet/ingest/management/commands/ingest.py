"""skillsnet ingest FILE --user NAME: read an article (TXT, HTML, DOCX, PDF) into a draft for review."""
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError

from skillsnet.core.changelog import change_context


class Command(BaseCommand):
    help = "Read an article or report into a draft of records; review it at /ingest/articles/<id>/."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--user", required=True, help="the acting user (needs the right to ingest)")
        parser.add_argument("--title", default="")
        parser.add_argument("--url", default="", help="source address")
        parser.add_argument("--published", default="", help="publication date YYYY-MM-DD")

    def handle(self, *args, **options):
        from skillsnet.accounts.models import User
        from skillsnet.ingest.services import ingest_article

        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"unknown user {options['user']}")
        upload = SimpleUploadedFile(path.name, path.read_bytes())
        try:
            with change_context("cli"):
                article = ingest_article(user, file=upload, title=options["title"], source_url=options["url"],
                                         published=options["published"] or None)
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError(" ".join(getattr(exc, "messages", [str(exc)])))
        counts = {}
        for kind in article.draft.items.values_list("kind", flat=True):
            counts[kind] = counts.get(kind, 0) + 1
        self.stdout.write(f"article {article.pk}: " + ", ".join(f"{n} {k}" for k, n in counts.items()))
        self.stdout.write(f"review: /ingest/articles/{article.pk}/")
