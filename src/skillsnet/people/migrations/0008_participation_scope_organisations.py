# The organisations of a focal point's scope copied onto each participation (people/scope.py), as 0006 did for the
# countries: not atomic and resumable for large databases (see 0006's fill).

from django.db import migrations, models

from . import _scope_copies

COLUMNS = ("scope_person_organisation", "scope_host_organisation")
INDEXES = {  # name: columns (the same as the AddIndex state operations below)
    "people_part_scope_porg": ("scope_person_organisation",),
    "people_part_scope_horg": ("scope_host_organisation",),
}


def _column():
    return models.BigIntegerField(blank=True, editable=False, null=True)


def fill(apps, schema_editor):
    """Every existing participation's organisations, 50,000 rows per transaction, only where the copy differs (so
    that `skillsnet migrate` resumes an interrupted run)."""
    from skillsnet.people import scope

    scope.rebuild(batch=50_000, columns=COLUMNS)


# each step safe to run again (_scope_copies)
add_columns, drop_columns, add_indexes, drop_indexes = _scope_copies.steps(COLUMNS, _column, INDEXES)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ('people', '0007_activity_figures'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(model_name='participation', name=name, field=_column()) for name in COLUMNS
            ],
            database_operations=[migrations.RunPython(add_columns, drop_columns)],
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddIndex(
                    model_name='participation',
                    index=models.Index(fields=['scope_person_organisation'], name='people_part_scope_porg'),
                ),
                migrations.AddIndex(
                    model_name='participation',
                    index=models.Index(fields=['scope_host_organisation'], name='people_part_scope_horg'),
                ),
            ],
            database_operations=[migrations.RunPython(add_indexes, drop_indexes)],
        ),
    ]
