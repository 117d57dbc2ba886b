import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skillsnet.core import services
from skillsnet.core.changelog import change_context
from skillsnet.core.errors import StaleEdit
from skillsnet.core.registry import REGISTRY
from skillsnet.core.tabular import Column

from ._util import model_by_label, user_by_name


class Command(BaseCommand):
    help = gettext_lazy("Change fields of one record: skillsnet update directory.organisation 12 city=Vientiane "
                        "--as USER --expected-version 3")

    def add_arguments(self, parser):
        parser.add_argument("model")
        parser.add_argument("pk")
        parser.add_argument("assignments", nargs="+", help=gettext_lazy("field=value (lists: a|b|c)"))
        parser.add_argument("--as", dest="username", required=True)
        parser.add_argument("--expected-version", dest="version", type=int, required=True,
                            help=gettext_lazy("the version you are changing (optimistic locking)"))
        parser.add_argument("--reason", default="")

    def handle(self, *args, model, pk, assignments, username, version, reason, **options):
        model = model_by_label(model)
        config = REGISTRY[model]
        user = user_by_name(username)
        changes = {}
        for item in assignments:
            if "=" not in item:
                raise CommandError(_("Write field=value, not %(item)s.") % {"item": item})
            name, raw = item.split("=", 1)
            if name not in config.fields:
                raise CommandError(_("Unknown field %(name)s. Fields: %(fields)s")
                                   % {"name": name, "fields": ", ".join(config.fields)})
            try:
                changes[name] = Column(model, name).parse(raw)
            except ValidationError as exc:
                raise CommandError(f"{name}: {' '.join(exc.messages)}")
        update = config.update or (lambda a, p, c, v, r: services.update_object(
            a, model, p, c, expected_version=v, reason=r))
        try:
            with change_context("cli"):
                obj = update(user, pk, changes, version, reason)
        except StaleEdit as exc:
            raise CommandError(exc.message)
        except ValidationError as exc:
            raise CommandError(json.dumps(getattr(exc, "message_dict", exc.messages), ensure_ascii=False))
        except (PermissionDenied, services.NotFound) as exc:
            raise CommandError(str(exc))
        self.stdout.write(_("Saved %(obj)s (version %(version)s).") % {"obj": obj, "version": obj.version})
