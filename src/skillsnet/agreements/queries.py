"""Reads of agreements: overdue commitments, contribution totals, an organisation's agreements."""
from collections import defaultdict
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from skillsnet.accounts.permissions import restrict

from .models import Agreement, Commitment, Contribution
from .money import format_amount


def overdue_commitments(user, today=None):
    """Open commitments due before `today`, that `user` may see."""
    today = today or timezone.localdate()
    qs = Commitment.objects.filter(status=Commitment.Status.OPEN, due_on__lt=today)
    return restrict(qs, user, "view").select_related("agreement", "responsible_organisation").order_by("due_on", "id")


def agreement_and_amendment_ids(agreement):
    """The agreement's id and those of its amendments, and of their amendments, and so on."""
    ids, frontier = {agreement.pk}, [agreement.pk]
    while frontier:
        frontier = [pk for pk in Agreement.objects.filter(amends__in=frontier).values_list("pk", flat=True)
                    if pk not in ids]
        ids.update(frontier)
    return ids


def total_contributions(agreement):
    """{currency: Decimal total} of the contributions promised under the agreement and all its amendments."""
    rows = (Contribution.objects.filter(agreement__in=agreement_and_amendment_ids(agreement))
            .values("currency").annotate(total=Sum("amount")).order_by("currency"))
    totals = defaultdict(Decimal)
    for row in rows:
        totals[row["currency"]] += row["total"] or Decimal(0)
    return {currency: total.quantize(Decimal("0.01")) for currency, total in totals.items()}


def total_contributions_text(agreement):
    """['USD 5,000,000', ...] for display."""
    return [format_amount(currency, total) for currency, total in total_contributions(agreement).items()]


def agreements_of_organisation(organisation, user):
    """Agreements where the organisation is a party (in any role), that `user` may see."""
    qs = Agreement.objects.filter(pk__in=Agreement.objects.filter(parties__organisation=organisation).values("pk"))
    return restrict(qs, user, "view")


class PageRows(list):
    """A list that also answers count() like a queryset (core.registry.Panel expects one)."""

    def count(self, *args):
        return len(self) if not args else super().count(*args)


def organisation_agreements(organisation, user):
    """agreements_of_organisation as a list, read once for an organisation's page: its Agreements panel and its
    timeline (activities.queries) show the same agreements (one query instead of two; the timeline reads them all
    anyway)."""
    memo = organisation.__dict__.setdefault("_skillsnet_page_rows", {})
    key = ("agreements", getattr(user, "pk", None))
    if key not in memo:
        memo[key] = PageRows(agreements_of_organisation(organisation, user))
    return memo[key]
