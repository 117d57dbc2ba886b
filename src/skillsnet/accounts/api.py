"""Accounts API: your API tokens (list, create, revoke; creation with a password is rate limited like
every sign-in), role grants and revocations (secretariat), the security log (secretariat)."""
from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, permissions, serializers, status, viewsets
from rest_framework.response import Response

from . import ratelimit, services, tokens
from .models import ApiToken, RoleAssignment, SecurityEvent, User
from .permissions import can
from .rules import ROLES


class TokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created", "expires", "last_used"]


class NewTokenSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    days = serializers.IntegerField(min_value=1, max_value=3650, required=False)
    username = serializers.CharField(max_length=150, required=False, help_text=_(
        "With `password`: create a token without being signed in (rate limited like every sign-in)."))
    password = serializers.CharField(max_length=4096, required=False, write_only=True, style={"input_type": "password"})


class CreatedTokenSerializer(TokenSerializer):
    key = serializers.CharField(read_only=True, help_text=_("The token: shown this once, never again."))

    class Meta(TokenSerializer.Meta):
        fields = [*TokenSerializer.Meta.fields, "key"]


class TokenViewSet(mixins.ListModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """Your own API tokens. Only a digest of each is stored; the key is returned once, on creation."""

    serializer_class = TokenSerializer
    queryset = ApiToken.objects.none()
    permission_classes = [permissions.AllowAny]
    public_methods = ("POST",)  # with a user name and password (rate limited like every sign-in)

    def get_queryset(self):
        if not self.request.user.is_authenticated:
            return ApiToken.objects.none()
        return tokens.active_tokens(self.request.user)

    def list(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        return super().list(request, *args, **kwargs)

    @extend_schema(request=NewTokenSerializer, responses={201: CreatedTokenSerializer,
                                                          400: OpenApiResponse(description="Bad input"),
                                                          401: OpenApiResponse(description="Wrong credentials"),
                                                          429: OpenApiResponse(description="Too many failures")})
    def create(self, request, *args, **kwargs):
        data = NewTokenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        user = request.user if request.user.is_authenticated else None
        if "password" in values or "username" in values:
            username = values.get("username", "")
            if ratelimit.is_locked(request, username):
                try:
                    authenticate(request, username=username, password="")  # logs the refused attempt
                except DjangoPermissionDenied:
                    pass
                raise exceptions.Throttled(detail=_("Too many failed sign-ins. Try again later."))
            try:
                user = authenticate(request, username=username, password=values.get("password", ""))
            except DjangoPermissionDenied:
                user = None
            if user is None:
                raise exceptions.AuthenticationFailed(_("Wrong user name or password."))
        if user is None:
            raise exceptions.NotAuthenticated()
        token = services.create_token(user, name=values.get("name", ""), days=values.get("days"), request=request)
        return Response(CreatedTokenSerializer(token).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        token = self.get_object()
        services.revoke_token(request.user, token.pk, request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def get_object(self):
        try:
            return self.get_queryset().get(pk=int(self.kwargs["pk"]))
        except (ApiToken.DoesNotExist, ValueError, OverflowError):
            raise exceptions.NotFound()


class SecretariatOnly(permissions.BasePermission):
    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and can(user, "view", view.check_model)
                    and (view.may_write(user) if view.check_model is RoleAssignment or
                         request.method not in permissions.SAFE_METHODS else True))


class RoleAssignmentSerializer(serializers.ModelSerializer):
    user = serializers.SlugRelatedField(slug_field="username", queryset=User.objects.all())
    role = serializers.ChoiceField(choices=list(ROLES.items()))
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, write_only=True)

    class Meta:
        model = RoleAssignment
        fields = ["id", "user", "role", "organisation", "country", "reason"]


class RoleAssignmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                            mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """Role grants and revocations (the secretariat), each written to the change log and the security log."""

    serializer_class = RoleAssignmentSerializer
    queryset = RoleAssignment.objects.select_related("user").order_by("user__username", "role", "pk")
    permission_classes = [SecretariatOnly]
    check_model = RoleAssignment
    filterset_fields = ["role"]

    @staticmethod
    def may_write(user):
        return can(user, "add", RoleAssignment) and can(user, "change", User)

    def get_queryset(self):
        return RoleAssignment.objects.for_user(self.request.user, "view").select_related("user").order_by(
            "user__username", "role", "pk")

    def get_object(self):
        try:
            return self.get_queryset().get(pk=int(self.kwargs["pk"]))
        except (RoleAssignment.DoesNotExist, ValueError, OverflowError):
            raise exceptions.NotFound()

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.grant_role(
            self.request.user, data["user"], data["role"], organisation=data.get("organisation"),
            country=data.get("country"), reason=data.get("reason", ""), request=self.request)

    def destroy(self, request, *args, **kwargs):
        assignment = self.get_object()
        services.revoke_role(request.user, assignment.pk, reason=str(request.query_params.get("reason", ""))[:300],
                             request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SecurityEventSerializer(serializers.ModelSerializer):
    actor = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = SecurityEvent
        fields = ["id", "time", "kind", "username", "actor", "address", "door", "detail"]


class SecurityEventViewSet(viewsets.ReadOnlyModelViewSet):
    """The security log: sign-ins, failures, lockouts, password changes, tokens, role grants (secretariat)."""

    serializer_class = SecurityEventSerializer
    queryset = SecurityEvent.objects.all()
    permission_classes = [SecretariatOnly]
    check_model = SecurityEvent
    filterset_fields = ["kind", "username", "door"]

    @staticmethod
    def may_write(user):
        return False

    def get_queryset(self):
        return SecurityEvent.objects.for_user(self.request.user, "view").select_related("actor")

    def get_object(self):
        try:
            return self.get_queryset().get(pk=int(self.kwargs["pk"]))
        except (SecurityEvent.DoesNotExist, ValueError, OverflowError):
            raise exceptions.NotFound()


def register(router):
    router.register("accounts/tokens", TokenViewSet, basename="accounts-tokens")
    router.register("accounts/role-assignments", RoleAssignmentViewSet, basename="accounts-role-assignments")
    router.register("accounts/security-events", SecurityEventViewSet, basename="accounts-security-events")
