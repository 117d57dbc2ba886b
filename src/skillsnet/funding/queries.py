"""Funding reads: amounts in USD (stored exchange rates), burn rate and balance per output and per funder."""
from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _

from skillsnet.results.models import partial_bounds

from .models import BudgetLine, ExchangeRate, Transaction

INCOMING = ("11", "1")
SPENT = ("3", "4")


class RateBook:
    """Exchange rates to USD: the latest rate on or before a date (the latest known when the date is unknown)."""

    def __init__(self):
        self.rates = defaultdict(list)
        for r in ExchangeRate.objects.order_by("currency", "date").values("currency", "date", "rate_to_usd"):
            self.rates[r["currency"]].append((r["date"], r["rate_to_usd"]))

    def to_usd(self, amount, currency, day=None):
        if currency == "USD":
            return Decimal(amount)
        rates = self.rates.get(currency)
        if not rates:
            return None
        rate = rates[-1][1]
        if day is not None:
            earlier = [r for d, r in rates if d <= day]
            rate = earlier[-1] if earlier else rates[0][1]
        return (Decimal(amount) * rate).quantize(Decimal("0.01"))


def transactions(project=None, types=None, funder=None, agreement=None):
    qs = Transaction.objects.select_related("contribution", "budget_line")
    if project is not None:
        qs = qs.filter(project=project)
    if types:
        qs = qs.filter(type__in=list(types))
    if agreement is not None:
        qs = qs.filter(contribution__agreement=agreement)
    if funder:
        from django.db.models import Q

        qs = qs.filter(Q(contribution__funder=funder) | Q(budget_line__funder=funder)
                       | Q(contribution__isnull=True, budget_line__funder__isnull=True, provider=funder,
                           type__in=INCOMING))
    return qs


def amount_usd(types, span, project=None, funder=None, agreement=None):
    """(total in USD, notes) of the transactions of these types within the span."""
    book, total, notes = RateBook(), Decimal("0"), []
    undated = missing = 0
    for t in transactions(project, types, funder, agreement):
        start, end = partial_bounds(t.date), partial_bounds(t.date, end=True)
        if not span.all_time and not span.contains(start, end):
            if not t.date:
                undated += 1
            continue
        usd = book.to_usd(t.amount, t.currency, end)
        if usd is None:
            missing += 1
            continue
        total += usd
    if undated:
        notes.append(_("%(n)s transaction(s) without a date are only counted over all time.") % {"n": undated})
    if missing:
        notes.append(_("%(n)s transaction(s) left out: no exchange rate to USD is stored.") % {"n": missing})
    return total, notes


def burn_rates(project):
    """Per output and per funder: budget, spent, balance and burn rate (spent / budget), all in USD."""
    book = RateBook()
    outputs = defaultdict(lambda: {"budget": Decimal(0), "spent": Decimal(0)})
    funders = defaultdict(lambda: {"budget": Decimal(0), "received": Decimal(0), "spent": Decimal(0)})
    for line in BudgetLine.objects.filter(project=project).select_related("output", "funder"):
        usd = book.to_usd(line.amount, line.currency, line.period_end) or Decimal(0)
        outputs[line.output]["budget"] += usd
        funders[line.funder]["budget"] += usd
    for t in Transaction.objects.filter(project=project).select_related(
            "budget_line__output", "budget_line__funder", "contribution__funder", "provider"):
        usd = book.to_usd(t.amount, t.currency, partial_bounds(t.date, end=True)) or Decimal(0)
        if t.type in SPENT:
            outputs[t.budget_line.output if t.budget_line_id else None]["spent"] += usd
            funders[t.funder]["spent"] += usd
        elif t.type in INCOMING:
            funders[t.funder]["received"] += usd

    def finish(table):
        out = []
        for key, row in table.items():
            row["balance"] = row.get("received", row["budget"]) - row["spent"] if "received" in row \
                else row["budget"] - row["spent"]
            base = row.get("received") or row["budget"]
            row["burn_rate"] = (row["spent"] / base) if base else None
            out.append((key, row))
        return sorted(out, key=lambda kv: str(kv[0] or ""))

    return {"outputs": finish(outputs), "funders": finish(funders)}
