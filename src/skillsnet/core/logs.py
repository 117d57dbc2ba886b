"""Structured logs: one JSON object per line on stdout (production), for Django's loggers and gunicorn's.

Each record carries time, level, logger, message and, inside a request or job, its request id (the same id
the change log records and the `X-Request-ID` response header carries). Imported by the LOGGING setting
before the apps are loaded: it imports nothing from Django's models.
"""
import datetime
import functools
import json
import logging
import sys

# Attributes every LogRecord has; anything else was passed with `extra=` and goes into the JSON object.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "taskName", "request"}


def _request_id():
    changelog = sys.modules.get("skillsnet.core.changelog")  # loaded once the apps are ready
    if changelog is None:
        return ""
    return changelog.current_context().get("request_id", "")


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record logged while a request or job is handled."""

    def filter(self, record):
        if not getattr(record, "request_id", ""):
            record.request_id = _request_id() or getattr(getattr(record, "request", None), "request_id", "")
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.timezone.utc)
            .isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in entry and not key.startswith("_"):
                entry[key] = value
        if not entry.get("request_id"):
            entry.pop("request_id", None)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


@functools.lru_cache(maxsize=None)
def _gunicorn_logger_class():
    from gunicorn import glogging

    class GunicornLogger(glogging.Logger):
        """gunicorn's error and access logs as JSON lines: the access entry is an object, not a format string."""

        def setup(self, cfg):
            super().setup(cfg)
            formatter = JsonFormatter()
            for log in (self.error_log, self.access_log):
                for handler in log.handlers:
                    if getattr(handler, "_gunicorn", False):
                        handler.setFormatter(formatter)
                        if type(handler) is logging.StreamHandler:
                            handler.setStream(sys.stdout)

        def access(self, resp, req, environ, request_time):
            if not self.access_log_enabled:
                return
            status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else str(resp.status)
            headers = dict((k.lower(), v) for k, v in (resp.headers or []))
            self.access_log.info("%s %s %s", environ.get("REQUEST_METHOD"), environ.get("PATH_INFO"), status, extra={
                "method": environ.get("REQUEST_METHOD"),
                "path": environ.get("PATH_INFO"),
                "query": environ.get("QUERY_STRING", ""),
                "status": int(status) if status.isdigit() else status,
                "bytes": getattr(resp, "sent", None),
                "duration_ms": round(request_time.total_seconds() * 1000, 2),
                "remote": environ.get("HTTP_X_FORWARDED_FOR") or environ.get("REMOTE_ADDR", ""),
                "user_agent": environ.get("HTTP_USER_AGENT", ""),
                "request_id": headers.get("x-request-id", ""),
            })

    return GunicornLogger


def __getattr__(name):
    # gunicorn's `logger_class` setting imports "skillsnet.core.logs.GunicornLogger"; build it on demand so
    # that this module loads without gunicorn (the demo server, tests).
    if name == "GunicornLogger":
        return _gunicorn_logger_class()
    raise AttributeError(name)
