import re
import uuid

from .changelog import change_context

_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class ChangeContextMiddleware:
    """Opens the change-log context for a request: source web or api, and its request id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        request_id = given if _SAFE_ID.match(given) else uuid.uuid4().hex
        request.request_id = request_id  # for log lines written after the context closes (core.logs)
        source = "api" if request.path.startswith("/api/") else "web"
        from .scoping import request_memo

        with change_context(source, request_id), request_memo():
            response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


class BadInputMiddleware:
    """A last line: input that overflowed a number column or nested too deep answers 400, not 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from .errors import bad_input_message, is_bad_input

        if not is_bad_input(exception):
            return None
        import logging

        from django.http import HttpResponse, JsonResponse
        from django.utils.html import escape

        logging.getLogger(__name__).warning("bad input on %s: %r", request.path, exception)
        message = bad_input_message()
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=400)
        return HttpResponse(f"<!doctype html><title>400</title><h1>{escape(message)}</h1>", status=400)


class BusyDatabaseMiddleware:
    """A write that lost a deadlock or lock wait to another writer (core.retry.is_transient_conflict) and was not,
    or no longer, run again answers 503 "nothing was saved; try again" with Retry-After, not 500. Its transaction
    was rolled back, so the sentence is true. The API's own errors go through core.drf.exception_handler."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from .retry import is_transient_conflict

        if not is_transient_conflict(exception):
            return None
        return busy_response(request, exception)


def busy_response(request, exception):
    import logging

    from django.http import JsonResponse
    from django.shortcuts import render

    from .errors import BUSY_RETRY_AFTER, busy_message, busy_title

    logging.getLogger(__name__).warning("database busy on %s %s: %s", request.method, request.path,
                                        (str(exception).splitlines() or [type(exception).__name__])[0])
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": busy_message()}, status=503)
    else:
        response = render(request, "web/error.html", {"title": busy_title(), "message": busy_message()},
                          status=503)
    response["Retry-After"] = str(BUSY_RETRY_AFTER)
    response._has_been_logged = True  # logged above as a warning: Django would log any 5xx again as an ERROR
    return response
