"""skillsnet ingest-eval DIR [GOLD_DIR]: precision and recall of the article extractor per field.

DIR holds the articles (*.txt) and, unless GOLD_DIR is given, their gold files (*.json) side by side.
When DIR holds only gold files, the articles are looked up in $SKILLSNET_SEEDS or ../shared/seeds.
"""
import io
import json
import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from skillsnet.ingest.evaluate import FIELDS, evaluate, render

TARGETS = {"organisations", "people", "dates", "counts", "amounts"}


def _seed_dirs():
    here = Path(settings.BASE_DIR)
    for cand in (os.environ.get("SKILLSNET_SEEDS"), Path.cwd().parent / "shared" / "seeds",
                 here.parent / "shared" / "seeds", here.parent.parent / "shared" / "seeds",
                 here.parent.parent.parent / "shared" / "seeds"):
        if cand and Path(cand).is_dir() and any(Path(cand).glob("*.txt")):
            yield Path(cand)


class Command(BaseCommand):
    help = "Score the article extractor against gold JSON files: precision and recall per field."

    def add_arguments(self, parser):
        parser.add_argument("articles", help="directory with *.txt articles (or only gold *.json files)")
        parser.add_argument("gold", nargs="?", help="directory with gold *.json files")
        parser.add_argument("--registry", action="store_true",
                            help="use the organisations in the database that --user may see as gazetteer")
        parser.add_argument("--user", help="username whose view of the registry is the gazetteer (with --registry)")
        parser.add_argument("--only", default="", help="score only the articles whose file name starts with this prefix "
                                                        "(e.g. d: development set, h: held-out set)")
        parser.add_argument("--json", action="store_true", help="print the full report as JSON")
        parser.add_argument("--verbose-errors", action="store_true", help="list false positives and negatives")
        parser.add_argument("--check", action="store_true",
                            help="exit with an error when a target field is below precision 0.9 or recall 0.8")

    def handle(self, *args, **options):
        articles, gold = Path(options["articles"]), options["gold"]
        if not articles.is_dir():
            raise CommandError(f"{articles} is not a directory")
        if not any(articles.glob("*.txt")) and gold is None:
            gold = articles
            articles = next(iter(_seed_dirs()), None)
            if articles is None:
                raise CommandError("No *.txt articles in the directory and no seed articles found "
                                   "(set SKILLSNET_SEEDS).")
        gazetteer = []
        if options["registry"]:
            from django.contrib.auth import get_user_model

            from skillsnet.ingest.services import gazetteer as registry_gazetteer

            user = get_user_model().objects.filter(username=options["user"] or "").first()
            if user is None:
                raise CommandError("--registry needs --user USERNAME: the gazetteer is what that user may see.")
            gazetteer = registry_gazetteer(user)
        report = evaluate(articles, gold, gazetteer=gazetteer, only=options["only"])
        if not report.articles:
            raise CommandError("No article had a gold file.")
        if options["json"]:
            self.stdout.write(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
        else:
            buffer = io.StringIO()
            render(report, title=f"Extraction scores: {articles}", verbose=options["verbose_errors"], file=buffer)
            self.stdout.write(buffer.getvalue(), ending="")
        if options["check"]:
            failing = [f for f in FIELDS if f in TARGETS and (report[f].precision < 0.9 or report[f].recall < 0.8)]
            if failing:
                raise CommandError("Below target: " + ", ".join(failing))
