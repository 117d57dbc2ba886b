"""The bench at a tiny scale: the printed figures are consistent (DuckDB and the ORM agree). No time is asserted."""
import io
import re

from django.core.management import call_command


def test_bench_tiny_scale_agrees_with_duckdb(db, reference):
    out = io.StringIO()
    call_command("bench", scale=0.002, yes=True, repeat=1, writes=30, check=True, stdout=out)
    text = out.getvalue()
    assert "SYNTHETIC" in text or "synthetic" in text
    match = re.search(r"consistency: (\d+) of (\d+) aggregates agree", text)
    assert match and match.group(1) == match.group(2) and int(match.group(2)) >= 10, text
    assert "MISMATCH" not in text
    assert "whole framework" in text and "one indicator" in text and "list API page" in text
    # the cost of a participation write with the aggregates kept, then every aggregate checked against the records
    assert re.search(r"participation write p95 \(30 writes\)\s+│\s+\d", text), text
    assert "results check: 0 differences" in text, text
    from skillsnet.directory.models import Organisation

    assert Organisation.objects.filter(name__startswith="SYNTHETIC Organisation").count() == 10
    # the participations' country copies (the coordinator's permission filter) written with the rows are right
    from skillsnet.people import scope
    from skillsnet.people.models import Participation

    assert Participation.objects.filter(scope_person_country__isnull=False).exists()
    assert scope.stale() == []


def test_bench_refuses_a_database_with_data_without_yes(orgs):
    from django.core.management.base import CommandError
    import pytest

    with pytest.raises(CommandError, match="--yes"):
        call_command("bench", scale=0.001, stdout=io.StringIO())
