"""The OpenAPI document says, for every operation, which error answers it gives (400, 401, 403, 404, 409)
and whether it is public (callable without signing in: `x-public: true` and an empty security
requirement). Which operations are public comes from the rules (`can(anonymous, "view", model)`), not from
a list kept here."""
from django.contrib.auth.models import AnonymousUser
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema

ERROR = {"type": "object", "properties": {"detail": {"type": "string"}},
         "additionalProperties": True,
         "description": "`detail` says what went wrong; a 400 names each field with its messages."}

ANSWERS = {
    "400": "Bad input (the fields, with a message for each; never a 500).",
    "401": "Not signed in: send `Authorization: Token <key>` (or a session).",
    "403": "Signed in, but the rules do not allow this action on this record.",
    "404": "No such record, or not one you may see.",
    "409": "The record changed since the version you sent (optimistic locking), or it is locked.",
    "429": "Too many attempts: wait and try again.",
}


def _is_public(view, method):
    if method in getattr(view, "public_methods", ()):
        return True  # a view that says so (e.g. creating an API token with a password)
    if method not in ("GET", "HEAD"):
        return False
    model = getattr(getattr(view, "queryset", None), "model", None)
    if model is None:
        return False
    from skillsnet.core.scoping import can  # the rules decide, through the read policy

    try:
        return can(AnonymousUser(), "view", model)
    except Exception:  # pragma: no cover - a model the rules cannot judge is not public
        return False


class AutoSchema(SpectacularAutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return operation
        responses = operation.setdefault("responses", {})
        codes = ["400", "401", "403", "429"] if method == "POST" and "token" in path else ["400", "401", "403"]
        if "{" in path:
            codes.append("404")
        if method in ("PUT", "PATCH", "DELETE"):
            codes.append("409")
        for code in codes:
            responses.setdefault(code, {"description": ANSWERS[code],
                                        "content": {"application/json": {"schema": ERROR}}})
        public = _is_public(self.view, method)
        operation["x-public"] = public
        if public:
            operation["security"] = [*operation.get("security", []), {}] if {} not in operation.get(
                "security", []) else operation["security"]
            responses.pop("401", None)
        return operation
