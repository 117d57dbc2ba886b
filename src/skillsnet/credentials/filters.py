import django_filters
from django.utils.translation import gettext_lazy as _

from skillsnet.core.filters import BaseFilterSet

from .models import IssuedCredential, IssuerKey


class IssuedCredentialFilterSet(BaseFilterSet):
    search_fields = ("subject_name", "achievement_name")
    revoked = django_filters.BooleanFilter(field_name="revoked_at", lookup_expr="isnull", exclude=True,
                                           label=_("Revoked"))
    sort = django_filters.OrderingFilter(fields=[("achievement_name", "achievement_name"),
                                                 ("subject_name", "subject_name"), ("valid_from", "valid_from"),
                                                 ("revoked_at", "revoked_at")], label=_("Sort"))

    class Meta:
        model = IssuedCredential
        fields = ["issuer", "kind"]


class IssuerKeyFilterSet(BaseFilterSet):
    search_fields = ("key_id",)
    sort = django_filters.OrderingFilter(fields=[("created_at", "created_at")], label=_("Sort"))

    class Meta:
        model = IssuerKey
        fields = ["organisation", "active"]
