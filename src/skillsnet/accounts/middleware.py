import time

from django.conf import settings
from django.contrib.auth import logout

from . import events

KEY = "skillsnet_last_seen"
# the session is written again only when the stored time is this old (not on every request)
TOUCH_SECONDS = 60


class IdleSessionTimeoutMiddleware:
    """Signs out a session that saw no request for SKILLSNET_SESSION_IDLE_SECONDS."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        limit = settings.SKILLSNET_SESSION_IDLE_SECONDS
        if session is not None and user is not None and user.is_authenticated and limit > 0 \
                and not getattr(request, "auth", None):
            now = int(time.time())
            last = session.get(KEY)
            if isinstance(last, int) and now - last > limit:
                events.record("session_expired", user=user, request=request, detail={"idle_seconds": now - last})
                logout(request)
            elif not isinstance(last, int) or now - last >= TOUCH_SECONDS:
                session[KEY] = now
        return self.get_response(request)
