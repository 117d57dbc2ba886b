from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy as _


class Command(BaseCommand):
    help = _("Serve skillsnet in production with gunicorn: collect the static files, then serve on --bind "
             "(SKILLSNET_BIND, default 127.0.0.1:8000) with cores + 1 workers. SIGTERM stops gracefully.")

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", help=_("host:port or port to listen on (same as --bind)"))
        parser.add_argument("--bind", help=_("host:port or unix:/path (default: SKILLSNET_BIND or 127.0.0.1:8000)"))
        parser.add_argument("--workers", type=int, help=_("worker processes (default: SKILLSNET_WORKERS or "
                                                          "cores + 1)"))
        parser.add_argument("--threads", type=int, help=_("threads per worker (default: SKILLSNET_THREADS or 2)"))
        parser.add_argument("--timeout", type=int, help=_("seconds before a silent worker is restarted"))
        parser.add_argument("--no-collectstatic", action="store_true",
                            help=_("serve the static files collected before (skillsnet collectstatic)"))

    def handle(self, *args, addrport=None, bind=None, workers=None, threads=None, timeout=None,
               no_collectstatic=False, **options):
        from skillsnet.core import serve

        if addrport and bind:
            raise CommandError(_("Give the address either as an argument or with --bind, not both."))
        if addrport and addrport.isdigit():
            addrport = f"127.0.0.1:{addrport}"
        for name, value in (("--workers", workers), ("--threads", threads), ("--timeout", timeout)):
            if value is not None and value < 1:
                raise CommandError(_("%(option)s must be at least 1.") % {"option": name})
        if not settings.PRODUCTION:
            self.stderr.write(_("Warning: SKILLSNET_PRODUCTION is off: serving with development settings."))
        if not no_collectstatic:
            call_command("collectstatic", interactive=False, verbosity=0)
        opts = serve.options(bind=addrport or bind, workers=workers, threads=threads, timeout=timeout)
        serve.run(opts)
