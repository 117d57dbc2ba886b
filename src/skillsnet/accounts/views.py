from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import events, forms, ratelimit, services, tokens
from .models import RoleAssignment, SecurityEvent, User
from .permissions import can


def _locked_message():
    minutes = settings.SKILLSNET_LOGIN_WINDOW_SECONDS // 60
    return _("Too many failed sign-ins. Try again in %(minutes)s minutes.") % {"minutes": minutes}


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "")
        if ratelimit.is_locked(request, username):
            events.record("login_failed", username=username[:150], request=request, door="web",
                          detail={"locked": ratelimit.locked_by(request, username)})
            form = self.get_form()
            form.errors.clear()
            form.add_error(None, _locked_message())
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        lang = form.get_user().preferred_language
        if lang:
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, lang, samesite="Lax")
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Password reset requests, throttled per address and per e-mail address (within an hour)."""

    def form_valid(self, form):
        email = (form.cleaned_data.get("email") or "").strip().lower()
        request = self.request
        too_many = ratelimit.throttle(request, "reset-ip", events.client_address(request),
                                      settings.SKILLSNET_PASSWORD_RESET_PER_ADDRESS, 3600)
        too_many_for_email = ratelimit.throttle(request, "reset-email", email,
                                                settings.SKILLSNET_PASSWORD_RESET_PER_EMAIL, 3600)
        if too_many or too_many_for_email:
            events.record("password_reset_throttled", username=email[:150], request=request, door="web")
            form.add_error(None, _("Too many password reset requests. Try again in an hour."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        events.record("password_reset_requested", username=email[:150], request=request, door="web")
        return super().form_valid(form)


class PasswordChangeView(auth_views.PasswordChangeView):
    def form_valid(self, form):
        response = super().form_valid(form)
        events.record("password_changed", user=self.request.user, actor=self.request.user, request=self.request,
                      door="web")
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        events.record("password_changed", user=form.user, request=self.request, door="web",
                      detail={"by": "reset"})
        return response


@login_required
def profile(request):
    return render(request, "accounts/profile.html", {
        "tokens": tokens.active_tokens(request.user),
        "token_form": forms.TokenForm(),
        "new_token": request.session.pop("new_token", None),
        "assignments": request.user.role_assignments.select_related("organisation", "country"),
        "token_days": settings.SKILLSNET_TOKEN_DAYS,
        "manages_roles": can(request.user, "add", RoleAssignment) and can(request.user, "change", User),
        "reads_security_log": can(request.user, "view", SecurityEvent)})


@login_required
@require_POST
def regenerate_token(request):
    """Create a new token (the clear key is shown once, on the next page)."""
    form = forms.TokenForm(request.POST)
    name = form.cleaned_data["name"] if form.is_valid() else ""
    token = services.create_token(request.user, name=name, request=request)
    messages.success(request, _("A new API token was created. Copy it now: it is not shown again."))
    request.session["new_token"] = token.key
    return redirect("accounts:profile")


@login_required
@require_POST
def revoke_token(request, pk):
    try:
        services.revoke_token(request.user, pk, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The token was revoked."))
    return redirect("accounts:profile")


def _require_role_manager(request):
    if not request.user.is_authenticated:
        return auth_views.redirect_to_login(request.get_full_path())
    if not (can(request.user, "add", RoleAssignment) and can(request.user, "change", User)):
        raise PermissionDenied(_("Only the secretariat manages roles."))
    return None


def roles(request):
    """The secretariat grants and revokes roles (through accounts.services: change log + security event)."""
    denied = _require_role_manager(request)
    if denied:
        return denied
    if request.method == "POST":
        form = forms.GrantRoleForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.grant_role(request.user, data["user"], data["role"], organisation=data["organisation"],
                                    country=data["country"], reason=data["reason"], request=request)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Role granted."))
                return redirect("accounts:roles")
    else:
        form = forms.GrantRoleForm(user=request.user)
    assignments = RoleAssignment.objects.for_user(request.user, "view").select_related(
        "user", "organisation", "country").order_by(
        "user__username", "role")
    page = Paginator(assignments, 100).get_page(request.GET.get("page"))
    return render(request, "accounts/roles.html", {"form": form, "page": page},
                  status=400 if form.errors else 200)


@require_POST
def revoke_role(request, pk):
    denied = _require_role_manager(request)
    if denied:
        return denied
    get_object_or_404(RoleAssignment.objects.for_user(request.user, "delete"), pk=pk)
    services.revoke_role(request.user, pk, reason=request.POST.get("reason", "")[:300], request=request)
    messages.success(request, _("Role revoked."))
    return redirect("accounts:roles")


def security_events(request):
    if not request.user.is_authenticated:
        return auth_views.redirect_to_login(request.get_full_path())
    if not can(request.user, "view", SecurityEvent):
        raise PermissionDenied(_("Only the secretariat reads the security log."))
    qs = SecurityEvent.objects.for_user(request.user, "view").select_related("user", "actor")
    kind = request.GET.get("kind", "")
    if kind in dict(SecurityEvent.KINDS):
        qs = qs.filter(kind=kind)
    username = request.GET.get("username", "")[:150]
    if username:
        qs = qs.filter(username__iexact=username)
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    return render(request, "accounts/security_events.html", {
        "page": page, "kinds": SecurityEvent.KINDS, "kind": kind, "username": username})
