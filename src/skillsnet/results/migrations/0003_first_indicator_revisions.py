"""Indicators made before definitions were versioned get their first revision (what they count today)."""
from django.db import migrations

FIELDS = ("name", "definition", "unit", "direction", "method", "measure", "filters", "denominator_measure",
          "denominator_filters", "disaggregations", "baseline_value", "baseline_year", "baseline_note")


def first_revisions(apps, schema_editor):
    Indicator = apps.get_model("results", "Indicator")
    Revision = apps.get_model("results", "IndicatorRevision")
    for indicator in Indicator.objects.filter(revisions__isnull=True):
        definition = {}
        for name in FIELDS:
            value = getattr(indicator, name)
            definition[name] = str(value) if name == "baseline_value" and value is not None else value
        Revision.objects.create(indicator=indicator, number=1, definition=definition,
                                reason="definition at the time revisions began")


class Migration(migrations.Migration):
    dependencies = [("results", "0002_project_attribution_approval_freeze")]
    operations = [migrations.RunPython(first_revisions, migrations.RunPython.noop)]
