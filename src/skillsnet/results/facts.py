"""Aggregates kept in step with the records: CompletionFact (one row per completed participation, its
dimensions copied in) and CompletionCell (distinct persons, completions and hours per scope × year ×
person dimensions, so that "distinct completers by sex × country × year" is a SUM over a small table).

Why signals here, when every write goes through a service: the facts depend on three apps' tables
(people.Participation, people.Person, activities.Activity) and on directory.Organisation (its kind and
country are dimensions). Every door writes through services, but those services belong to other apps
and new doors appear (imports, merges, API); one post_save/post_delete hook per model is the single place
that guarantees an indicator is fresh on the very next read, with no rebuild step. The hooks run inside
the writer's transaction, so a rolled-back write leaves the aggregates untouched.

Writes that bypass model signals (queryset.update(), bulk_create(), raw SQL — the bench's synthetic
loader) must call `rebuild_all()` afterwards (`skillsnet results_rebuild`).
"""
import datetime
from collections import defaultdict
from decimal import Decimal

from django.apps import apps
from django.db import IntegrityError, connection, transaction
from django.db.models import F

from .models import CompletionCell, CompletionFact, partial_bounds

PERSON_DIMS = ("sex", "country", "participant_kind", "age_group", "disability", "disadvantaged_youth",
               "organisation_kind")
AGE_GROUPS = [("under_15", 0, 14), ("15_24", 15, 24), ("25_34", 25, 34), ("35_54", 35, 54), ("55_plus", 55, 200)]
AGE_GROUP_CODES = [c for c, _lo, _hi in AGE_GROUPS] + ["unknown"]


def age_group(year, birth_year):
    if not year or not birth_year:
        return "unknown"
    age = year - birth_year
    for code, low, high in AGE_GROUPS:
        if low <= age <= high:
            return code
    return "unknown"


def activity_field_attr():
    """The activity's field-of-training column, if the activities app has one (else no field dimension)."""
    Activity = apps.get_model("activities", "Activity")
    for name in ("field", "isced_field"):
        try:
            field = Activity._meta.get_field(name)
        except Exception:
            continue
        if field.many_to_one:
            return field.attname
    return None


def activity_when(activity):
    """(year, date_from, date_to) of an activity's completion: its end (or start) date, else its partial period."""
    day = activity.end or activity.start
    if day:
        return day.year, day, day
    period = getattr(activity, "period", "") or ""
    if period:
        return int(period[:4]), partial_bounds(period), partial_bounds(period, end=True)
    return None, None, None


def scopes_of(fact):
    out = ["all", f"kind:{fact['activity_kind']}"]
    if fact["initiative_id"]:
        out.append(f"initiative:{fact['initiative_id']}")
    if fact["field"]:
        out.append(f"field:{fact['field']}")
    return out


def _facts_for(person_ids):
    Participation = apps.get_model("people", "Participation")
    field_attr = activity_field_attr()
    rows = (Participation.objects.filter(person_id__in=person_ids, completed=True)
            .select_related("person", "person__organisation", "activity"))
    by_key = {}
    for p in rows:
        person, activity, org = p.person, p.activity, p.person.organisation
        year, date_from, date_to = activity_when(activity)
        fact = {
            "participation_id": p.pk, "person_id": p.person_id, "activity_id": p.activity_id,
            "year": year, "date_from": date_from, "date_to": date_to,
            "sex": person.sex or "unknown",
            "country": person.nationality_id or (org.country_id if org and org.country_id else "") or "",
            "participant_kind": person.kind or "other",
            "age_group": age_group(year, person.birth_year),
            "disability": bool(person.has_disability),
            "disadvantaged_youth": bool(person.disadvantaged_youth),
            "organisation_kind": org.kind if org else "",
            "organisation_id": org.pk if org else None,
            "field": (getattr(activity, field_attr) or "") if field_attr else "",
            "activity_kind": activity.kind,
            "initiative_id": activity.initiative_id,
            "hours": p.hours or Decimal("0"),
        }
        by_key[p.pk] = fact
    return by_key


FACT_FIELDS = ["participation_id", "person_id", "activity_id", "year", "date_from", "date_to", *PERSON_DIMS,
               "organisation_id", "field", "activity_kind", "initiative_id", "hours"]


def _norm(fact):
    return tuple(Decimal(fact[k]).quantize(Decimal("0.01")) if k == "hours" else fact[k] for k in FACT_FIELDS)


