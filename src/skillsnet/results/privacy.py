"""Small counts of people are shown as "< 5" to roles that may not see personal data (DESIGN §8): one function
(core.privacy.shown_count) decides, in dashboards, the framework page, the donor report and the API alike."""
from skillsnet.core.privacy import MASK, THRESHOLD, sees_small_counts, shown_count  # noqa: F401

PEOPLE_MEASURES = {"persons_completed", "persons_enrolled", "persons_assessed", "persons_passed", "completions",
                   "credentials_issued"}


def counts_people(indicator):
    return indicator.method == "computed" and indicator.measure in PEOPLE_MEASURES
