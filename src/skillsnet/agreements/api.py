"""API pieces beyond the generic endpoints: serializers with the status read-only, and the transition action."""
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from skillsnet.core.api import serializer_for

from . import services
from .models import Agreement


def named_serializer(config, extra_read_only=()):
    """The generic serializer under an app-specific name (avoids clashes in the OpenAPI components)."""
    base = serializer_for(config)
    attrs = {}
    for name in extra_read_only:
        attrs[name] = serializers.CharField(read_only=True)
    if extra_read_only:
        attrs["Meta"] = type("Meta", (base.Meta,), {"fields": [*base.Meta.fields, *extra_read_only]})
        attrs["validate"] = _refuse_status
    name = config.model.__name__
    name = name if name.startswith("Agreement") else f"Agreement{name}"
    return type(f"{name}Serializer", (base,), attrs)


def _refuse_status(self, attrs):
    given = getattr(self, "initial_data", {})
    current = self.instance.status if self.instance is not None else Agreement.Status.DRAFT
    if hasattr(given, "get") and given.get("status") not in (None, current):
        raise serializers.ValidationError({"status": _(
            "The status cannot be edited; change it with POST /api/agreements/agreements/<id>/transition/.")})
    return attrs


class TransitionSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Agreement.Status.choices)
    version = serializers.IntegerField(help_text=gettext_lazy("The version you edited (optimistic locking)."))
    reason = serializers.CharField(required=False, allow_blank=True, max_length=1000)


class AgreementTransitionView(APIView):
    """Move an agreement to an allowed next status (draft → negotiating → signed → active → expired/terminated)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=TransitionSerializer, responses=None, operation_id="agreements_agreements_transition")
    def post(self, request, pk):
        data = TransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        agreement = services.transition_agreement(request.user, pk, data.validated_data["status"],
                                                  data.validated_data["version"],
                                                  data.validated_data.get("reason", ""))
        return Response({"id": agreement.pk, "status": agreement.status, "version": agreement.version})