def _cell_deltas(facts):
    """{cell key: [persons, completions, hours]} for the given facts (of any persons)."""
    deltas = defaultdict(lambda: [0, 0, Decimal("0")])
    seen = set()
    for f in facts:
        if f["year"] is None:
            continue
        dims = tuple(f[d] for d in PERSON_DIMS)
        for scope in scopes_of(f):
            key = (scope, f["year"], *dims)
            d = deltas[key]
            if (key, f["person_id"]) not in seen:
                seen.add((key, f["person_id"]))
                d[0] += 1
            d[1] += 1
            d[2] += Decimal(f["hours"] or 0)
    return deltas


def _apply(deltas, sign):
    names = ("scope", "year", *PERSON_DIMS)
    for key, (persons, completions, hours) in deltas.items():
        lookup = dict(zip(names, key))
        changed = CompletionCell.objects.filter(**lookup).update(
            persons=F("persons") + sign * persons, completions=F("completions") + sign * completions,
            hours=F("hours") + sign * hours)
        if not changed and sign > 0:
            try:
                with transaction.atomic():
                    CompletionCell.objects.create(**lookup, persons=persons, completions=completions, hours=hours)
            except IntegrityError:  # created meanwhile by a concurrent writer
                CompletionCell.objects.filter(**lookup).update(
                    persons=F("persons") + persons, completions=F("completions") + completions,
                    hours=F("hours") + hours)
    if sign < 0:
        CompletionCell.objects.filter(persons__lte=0, completions__lte=0).delete()


def resync_persons(person_ids):
    """Bring the facts and cells of these persons in line with their participations (no-op when equal)."""
    person_ids = set(person_ids)
    if not person_ids:
        return
    new = _facts_for(person_ids)
    # Participations moved from another person (merge) take that person along.
    others = set(CompletionFact.objects.filter(participation_id__in=list(new)).exclude(person_id__in=person_ids)
                 .values_list("person_id", flat=True))
    if others:
        person_ids |= others
        new = _facts_for(person_ids)
    old = list(CompletionFact.objects.filter(person_id__in=person_ids).values(*FACT_FIELDS))
    if sorted(map(_norm, old)) == sorted(map(_norm, new.values())):
        return
    _apply(_cell_deltas(old), -1)
    CompletionFact.objects.filter(person_id__in=person_ids).delete()
    CompletionFact.objects.bulk_create([CompletionFact(**f) for f in new.values()])
    _apply(_cell_deltas(new.values()), +1)


# ---------------------------------------------------------------- signal handlers
def on_participation_change(sender, instance, **kwargs):
    if kwargs.get("raw"):  # loading a fixture or a backup: `results_rebuild` follows
        return
    resync_persons([instance.person_id])


def on_person_change(sender, instance, created=False, **kwargs):
    if kwargs.get("raw"):  # loading a fixture or a backup: `results_rebuild` follows
        return
    if created:
        return  # no participations yet
    Participation = apps.get_model("people", "Participation")
    if CompletionFact.objects.filter(person_id=instance.pk).exists() or \
            Participation.objects.filter(person_id=instance.pk, completed=True).exists():
        resync_persons([instance.pk])


def on_person_delete(sender, instance, **kwargs):
    if kwargs.get("raw"):  # loading a fixture or a backup: `results_rebuild` follows
        return
    if CompletionFact.objects.filter(person_id=instance.pk).exists():
        resync_persons([instance.pk])


def on_activity_change(sender, instance, **kwargs):
    if kwargs.get("raw"):  # loading a fixture or a backup: `results_rebuild` follows
        return
    ids = set(CompletionFact.objects.filter(activity_id=instance.pk).values_list("person_id", flat=True))
    Participation = apps.get_model("people", "Participation")
    ids |= set(Participation.objects.filter(activity_id=instance.pk, completed=True)
               .values_list("person_id", flat=True))
    resync_persons(ids)


def on_organisation_change(sender, instance, **kwargs):
    if kwargs.get("raw"):  # loading a fixture or a backup: `results_rebuild` follows
        return
    ids = set(CompletionFact.objects.filter(organisation_id=instance.pk).values_list("person_id", flat=True))
    resync_persons(ids)


def connect():
    from django.db.models.signals import post_delete, post_save

    if not (apps.is_installed("skillsnet.people") and apps.is_installed("skillsnet.activities")):
        return
    Participation = apps.get_model("people", "Participation")
    Person = apps.get_model("people", "Person")
    Activity = apps.get_model("activities", "Activity")
    Organisation = apps.get_model("directory", "Organisation")
    post_save.connect(on_participation_change, sender=Participation, dispatch_uid="results_participation_save")
    post_delete.connect(on_participation_change, sender=Participation, dispatch_uid="results_participation_del")
    post_save.connect(on_person_change, sender=Person, dispatch_uid="results_person_save")
    post_delete.connect(on_person_delete, sender=Person, dispatch_uid="results_person_del")
    post_save.connect(on_activity_change, sender=Activity, dispatch_uid="results_activity_save")
    post_save.connect(on_organisation_change, sender=Organisation, dispatch_uid="results_organisation_save")


