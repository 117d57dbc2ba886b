"""DRF settings hooks (pagination, permission, error handling); kept apart from core.api so that
DRF can import them while it loads its own settings."""
import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import exceptions, permissions, status
from rest_framework.response import Response

from .scoping import can

from .errors import BUSY_RETRY_AFTER, LockedRecord, StaleEdit, bad_input_message, busy_message, is_bad_input
from .pagination import Pagination  # noqa: F401 (the DEFAULT_PAGINATION_CLASS; keyset pages with cursor=)
from .retry import is_transient_conflict
from .services import NotFound

log = logging.getLogger(__name__)


class RulesPermission(permissions.BasePermission):
    """Model-level check from accounts.rules; object scope is checked by restrict() and the services."""

    ACTION = {"GET": "view", "HEAD": "view", "OPTIONS": "view", "POST": "add", "PUT": "change",
              "PATCH": "change", "DELETE": "delete"}

    def has_permission(self, request, view):
        model = getattr(getattr(view, "queryset", None), "model", None)
        if model is None:  # the API root and other listings: readable by anyone
            return request.method in permissions.SAFE_METHODS or request.user.is_authenticated
        action = self.ACTION.get(request.method, "change")
        if getattr(view, "action", None) == "history":
            action = "history"
        return can(request.user, action, model)


def exception_handler(exc, context):
    if isinstance(exc, StaleEdit):
        return Response({"detail": exc.message, "current_version": exc.current_version},
                        status=status.HTTP_409_CONFLICT)
    if isinstance(exc, LockedRecord):
        return Response({"detail": exc.message}, status=status.HTTP_409_CONFLICT)
    if is_transient_conflict(exc):  # lost a deadlock or lock wait even after core.retry: rolled back, try again
        request = context.get("request")
        log.warning("database busy on %s %s: %s", getattr(request, "method", ""), getattr(request, "path", ""),
                    (str(exc).splitlines() or [type(exc).__name__])[0])
        response = Response({"detail": busy_message()}, status=status.HTTP_503_SERVICE_UNAVAILABLE,
                            headers={"Retry-After": str(BUSY_RETRY_AFTER)})
        response._has_been_logged = True  # a warning, not the ERROR Django logs for any other 5xx
        return response
    if is_bad_input(exc):
        log.warning("bad input: %r", exc)
        return Response({"detail": bad_input_message()}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, NotFound):
        exc = exceptions.NotFound(str(exc))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    from rest_framework.views import exception_handler as drf_exception_handler

    response = drf_exception_handler(exc, context)
    if response is None:
        log.exception("Unhandled API error", exc_info=exc)
        return Response({"detail": _("The server could not handle this request.")},
                        status=status.HTTP_500_INTERNAL_SERVER_ERROR)
    return response
