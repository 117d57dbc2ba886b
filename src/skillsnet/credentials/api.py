"""API: verify a presented credential (POST a JSON body) or a stored one (GET by id). Public, throttled."""
from django.core.exceptions import ValidationError
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, throttling
from rest_framework.parsers import BaseParser
from rest_framework.response import Response
from rest_framework.views import APIView

from .models import IssuedCredential
from .verification import MAX_CREDENTIAL_BYTES, parse_credential, verify, verify_stored


class RawParser(BaseParser):
    """Hand the body over unparsed: verification explains what is wrong with it in its own words."""

    media_type = "*/*"

    def parse(self, stream, media_type=None, parser_context=None):
        return stream.read(MAX_CREDENTIAL_BYTES + 1) if stream is not None else b""


class _Public(APIView):
    permission_classes = [permissions.AllowAny]
    throttle_classes = [throttling.AnonRateThrottle, throttling.UserRateThrottle]


class VerifyView(_Public):
    parser_classes = [RawParser]

    @extend_schema(request={"application/json": OpenApiTypes.OBJECT}, responses={200: OpenApiTypes.OBJECT,
                                                                                   400: OpenApiTypes.OBJECT},
                   summary="Verify a credential", description="POST the credential's JSON. Checks the signature, "
                   "that the key belongs to the issuer named in it, the validity dates and revocation.")
    def post(self, request):
        try:
            credential = parse_credential(request.data if isinstance(request.data, bytes) else b"")
        except ValidationError as exc:
            return Response({"valid": False, "status": "invalid", "checks": [], "errors": exc.messages}, status=400)
        return Response(verify(credential).to_dict())


class VerifyByIdView(_Public):
    @extend_schema(responses={200: OpenApiTypes.OBJECT}, summary="Verify a stored credential by its id")
    def get(self, request, pk):
        try:
            record = IssuedCredential.objects.get(pk=pk)
        except IssuedCredential.DoesNotExist:
            raise Http404
        return Response(verify_stored(record).to_dict())
