"""Writes to the registry. Every door (web, API, CLI, import, demo loader) calls these."""
from skillsnet.core import services as core

from .models import Organisation


def create_organisation(actor, data, reason=""):
    return core.create_object(actor, Organisation, data, reason=reason)


def update_organisation(actor, org_id, changes, expected_version, reason=""):
    return core.update_object(actor, Organisation, org_id, changes, expected_version=expected_version, reason=reason)
