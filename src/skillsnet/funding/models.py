"""Funding: contributions from funders, budget lines by output, IATI-typed transactions, exchange rates.

Funders are directory organisations. Dates a source leaves unknown stay unknown (partial dates): the
IATI export skips and flags a transaction without a full date rather than invent one.
"""
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from skillsnet.core.fields import PartialDateField
from skillsnet.core.models import BaseModel

ORG = "directory.Organisation"


def validate_currency(value):
    import pycountry

    code = (value or "").strip().upper()
    if len(code) != 3 or pycountry.currencies.get(alpha_3=code) is None:
        raise ValidationError(_("%(code)s is not an ISO 4217 currency code (e.g. USD, CNY, EUR).")
                              % {"code": value}, code="currency")


def validate_positive(value):
    if value is not None and value <= 0:
        raise ValidationError(_("The amount must be more than zero."), code="amount")


class Contribution(BaseModel):
    """Money a funder contributes to a project (under an agreement, when one is recorded)."""

    project = models.ForeignKey("results.Project", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="contributions", verbose_name=_("project"))
    funder = models.ForeignKey(ORG, on_delete=models.PROTECT, related_name="funding_contributions",
                               verbose_name=_("funder"))
    agreement = models.ForeignKey("agreements.Agreement", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="funding_contributions", verbose_name=_("agreement"))
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2, validators=[validate_positive])
    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency],
                                help_text=_("ISO 4217 code, e.g. USD, CNY."))
    date = PartialDateField(_("date"))
    note = models.TextField(_("note"), blank=True)

    scope_organisation_path = "funder"
    scope_country_path = "project__recipient_countries"

    class Meta:
        ordering = ["project", "date", "pk"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")

    def __str__(self):
        return f"{self.currency} {self.amount:,.0f} — {self.funder}"

    def clean(self):
        self.currency = (self.currency or "").strip().upper()


class BudgetLine(BaseModel):
    project = models.ForeignKey("results.Project", on_delete=models.CASCADE, related_name="budget_lines",
                                verbose_name=_("project"))
    output = models.ForeignKey("results.ResultNode", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="budget_lines", verbose_name=_("output"))
    funder = models.ForeignKey(ORG, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="budget_lines", verbose_name=_("funder"))
    description = models.CharField(_("description"), max_length=300, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2, validators=[validate_positive])
    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency])
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)

    scope_organisation_path = "project__reporting_org"
    scope_country_path = "project__recipient_countries"

    class Meta:
        ordering = ["project", "output", "pk"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")

    def __str__(self):
        return f"{self.output or self.project}: {self.currency} {self.amount:,.0f}"

    def clean(self):
        self.currency = (self.currency or "").strip().upper()
        errors = {}
        if self.output_id and self.project_id and self.output.project_id != self.project_id:
            errors["output"] = _("The output belongs to another project.")
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("The period cannot end before it starts.")
        if errors:
            raise ValidationError(errors)


class Transaction(BaseModel):
    class Type(models.TextChoices):
        INCOMING_COMMITMENT = "11", _("incoming commitment")
        INCOMING_FUNDS = "1", _("incoming funds")
        OUTGOING_COMMITMENT = "2", _("outgoing commitment")
        DISBURSEMENT = "3", _("disbursement")
        EXPENDITURE = "4", _("expenditure")

    project = models.ForeignKey("results.Project", on_delete=models.PROTECT, related_name="transactions",
                                verbose_name=_("project"))
    type = models.CharField(_("type"), max_length=2, choices=Type.choices)
    date = PartialDateField(_("date"))
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2, validators=[validate_positive])
    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency])
    provider = models.ForeignKey(ORG, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("provider"))
    receiver = models.ForeignKey(ORG, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("receiver"))
    contribution = models.ForeignKey(Contribution, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="transactions", verbose_name=_("contribution"))
    budget_line = models.ForeignKey(BudgetLine, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="transactions", verbose_name=_("budget line"))
    description = models.CharField(_("description"), max_length=500, blank=True)

    scope_organisation_path = "project__reporting_org"
    scope_country_path = "project__recipient_countries"

    class Meta:
        ordering = ["project", "date", "pk"]
        verbose_name = _("transaction")
        verbose_name_plural = _("transactions")
        indexes = [models.Index(fields=["project", "type"])]

    def __str__(self):
        return f"{self.get_type_display()} {self.currency} {self.amount:,.0f} ({self.date or '?'})"

    def clean(self):
        self.currency = (self.currency or "").strip().upper()
        errors = {}
        if self.budget_line_id and self.project_id and self.budget_line.project_id != self.project_id:
            errors["budget_line"] = _("The budget line belongs to another project.")
        if self.contribution_id and self.contribution.project_id and self.project_id \
                and self.contribution.project_id != self.project_id:
            errors["contribution"] = _("The contribution belongs to another project.")
        if errors:
            raise ValidationError(errors)

    @property
    def funder(self):
        if self.contribution_id:
            return self.contribution.funder
        if self.budget_line_id and self.budget_line.funder_id:
            return self.budget_line.funder
        return self.provider if self.type in ("1", "11") else None


class ExchangeRate(BaseModel):
    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency])
    date = models.DateField(_("date"))
    rate_to_usd = models.DecimalField(_("USD per unit"), max_digits=18, decimal_places=8,
                                      validators=[validate_positive])
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["currency", "-date"]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        constraints = [models.UniqueConstraint(fields=["currency", "date"], name="unique_exchange_rate")]

    def __str__(self):
        return f"1 {self.currency} = {self.rate_to_usd} USD ({self.date})"

    def clean(self):
        self.currency = (self.currency or "").strip().upper()
