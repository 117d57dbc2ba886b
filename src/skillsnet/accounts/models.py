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
