"""The controlled vocabulary of areas of cooperation (English names; other languages may be added later)."""
from django.db import migrations

AREAS = [
    ("faculty-development", "Faculty development"),
    ("joint-curriculum-design", "Joint curriculum design"),
    ("exchange-of-technical-expertise", "Exchange of technical expertise"),
    ("practical-training", "Practical training for students and instructors"),
    ("training-of-trainers", "Training of trainers"),
    ("exchange-of-trainers-and-trainees", "Exchange of trainers and trainees"),
    ("competitions", "Competitions"),
    ("language-training", "Language training"),
    ("research", "Research"),
    ("employment-services", "Employment services"),
    ("skills-recognition", "Skills recognition"),
    ("other", "Other"),
]


def load_areas(apps, schema_editor):
    Area = apps.get_model("agreements", "AreaOfCooperation")
    for code, name in AREAS:
        Area.objects.get_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("agreements", "0001_initial")]
    operations = [migrations.RunPython(load_areas, migrations.RunPython.noop)]
