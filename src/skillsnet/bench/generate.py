"""Clearly labelled synthetic data for the benchmark: every organisation, programme, activity and person is
named "SYNTHETIC ...". Rows are written raw (COPY on PostgreSQL, bulk_create elsewhere: bench.fastload; no
model signals), then the results aggregates are recomputed once with results.facts.rebuild_all() and every
table is analysed."""
import datetime
import random

from django.db import connection, transaction

from skillsnet.core.text import search_blob

from .fastload import analyse, insert_objects, insert_rows

PREFIX = "SYNTHETIC"
COUNTRIES = ["CN", "LA", "KH", "MM", "ID", "TH", "VN", "PH", "MY", "LK", "PK", "SG"]
SEXES = ["female", "male", "male", "female", "unknown"]
PERSON_KINDS = ["teacher", "student", "student", "company_staff", "official"]
ORG_KINDS = ["tvet_institute", "tvet_institute", "tvet_institute", "company", "ministry", "other"]
ACTIVITY_KINDS = ["training_programme", "training_of_trainers", "peer_to_peer_workshop", "exchange_visit",
                  "conference", "lecture", "competition"]
YEARS = [2021, 2022, 2023, 2024, 2025]
BATCH = 5000


def models():
    from django.apps import apps

    get = apps.get_model
    return (get("directory", "Organisation"), get("directory", "Membership"), get("activities", "Initiative"),
            get("activities", "Activity"), get("people", "Person"), get("people", "Participation"))


def existing_synthetic():
    Organisation = models()[0]
    return Organisation.objects.filter(name__startswith=PREFIX).count()


def anything_else():
    Organisation = models()[0]
    return Organisation.objects.exclude(name__startswith=PREFIX).exists()


def remove_synthetic():
    """Delete earlier synthetic rows (raw deletes: no signals, no change-log entries for fake data)."""
    from django.apps import apps

    Organisation, Membership, Initiative, Activity, Person, Participation = models()
    with transaction.atomic():
        apps.get_model("results", "Project").objects.filter(network__name__startswith=PREFIX).delete()
        from skillsnet.accounts.rules import ROLES

        # the bench's users, one per role (bench.roles), are scoped to synthetic organisations
        apps.get_model("accounts", "User").objects.filter(username__in=[f"{PREFIX.lower()}-{r}" for r in ROLES]).delete()
        persons = Person.objects.filter(name__startswith=PREFIX)
        Participation.objects.filter(person__in=persons)._raw_delete(connection.alias)
        activities = Activity.objects.filter(title__startswith=PREFIX)
        Participation.objects.filter(activity__in=activities)._raw_delete(connection.alias)
        apps.get_model("people", "ActivityFigures").objects.filter(
            activity_id__in=activities.values("pk"))._raw_delete(connection.alias)
        from .results_writes import remove_attributions

        remove_attributions(activities)
        persons._raw_delete(connection.alias)
        activities._raw_delete(connection.alias)
        Initiative.objects.filter(name__startswith=PREFIX)._raw_delete(connection.alias)
        orgs = Organisation.objects.filter(name__startswith=PREFIX)
        Membership.objects.filter(network__in=orgs)._raw_delete(connection.alias)
        Membership.objects.filter(member__in=orgs)._raw_delete(connection.alias)
        orgs._raw_delete(connection.alias)


PERSON_COLUMNS = ("name", "sex", "kind", "birth_year", "nationality_id", "organisation_id", "has_disability",
                  "disadvantaged_youth", "search_text")


def person_rows(rnd, persons, countries, org_ids):
    for i in range(persons):
        name = f"{PREFIX} Person {i:06d}"
        yield (name, rnd.choice(SEXES), rnd.choice(PERSON_KINDS),
               rnd.randint(1960, 2008) if rnd.random() < 0.9 else None,
               rnd.choice(countries) if rnd.random() < 0.8 else None, rnd.choice(org_ids), rnd.random() < 0.05,
               rnd.random() < 0.15, search_blob([name]))


PARTICIPATION_COLUMNS = ("person_id", "activity_id", "role", "registered", "attended", "completed", "hours")
# the countries of the permission filter (people/scope.py), written with the rows rather than recomputed after
SCOPE_COLUMNS = ("scope_person_country", "scope_host_country", "scope_person_organisation", "scope_host_organisation")


def with_scope(rows, person_country, host_country, person_org, host):
    """Each participation row followed by its person's and its activity's host's countries and organisations."""
    for row in rows:
        yield (*row, person_country.get(row[0]), host_country.get(row[1]), person_org.get(row[0]), host.get(row[1]))


