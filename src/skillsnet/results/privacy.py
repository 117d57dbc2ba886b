"""Small counts of people are shown as "< 5" to roles that may not see personal data (DESIGN §8): one function
(`shown_count`) decides, in dashboards, the framework page, the donor report and the API alike."""
from decimal import Decimal

from django.apps import apps

THRESHOLD = 5
MASK = "< 5"
PEOPLE_MEASURES = {"persons_completed", "persons_enrolled", "persons_assessed", "persons_passed", "completions",
                   "credentials_issued"}


def sees_small_counts(user):
    from skillsnet.accounts.permissions import may_see_personal_data

    return user is None or may_see_personal_data(user, apps.get_model("people", "Person"))


def counts_people(indicator):
    return indicator.method == "computed" and indicator.measure in PEOPLE_MEASURES


def shown_count(value, user, people=True):
    """The value, or "< 5" when it counts fewer than five people and the user may not see personal data."""
    if value is None or not people or sees_small_counts(user):
        return value
    if Decimal(0) < Decimal(value) < THRESHOLD:
        return MASK
    return value
