"""API body parsing that answers 400, never 500: JSON nested too deep (5,000 levels overflow Python's
parser) or with integers too large for any database column."""
import json

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_INT = 2 ** 63 - 1


def _depth_ok(text, limit):
    depth = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return False
        elif ch in "]}":
            depth -= 1
    return True


def _int(text):
    value = int(text)
    if not -MAX_INT - 1 <= value <= MAX_INT:
        raise ParseError(_("A number in the request is out of range."))
    return value


class SafeJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = stream.read().decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise ParseError(_("JSON parse error - %(error)s") % {"error": exc})
        limit = getattr(settings, "SKILLSNET_MAX_JSON_DEPTH", 64)
        if not _depth_ok(text, limit):
            raise ParseError(_("The JSON is nested too deeply (at most %(n)s levels).") % {"n": limit})
        try:
            return json.loads(text, parse_int=_int, parse_constant=self._constant)
        except (ValueError, RecursionError) as exc:
            if isinstance(exc, ParseError):
                raise
            raise ParseError(_("JSON parse error - %(error)s") % {"error": exc})

    @staticmethod
    def _constant(name):
        raise ParseError(_("%(name)s is not a valid JSON value.") % {"name": name})