def participation_rows(rnd, person_ids, act_ids, wanted):
    """`wanted` distinct (person, activity) pairs with random outcomes, as tuples of PARTICIPATION_COLUMNS."""
    seen, made, attempts = set(), 0, 0
    n_acts = len(act_ids)
    hours = [4, 8, 16, 24, 40]
    randrange, random, choice = rnd.randrange, rnd.random, rnd.choice
    n_persons = len(person_ids)
    while made < wanted and attempts < wanted * 3:
        attempts += 1
        p, a = randrange(n_persons), randrange(n_acts)
        key = p * n_acts + a
        if key in seen:
            continue
        seen.add(key)
        completed = random() < 0.7
        made += 1
        yield (person_ids[p], act_ids[a], "participant", True, completed or random() < 0.5, completed,
               choice(hours) if completed else None)


def generate(orgs, persons, participations, activities, seed=20250523, progress=None):
    """Create the synthetic rows; returns a summary dict."""
    from skillsnet.directory.models import Country

    Organisation, Membership, Initiative, Activity, Person, Participation = models()
    rnd = random.Random(seed)
    countries = [c for c in COUNTRIES if Country.objects.filter(pk=c).exists()]
    step = progress or (lambda what: None)
    with transaction.atomic():
        network = Organisation(name=f"{PREFIX} Network", kind="alliance_network", founded="2021",
                               search_text=search_blob([f"{PREFIX} Network"]))
        network.save()
        org_objs = []
        for i in range(orgs):
            name = f"{PREFIX} Organisation {i:05d}"
            org_objs.append(Organisation(name=name, kind=rnd.choice(ORG_KINDS), country_id=rnd.choice(countries),
                                         search_text=search_blob([name])))
        insert_objects(Organisation, org_objs)
        org_ids = list(Organisation.objects.filter(name__startswith=f"{PREFIX} Organisation").values_list("pk", flat=True))
        step("organisations")
        members = []
        for pk in org_ids:
            if rnd.random() < 0.6:
                joined = str(rnd.choice(YEARS))
                left = str(int(joined) + rnd.randint(1, 3)) if rnd.random() < 0.1 else ""
                members.append(Membership(network=network, member_id=pk, joined_on=joined, left_on=left))
        insert_objects(Membership, members)
        initiatives = Initiative.objects.bulk_create([Initiative(name=f"{PREFIX} Programme {i:02d}")
                                                      for i in range(max(2, min(20, activities // 50 or 2)))])
        initiative_ids = [i.pk for i in initiatives] or list(Initiative.objects.filter(
            name__startswith=PREFIX).values_list("pk", flat=True))
        acts = []
        for i in range(activities):
            start = datetime.date(rnd.choice(YEARS), rnd.randint(1, 12), rnd.randint(1, 28))
            name = f"{PREFIX} Activity {i:05d}"
            acts.append(Activity(title=name, kind=rnd.choice(ACTIVITY_KINDS), start=start,
                                 end=start + datetime.timedelta(days=rnd.randint(0, 4)),
                                 country_id=rnd.choice(countries), host_id=rnd.choice(org_ids),
                                 initiative_id=rnd.choice(initiative_ids) if rnd.random() < 0.3 else None,
                                 mode="in_person", search_text=search_blob([name])))
        insert_objects(Activity, acts)
        act_ids = list(Activity.objects.filter(title__startswith=PREFIX).values_list("pk", flat=True))
        step("activities")
        insert_rows(Person, PERSON_COLUMNS, person_rows(rnd, persons, countries, org_ids))
        person_ids = list(Person.objects.filter(name__startswith=PREFIX).values_list("pk", flat=True))
        step("persons")
        person_country, person_org = {}, {}
        for pk, country, organisation in Person.objects.filter(name__startswith=PREFIX).values_list(
                "pk", "organisation__country_id", "organisation_id"):
            person_country[pk], person_org[pk] = country, organisation
        host_country, host = {}, {}
        for pk, country, organisation in Activity.objects.filter(title__startswith=PREFIX).values_list(
                "pk", "host__country_id", "host_id"):
            host_country[pk], host[pk] = country, organisation
        made = insert_rows(Participation, PARTICIPATION_COLUMNS + SCOPE_COLUMNS,
                           with_scope(participation_rows(rnd, person_ids, act_ids, participations),
                                      person_country, host_country, person_org, host))
        step("participations")
    step("everything committed: rows")
    from skillsnet.core import keep
    from skillsnet.matching import rankcache

    rankcache.inputs_changed()  # rows written by COPY run no post-write step: rankings and features kept are stale
    keep.data_changed()  # nor do the values kept under the data's version (core.keep: the dashboard)
    from .results_writes import bench_project

    bench_project(network, PREFIX)  # the bench project counts every activity: attributed before the aggregates
    from skillsnet.results.facts import rebuild_all

    facts = rebuild_all()
    step("aggregates")
    from skillsnet.people import figures

    figures.rebuild()
    step("activity figures")
    analyse()
    step("planner statistics (VACUUM ANALYZE on PostgreSQL, ANALYZE on SQLite)")
    return {"organisations": len(org_ids) + 1, "memberships": len(members), "activities": len(act_ids),
            "persons": len(person_ids), "participations": made, "facts": facts, "network": network}
