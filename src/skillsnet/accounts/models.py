from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from skillsnet.core.scoping import ScopedManager

from .rules import ROLES, SCOPED_ROLES


class User(AbstractUser):
    """A person who signs in. What they may do comes from their role assignments."""

    preferred_language = models.CharField(_("preferred language"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def role_codes(self):
        return sorted({a.role for a in self.role_assignments.all()})

    def set_password(self, raw_password):
        super().set_password(raw_password)
        if not getattr(self, "_rehashing", False):  # a new password, not the same one hashed anew
            self._password_changed = True

    def check_password(self, raw_password):
        # Django re-hashes a correct password with the preferred hasher (set_password + save): the
        # password did not change, so the tokens stay.
        self._rehashing = True
        try:
            return super().check_password(raw_password)
        finally:
            self._rehashing = False

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if getattr(self, "_password_changed", False):
            # a new password (changed or reset) ends every API token of the account
            self._password_changed = False
            from .tokens import revoke_all

            revoke_all(self, reason="password changed")


class RoleAssignment(models.Model):
    """One role of one user, scoped to an organisation or a country where the role needs it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments",
                             verbose_name=_("user"))
    role = models.CharField(_("role"), max_length=40, choices=list(ROLES.items()))
    organisation = models.ForeignKey("directory.Organisation", null=True, blank=True, on_delete=models.CASCADE,
                                     related_name="role_assignments", verbose_name=_("organisation"))
    country = models.ForeignKey("directory.Country", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="role_assignments", verbose_name=_("country"))

    objects = ScopedManager()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [models.UniqueConstraint(fields=["user", "role", "organisation", "country"],
                                               name="unique_role_assignment")]

    def __str__(self):
        scope = self.organisation or self.country or _("network")
        return f"{self.user} · {self.get_role_display()} · {scope}"

    def clean(self):
        needs = SCOPED_ROLES.get(self.role)
        if needs == "organisation" and not self.organisation_id:
            raise ValidationError({"organisation": _("This role is scoped to an organisation: choose one.")})
        if needs == "country" and not self.country_id:
            raise ValidationError({"country": _("This role is scoped to a country: choose one.")})


class SecurityEvent(models.Model):
    """What happened at the doors: sign-ins, failures, lockouts, role grants, tokens (secretariat reads it)."""

    KINDS = [
        ("login", _("signed in")),
        ("login_failed", _("sign-in failed")),
        ("lockout", _("sign-ins locked")),
        ("logout", _("signed out")),
        ("password_changed", _("password changed")),
        ("password_reset_requested", _("password reset requested")),
        ("password_reset_throttled", _("password reset throttled")),
        ("token_created", _("API token created")),
        ("token_revoked", _("API token revoked")),
        ("token_used", _("API token used")),
        ("role_granted", _("role granted")),
        ("role_revoked", _("role revoked")),
        ("session_expired", _("session expired")),
        ("admin_change", _("changed in the admin")),
    ]

    time = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("event"), max_length=40, choices=KINDS, db_index=True)
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                             verbose_name=_("user"))
    username = models.CharField(_("user name"), max_length=150, blank=True)
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                              verbose_name=_("by"))
    address = models.CharField(_("address"), max_length=64, blank=True)
    door = models.CharField(_("door"), max_length=40, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    # Only roles that see personal data everywhere (the secretariat) read it: no scope paths.
    personal_data = True
    objects = ScopedManager()

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        ordering = ["-time", "-pk"]

    def __str__(self):
        return f"{self.time:%Y-%m-%d %H:%M} {self.get_kind_display()} {self.username}"


class ApiToken(models.Model):
    """An API token. Only its SHA-256 digest is stored; the key is shown once, when created."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(_("starts with"), max_length=8)
    digest = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    expires = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked = models.DateTimeField(_("revoked"), null=True, blank=True)

    personal_data = True
    objects = ScopedManager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created", "-pk"]

    def __str__(self):
        return f"{self.prefix}… ({self.name or self.user})"

    @property
    def active(self):
        from django.utils import timezone

        return self.revoked is None and (self.expires is None or self.expires > timezone.now())
