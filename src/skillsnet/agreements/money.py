"""Amounts in ISO 4217 currencies."""
from decimal import Decimal

import pycountry
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def validate_currency(value):
    code = (value or "").strip().upper()
    if len(code) != 3 or pycountry.currencies.get(alpha_3=code) is None:
        raise ValidationError(_("%(code)s is not an ISO 4217 currency code (e.g. USD, CNY, EUR).")
                              % {"code": value}, code="currency")


def format_amount(currency, amount):
    """'USD 5,000,000' (cents only when there are any)."""
    amount = Decimal(amount or 0)
    text = f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"
    return f"{currency} {text}"


def validate_positive_amount(value):
    if value is not None and value <= 0:
        raise ValidationError(_("The amount must be more than zero."), code="amount")
