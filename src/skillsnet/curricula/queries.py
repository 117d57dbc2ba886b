"""Reads about curricula: the latest published versions, the diff of two versions, the adoption map."""
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.utils.translation import gettext_lazy as _

from skillsnet.accounts.permissions import restrict
from skillsnet.core.i18n import all_columns

from .models import Adoption, CurriculumVersion, Module

#: Fields compared between two versions of a module (the module is matched by its code).
DIFF_FIELDS = ["kind", *all_columns("title"), "hours", "learning_outcomes", "units"]


def latest_published_versions():
    """The latest published version of every curriculum (a queryset of versions)."""
    latest = (CurriculumVersion.objects.filter(curriculum=OuterRef("curriculum"), published=True)
              .order_by("-number").values("pk")[:1])
    return CurriculumVersion.objects.filter(published=True, pk=Subquery(latest))


@dataclass
class FieldChange:
    field: str
    label: str
    before: object
    after: object


@dataclass
class ModuleChange:
    code: str
    title: str
    changes: list = field(default_factory=list)


@dataclass
class VersionDiff:
    old: CurriculumVersion
    new: CurriculumVersion
    added: list = field(default_factory=list)  # modules of the new version only
    removed: list = field(default_factory=list)  # modules of the old version only
    changed: list = field(default_factory=list)  # ModuleChange
    unchanged: int = 0
    hours_old: int = 0
    hours_new: int = 0

    @property
    def hours_delta(self):
        return self.hours_new - self.hours_old

    @property
    def is_empty(self):
        return not (self.added or self.removed or self.changed)

    def as_dict(self):
        """JSON-ready form (for the API)."""
        def module(m):
            return {"id": m.pk, "code": m.code, "title": m.title, "kind": m.kind, "hours": m.hours}

        return {
            "old_version": {"id": self.old.pk, "number": self.old.number},
            "new_version": {"id": self.new.pk, "number": self.new.number},
            "added": [module(m) for m in self.added],
            "removed": [module(m) for m in self.removed],
            "changed": [{"code": c.code, "title": c.title,
                         "changes": [{"field": f.field, "before": f.before, "after": f.after} for f in c.changes]}
                        for c in self.changed],
            "unchanged": self.unchanged,
            "hours": {"old": self.hours_old, "new": self.hours_new, "delta": self.hours_delta},
        }


def _module_values(module):
    values = {}
    for name in DIFF_FIELDS:
        if name == "units":
            values[name] = sorted(u.code for u in module.units.all())
        else:
            values[name] = getattr(module, name)
    return values


def diff_versions(old, new):
    """What changed from version `old` to version `new` (modules matched by code)."""
    def modules(version):
        return {m.code: m for m in version.modules.prefetch_related("units").order_by("order", "code")}

    before, after = modules(old), modules(new)
    diff = VersionDiff(old=old, new=new,
                       hours_old=sum(m.hours or 0 for m in before.values()),
                       hours_new=sum(m.hours or 0 for m in after.values()))
    diff.added = [m for code, m in after.items() if code not in before]
    diff.removed = [m for code, m in before.items() if code not in after]
    for code, m in after.items():
        if code not in before:
            continue
        a, b = _module_values(before[code]), _module_values(m)
        changes = [FieldChange(name, str(Module._meta.get_field(name).verbose_name), a[name], b[name])
                   for name in DIFF_FIELDS if a[name] != b[name]]
        if changes:
            diff.changed.append(ModuleChange(code, m.title, changes))
        else:
            diff.unchanged += 1
    return diff


def adoption_by_country(user):
    """Per country of the adopting organisation: organisations, curricula, pilots, adoptions, trainees."""
    qs = restrict(Adoption.objects.all(), user, "view")
    rows = (qs.values("organisation__country", "organisation__country__name")
            .annotate(organisations=Count("organisation", distinct=True),
                      curricula=Count("curriculum_version__curriculum", distinct=True),
                      piloted=Count("id", filter=Q(kind=Adoption.Kind.PILOTED)),
                      adopted=Count("id", filter=Q(kind=Adoption.Kind.ADOPTED)),
                      trainees=Sum("trainees"))
            .order_by("organisation__country__name"))
    out = []
    for row in rows:
        out.append({"country": row["organisation__country"] or "",
                    "country_name": row["organisation__country__name"] or str(_("no country")),
                    "organisations": row["organisations"], "curricula": row["curricula"],
                    "piloted": row["piloted"], "adopted": row["adopted"], "trainees": row["trainees"] or 0})
    return out


__all__ = ["latest_published_versions", "diff_versions", "adoption_by_country", "VersionDiff"]
