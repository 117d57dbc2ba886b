"""The `skillsnet` command: every Django management command, plus skillsnet's own."""
import os
import sys


def main(argv=None):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skillsnet.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "serve":
        argv[0] = "runserver"
        if not any(a[:1].isdigit() for a in argv[1:]):
            argv.append("127.0.0.1:8000")
    execute_from_command_line(["skillsnet", *argv])


if __name__ == "__main__":
    main()
