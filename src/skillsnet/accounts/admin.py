"""The Django admin: superusers only, and no role editing (roles are granted on /accounts/roles/ and in
the API, through accounts.services, which write the change log and the security log). Every save and
delete made in the admin is written to the change log and the security log too."""
from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext as _

from skillsnet.core.changelog import record_change, snapshot

from . import events, ratelimit
from .models import User


def _superuser_only(request):
    return bool(request.user.is_active and request.user.is_superuser)


admin.site.has_permission = _superuser_only


class RateLimitedAdminLoginForm(AdminAuthenticationForm):
    """The admin's sign-in says when the (account, address) is locked (the backend refuses it anyway)."""

    def clean(self):
        username = self.data.get("username", "")
        if ratelimit.is_locked(self.request, username):
            try:
                super().clean()  # goes through the backend, which logs the refused attempt
            except forms.ValidationError:
                pass
            minutes = settings.SKILLSNET_LOGIN_WINDOW_SECONDS // 60
            raise forms.ValidationError(_("Too many failed sign-ins. Try again in %(minutes)s minutes.")
                                        % {"minutes": minutes}, code="locked")
        return super().clean()


admin.site.login_form = RateLimitedAdminLoginForm


def _safe(data):
    return {k: v for k, v in (data or {}).items() if k != "password"} if data else data


@admin.register(User)
class SkillsnetUserAdmin(UserAdmin):
    def save_model(self, request, obj, form, change):
        before = _safe(snapshot(type(obj).objects.get(pk=obj.pk))) if change and obj.pk else None
        super().save_model(request, obj, form, change)
        after = _safe(snapshot(obj))
        record_change(request.user, obj, "update" if change else "create", before, after, reason="admin")
        events.record("admin_change", user=obj, actor=request.user, request=request, door="admin",
                      detail={"action": "update" if change else "create",
                              "fields": sorted(k for k in (after or {}) if (before or {}).get(k) != after.get(k))})

    def delete_model(self, request, obj):
        before, pk = _safe(snapshot(obj)), obj.pk
        events.record("admin_change", user=obj, actor=request.user, request=request, door="admin",
                      detail={"action": "delete"})
        super().delete_model(request, obj)
        record_change(request.user, obj, "delete", before, None, reason="admin", object_id=pk)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)
