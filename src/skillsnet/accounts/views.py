from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from . import ratelimit, services


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "")
        if ratelimit.is_locked(request, username):
            form = self.get_form()
            form.errors.clear()
            minutes = settings.SKILLSNET_LOGIN_WINDOW_SECONDS // 60
            form.add_error(None, _("Too many failed sign-ins. Try again in %(minutes)s minutes.") % {"minutes": minutes})
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        ratelimit.record_failure(self.request, self.request.POST.get("username", ""))
        return super().form_invalid(form)

    def form_valid(self, form):
        ratelimit.reset(self.request, form.get_user().get_username())
        response = super().form_valid(form)
        lang = form.get_user().preferred_language
        if lang:
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, lang, samesite="Lax")
        return response


@login_required
def profile(request):
    token = Token.objects.filter(user=request.user).first()
    return render(request, "accounts/profile.html", {
        "token": token, "new_token": request.session.pop("new_token", None), "assignments": request.user.role_assignments.select_related("organisation", "country")})


@login_required
@require_POST
def regenerate_token(request):
    token = services.regenerate_token(request.user)
    messages.success(request, _("A new API token was created. The old one no longer works."))
    request.session["new_token"] = token.key
    return redirect("accounts:profile")
