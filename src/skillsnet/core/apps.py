from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "skillsnet.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from . import keep
        from .refcache import register_steps

        _translatable_command_help()
        register_steps()
        keep.register_steps()  # a committed write of any model gives the data a new version (kept dashboards)


def _translatable_command_help():
    """Management commands may give `help` as a lazy translation: argparse needs a plain string,
    made here in the language active when the command runs (see cli.main)."""
    from django.core.management.base import BaseCommand

    original = BaseCommand.create_parser
    if getattr(original, "_skillsnet", False):
        return

    def create_parser(self, prog_name, subcommand, **kwargs):
        help_text = self.help
        if help_text is not None and not isinstance(help_text, str):
            try:
                self.help = str(help_text)
            except AttributeError:  # a command that computes its help as a property
                pass
        return original(self, prog_name, subcommand, **kwargs)

    create_parser._skillsnet = True
    BaseCommand.create_parser = create_parser
