"""The `skillsnet` command: every Django management command, plus skillsnet's own.

Messages and help are shown in the language of SKILLSNET_LANGUAGE, or else of LANG (e.g. lo_LA.UTF-8).
"""
import os
import sys


REPLICA_COMMANDS = {"report", "export", "export-iati"}


def cli_language():
    """The language for messages: SKILLSNET_LANGUAGE, else LANG ("lo_LA.UTF-8" → "lo", "zh_CN" → "zh-hans")."""
    raw = os.environ.get("SKILLSNET_LANGUAGE") or os.environ.get("LANG") or "en"
    code = raw.split(".")[0].lower().replace("_", "-")
    return "zh-hans" if code.startswith("zh") else code.split("-")[0]


def main(argv=None):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skillsnet.settings")
    import django
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.utils import translation

    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "serve":  # gunicorn with production settings (SKILLSNET_PRODUCTION=0 to opt out)
        os.environ.setdefault("SKILLSNET_PRODUCTION", "1")
    try:
        django.setup()
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"skillsnet: {exc}\n")
        sys.exit(2)
    language = cli_language()
    if language in dict(settings.LANGUAGES):
        translation.activate(language)
    if argv and argv[0] in REPLICA_COMMANDS:  # reports and exports may read a replica (DATABASE_REPLICA_URL)
        from skillsnet.core.dbrouter import reading_from_replica

        with reading_from_replica():
            execute_from_command_line(["skillsnet", *argv])
        return
    execute_from_command_line(["skillsnet", *argv])


if __name__ == "__main__":
    main()
