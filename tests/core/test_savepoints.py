"""A write through the services opens one transaction (core.retry's attempt) and no savepoint of its own inside it
(core.retry.first_block); inside a caller's transaction it still rolls back alone: the caller may catch its error
and go on, and nothing of the failed write stays."""
import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from skillsnet.core import services
from skillsnet.directory.models import Organisation
from skillsnet.people.models import Person
from tests.conftest import make_org


def _savepoints(system_user, org, name):
    """SAVEPOINT statements of a create, an update and a delete of a person (its steps may open their own)."""
    with CaptureQueriesContext(connection) as queries:
        person = services.create_object(system_user, Person, {"name": name, "organisation": org})
        services.update_object(system_user, Person, person.pk, {"name": name + " S."},
                               expected_version=person.version)
        services.delete_object(system_user, Person, person.pk, expected_version=person.version + 1)
    assert not Person.objects.filter(pk=person.pk).exists()
    return sum(q["sql"].upper().startswith("SAVEPOINT") for q in queries.captured_queries)


@pytest.mark.django_db(transaction=True)
def test_a_write_on_its_own_opens_no_savepoint_for_its_own_block(reference, system_user, monkeypatch):
    from skillsnet.core import services as core_services

    org = make_org(system_user, "Savepoint College")
    now = _savepoints(system_user, org, "Bounmy")
    monkeypatch.setattr(core_services, "first_block", lambda: False)  # as every write did before
    assert _savepoints(system_user, org, "Khamla") == now + 3  # one per write


@pytest.mark.django_db(transaction=True)
def test_inside_a_callers_transaction_a_failed_write_rolls_back_alone(reference, system_user):
    org = make_org(system_user, "Caller College")

    def write_then_refuse(obj):
        Organisation.objects.create(name="Written by the failed write", kind="tvet_institute")
        raise ValidationError({"name": "refused after a write"})

    with transaction.atomic():
        with pytest.raises(ValidationError):
            services.create_object(system_user, Person, {"name": "Refused"}, before_save=write_then_refuse)
        # the caller goes on in the same transaction
        kept = services.create_object(system_user, Person, {"name": "Kept", "organisation": org})
    assert Person.objects.filter(pk=kept.pk).exists()
    assert not Person.objects.filter(name="Refused").exists()
    assert not Organisation.objects.filter(name="Written by the failed write").exists()


@pytest.mark.django_db(transaction=True)
def test_on_its_own_a_failed_write_leaves_nothing(reference, system_user):
    def write_then_refuse(obj):
        Organisation.objects.create(name="Written by the failed write", kind="tvet_institute")
        raise ValidationError({"name": "refused after a write"})

    with pytest.raises(ValidationError):
        services.create_object(system_user, Person, {"name": "Refused"}, before_save=write_then_refuse)
    assert not Organisation.objects.filter(name="Written by the failed write").exists()
    assert not Person.objects.filter(name="Refused").exists()