# ---------------------------------------------------------------- full rebuild (bulk loads, repair)
def _year_sql(expr):
    if connection.vendor == "sqlite":
        return f"CAST(strftime('%%Y', {expr}) AS INTEGER)"
    return f"CAST(EXTRACT(YEAR FROM {expr}) AS INTEGER)"


def rebuild_all():
    """Recompute every fact and cell with set-based SQL (for data loaded without model signals)."""
    Participation = apps.get_model("people", "Participation")
    Person = apps.get_model("people", "Person")
    Activity = apps.get_model("activities", "Activity")
    Organisation = apps.get_model("directory", "Organisation")
    t = {m: m._meta.db_table for m in (Participation, Person, Activity, Organisation)}
    fact, cell = CompletionFact._meta.db_table, CompletionCell._meta.db_table
    field_attr = activity_field_attr()
    field_sql = f"COALESCE(a.{field_attr}, '')" if field_attr else "''"
    day = 'COALESCE(a."end", a.start)'
    period_year = "CAST(SUBSTR(a.period, 1, 4) AS INTEGER)" if connection.vendor == "sqlite" else \
        "CAST(NULLIF(SUBSTR(a.period, 1, 4), '') AS INTEGER)"
    year = f"COALESCE({_year_sql(day)}, CASE WHEN a.period <> '' THEN {period_year} END)"
    age = ("CASE WHEN pe.birth_year IS NULL OR {y} IS NULL THEN 'unknown' "
           + " ".join(f"WHEN {{y}} - pe.birth_year BETWEEN {lo} AND {hi} THEN '{code}'" for code, lo, hi in AGE_GROUPS)
           + " ELSE 'unknown' END").format(y=year)
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(f"DELETE FROM {cell}")
        cur.execute(f"DELETE FROM {fact}")
        cur.execute(f"""
            INSERT INTO {fact} (participation_id, person_id, activity_id, year, date_from, date_to, sex, country,
                participant_kind, age_group, disability, disadvantaged_youth, organisation_kind, organisation_id,
                field, activity_kind, initiative_id, hours)
            SELECT p.id, p.person_id, p.activity_id, {year}, {day}, {day}, pe.sex,
                COALESCE(pe.nationality_id, o.country_id, ''), pe.kind, {age}, pe.has_disability,
                pe.disadvantaged_youth, COALESCE(o.kind, ''), o.id, {field_sql}, a.kind, a.initiative_id,
                COALESCE(p.hours, 0)
            FROM {t[Participation]} p
            JOIN {t[Person]} pe ON pe.id = p.person_id
            JOIN {t[Activity]} a ON a.id = p.activity_id
            LEFT JOIN {t[Organisation]} o ON o.id = pe.organisation_id
            WHERE p.completed = %s""", [True])
        dims = ", ".join(PERSON_DIMS)
        for scope_sql, group, where in [
                ("'all'", "", ""), ("'kind:' || activity_kind", "activity_kind, ", ""),
                ("'initiative:' || CAST(initiative_id AS VARCHAR(20))", "initiative_id, ", "AND initiative_id IS NOT NULL"),
                ("'field:' || field", "field, ", "AND field <> ''")]:
            cur.execute(f"""
                INSERT INTO {cell} (scope, year, {dims}, persons, completions, hours)
                SELECT {scope_sql}, year, {dims}, COUNT(DISTINCT person_id), COUNT(*), SUM(hours)
                FROM {fact} WHERE year IS NOT NULL {where}
                GROUP BY {group}year, {dims}""")
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute(f"ANALYZE {fact}")
            cur.execute(f"ANALYZE {cell}")
    return CompletionFact.objects.count()


def check_consistency():
    """[(cell key, stored, recomputed)] where the cells disagree with the facts (empty = consistent)."""
    facts = list(CompletionFact.objects.values(*FACT_FIELDS))
    expected = {k: v for k, v in _cell_deltas(facts).items()}
    names = ("scope", "year", *PERSON_DIMS)
    stored = {tuple(c[n] for n in names): [c["persons"], c["completions"], c["hours"]]
              for c in CompletionCell.objects.values(*names, "persons", "completions", "hours")}
    out = []
    for key in set(expected) | set(stored):
        a, b = stored.get(key), expected.get(key)
        if a is None or b is None or a[0] != b[0] or a[1] != b[1] or Decimal(a[2]) != Decimal(b[2]):
            out.append((key, a, b))
    return out


def today():
    return datetime.date.today()
