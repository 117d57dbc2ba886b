from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("profile/", views.profile, name="profile"),
    path("token/", views.regenerate_token, name="regenerate_token"),
    path("token/<int:pk>/revoke/", views.revoke_token, name="revoke_token"),
    path("roles/", views.roles, name="roles"),
    path("roles/<int:pk>/revoke/", views.revoke_role, name="revoke_role"),
    path("security-events/", views.security_events, name="security_events"),
    path("password/", views.PasswordChangeView.as_view(
        template_name="accounts/form.html", success_url=reverse_lazy("accounts:password_change_done")),
        name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(template_name="accounts/message.html"),
         name="password_change_done"),
    path("password/reset/", views.PasswordResetView.as_view(
        template_name="accounts/form.html", email_template_name="accounts/password_reset_email.txt",
        subject_template_name="accounts/password_reset_subject.txt",
        success_url=reverse_lazy("accounts:password_reset_done")), name="password_reset"),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(template_name="accounts/message.html"),
         name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(
        template_name="accounts/form.html", success_url=reverse_lazy("accounts:password_reset_complete")),
        name="password_reset_confirm"),
    path("password/reset/complete/", auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/message.html"), name="password_reset_complete"),
]
