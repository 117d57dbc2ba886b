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
        with change_context(source, request_id):
            response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response
