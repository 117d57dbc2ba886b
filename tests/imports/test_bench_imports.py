"""`skillsnet bench --imports` runs end to end at a tiny size (no time is asserted: the machine varies)."""
import io

from django.core.management import call_command

from skillsnet.directory.models import Organisation
from skillsnet.people.models import Participation


def test_bench_imports_runs_the_three_ways_and_leaves_no_rows(reference):
    out = io.StringIO()
    call_command("bench", "--imports", "--rows", "40", "--die-rows", "20", stdout=out)
    text = out.getvalue()
    assert "organisations: skillsnet" in text and "participations: django-import-export" in text
    assert "× d-i-e" in text and "share of COPY" in text
    assert not Organisation.objects.filter(name__startswith="SYNTHETIC import").exists()
    assert not Participation.objects.exists()
