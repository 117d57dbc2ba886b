"""W3C Bitstring Status List v1.0 for the credentials of this register.

Each issuing organisation has status lists (`StatusList`) of 131,072 entries; every credential it issues
takes a randomly chosen unused index of its open list (random, so that an index says nothing about when
or to whom a credential was issued) and carries a `BitstringStatusListEntry` pointing at the list.
The list is published as a `BitstringStatusListCredential` signed by the organisation's active key at
``/issuers/<org>/status/<number>``.

The bits are derived data: bit i is set when the credential holding index i is revoked or suspended.
`republish` rebuilds and re-signs a list from the credentials; it runs as this app's core.derived step
after every write of a credential (`register_steps`), inside the writer's transaction, so the served list
never lags behind a revocation or a suspension.
"""
import secrets

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from skillsnet.core import derived
from skillsnet.core.changelog import record_change, snapshot

from . import signing
from .models import IssuedCredential, StatusList
from .urls_util import issuer_did, status_list_url

#: A list is closed once this share of its entries is taken, so random allocation stays quick and every
#: list keeps a large crowd of unused entries.
FILL_LIMIT = 0.5
RANDOM_TRIES = 32


def entry(status_list, index):
    """The credential's `credentialStatus` (one entry: Open Badges 3.0 allows one)."""
    url = status_list.signed_json["id"]
    return {"id": f"{url}#{index}", "type": "BitstringStatusListEntry", "statusPurpose": status_list.purpose,
            "statusListIndex": str(index), "statusListCredential": url}


def _list_snapshot(status_list):
    data = snapshot(status_list)
    data.pop("signed_json", None)  # derived; it is re-signed on every status change
    return data


def _new_list(actor, organisation, base, key):
    last = StatusList.objects.filter(organisation=organisation).order_by("-number").first()
    status_list = StatusList(organisation=organisation, number=(last.number + 1) if last else 1)
    status_list.full_clean()
    status_list.save()
    _sign(status_list, key, base)
    status_list.save(update_fields=["signed_json"])
    record_change(actor, status_list, "create", None, _list_snapshot(status_list),
                  reason=_("Status list created for the credentials of %(org)s.") % {"org": organisation})
    return status_list


def _open_list(actor, organisation, base, key):
    status_list = StatusList.objects.filter(organisation=organisation).order_by("-number").first()
    if status_list is not None:
        published_for = status_list.signed_json["id"] if status_list.signed_json else ""
        full = status_list.credentials.count() >= status_list.length * FILL_LIMIT
        if not full and published_for == status_list_url(base, status_list):
            return status_list
    return _new_list(actor, organisation, base, key)


def _free_index(status_list):
    taken = IssuedCredential.objects.filter(status_list=status_list)
    for _try in range(RANDOM_TRIES):
        index = secrets.randbelow(status_list.length)
        if not taken.filter(status_index=index).exists():
            return index
    used = set(taken.values_list("status_index", flat=True))
    free = [i for i in range(status_list.length) if i not in used]
    if not free:
        raise ValidationError(_("The status list is full."))
    return free[secrets.randbelow(len(free))]


def allocate(actor, organisation, base, key):
    """(status list, index) for a credential being issued by `organisation` now. Call inside the issuing
    transaction, with the organisation locked (services._lock)."""
    status_list = _open_list(actor, organisation, base, key)
    return status_list, _free_index(status_list)


def set_indexes(status_list):
    return IssuedCredential.objects.filter(status_list=status_list).filter(
        Q(revoked_at__isnull=False) | Q(suspended_at__isnull=False)).values_list("status_index", flat=True)


def _sign(status_list, key, base=None):
    from .services import sign  # services imports this module

    if status_list.signed_json:  # keep the address the credentials point at
        list_id, issuer_id = status_list.signed_json["id"], status_list.signed_json["issuer"]["id"]
        base = base or _base_of(status_list)
    else:
        list_id, issuer_id = status_list_url(base, status_list), issuer_did(base, status_list.organisation)
    unsigned = signing.build_status_list_credential(
        list_id=list_id, issuer_id=issuer_id, issuer_name=status_list.organisation.name,
        purpose=status_list.purpose, encoded_list=signing.encode_status_list(set_indexes(status_list),
                                                                           status_list.length),
        valid_from=timezone.now().replace(microsecond=0))
    status_list.signed_json = sign(key, unsigned, base)


def _base_of(status_list):
    """The base URL a list was first published under (its id is BASE/issuers/ORG/status/N)."""
    list_id = status_list.signed_json["id"]
    suffix = f"/issuers/{status_list.organisation_id}/status/{status_list.number}"
    return list_id[: -len(suffix)] if list_id.endswith(suffix) else list_id.rsplit("/issuers/", 1)[0]


def republish(status_list):
    """Rebuild the list's bits from its credentials and sign it again with the organisation's active key."""
    from .services import active_key

    status_list = StatusList.objects.select_for_update().select_related("organisation").get(pk=status_list.pk)
    _sign(status_list, active_key(None, status_list.organisation))
    status_list.version += 1
    status_list.save(update_fields=["signed_json", "version", "updated_at"])
    return status_list


def credentials_written(model, pks, action, before):
    """core.derived step: republish the status lists whose bits the write changed."""
    rows = IssuedCredential.objects.filter(pk__in=pks).exclude(status_list=None)
    lists = {}
    for credential in rows.select_related("status_list"):
        was = before.get(credential.pk) or {}
        was_set = bool(was.get("revoked_at") or was.get("suspended_at"))
        if action not in ("create", "update") or was_set != credential.status_bit_set:
            lists[credential.status_list_id] = credential.status_list
    for status_list in lists.values():
        republish(status_list)


def register_steps():
    derived.register("credentials.issuedcredential", credentials_written)
