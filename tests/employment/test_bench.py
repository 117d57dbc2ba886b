"""`skillsnet bench --employment` at a tiny scale: synthetic rows are labelled, both rankings run and find
candidates, and a second run replaces the synthetic rows instead of adding to them (no time is asserted)."""
import io

from skillsnet.bench import run
from skillsnet.bench.employment import PREFIX
from skillsnet.employment.models import JobSeekerProfile, Vacancy


def _bench():
    return run.main({"employment": True, "scale": 0.002, "repeat": 1}, io.StringIO())


def test_employment_bench_tiny_scale(db, reference):
    results = _bench()
    assert set(results) >= {"person_vs_vacancies", "vacancy_vs_profiles", "counts"}
    assert Vacancy.objects.filter(employer__name__startswith=PREFIX).count() == 100
    assert JobSeekerProfile.objects.filter(person__name__startswith=PREFIX).count() == 400
    assert results["counts"]["person_matches"] > 0 and results["counts"]["vacancy_matches"] > 0
    _bench()
    assert Vacancy.objects.filter(employer__name__startswith=PREFIX).count() == 100
    assert JobSeekerProfile.all_profiles.filter(person__name__startswith=PREFIX).count() == 400
