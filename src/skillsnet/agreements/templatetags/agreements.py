from django import template

from .. import queries, services

register = template.Library()


@register.simple_tag
def next_statuses(agreement):
    """[(value, label)] of the statuses the agreement may move to."""
    return services.next_statuses(agreement.status)


@register.simple_tag
def contribution_totals(agreement):
    """['USD 5,000,000', ...]: contributions promised under the agreement and all its amendments."""
    return queries.total_contributions_text(agreement)
