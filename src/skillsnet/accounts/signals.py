from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from . import events
from .middleware import KEY


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    from .ratelimit import door_of

    if request is not None and hasattr(request, "session"):
        import time

        request.session[KEY] = int(time.time())
    events.record("login", user=user, request=request, door=door_of(request))


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        from .ratelimit import door_of

        events.record("logout", user=user, request=request, door=door_of(request))
