"""Credential screens: issue, revoke, suspend, download (JSON, PDF, QR), the public verify page and upload,
and what verifiers fetch: did:web documents, status lists and key documents.

Public by design: the verify page, the JSON, the PDF and the QR code of a credential are reached by its
random id (a version-4 UUID, 122 random bits), which only its holder (and the issuer) know; they show only
what the signed credential itself contains. No public page lists credentials or their ids: status lists
hold bits at random positions, not ids. Listing credentials is for roles that may see personal data (the
generic list, restricted).
"""
import json

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from skillsnet.accounts.permissions import can
from skillsnet.core.registry import config_for, object_url
from skillsnet.core.services import NotFound
from skillsnet.directory.models import Organisation
from skillsnet.core.views import deny

from . import certificate, dids, services, signing
from .forms import IssueForm, RevokeForm, SuspendForm, UploadForm
from .models import IssuedCredential, IssuerKey, StatusList
from .urls_util import (base_url, did_for_base, issuer_did, issuer_page_url, issuing_base_url, key_url, verify_url)
from .verification import key_by_id, parse_credential, verify, verify_stored

JSON_LD = "application/ld+json"
DID_JSON_LD = "application/did+ld+json"
VC_JSON_LD = "application/vc+ld+json"


_deny = deny  # sign-in for visitors, 403 for signed-in users


def _public_credential(pk):
    """A credential by its (random) id, for the holder's public pages."""
    try:
        return IssuedCredential.objects.select_related("issuer", "key").get(pk=pk)
    except (IssuedCredential.DoesNotExist, ValueError, ValidationError):
        raise Http404(_("No such credential."))


def _detail_url(credential):
    config = config_for(IssuedCredential)
    return config.url("detail", credential) if config else reverse("credentials:verify", args=[credential.pk])


def _errors(exc):
    if hasattr(exc, "error_dict"):
        return [m for messages_ in exc.message_dict.values() for m in messages_]
    return list(exc.messages)


def _filename(credential, ext):
    return f"credential-{credential.pk}.{ext}"


# ------------------------------------------------------------------ what the credential shows
def shown(credential):
    """What a credential (a dict from the register or an upload) says, for display; never raises."""
    if not isinstance(credential, dict):
        return {}

    def text(value):
        return value if isinstance(value, str) else ""

    subject = credential.get("credentialSubject")
    subject = subject[0] if isinstance(subject, list) and subject else subject
    subject = subject if isinstance(subject, dict) else {}
    achievement = subject.get("achievement") if isinstance(subject.get("achievement"), dict) else {}
    criteria = achievement.get("criteria") if isinstance(achievement.get("criteria"), dict) else {}
    identifiers = subject.get("identifier") if isinstance(subject.get("identifier"), list) else []
    names = [text(i.get("identityHash")) for i in identifiers
             if isinstance(i, dict) and i.get("identityType") == "name" and not i.get("hashed")]
    issuer = credential.get("issuer")
    return {
        "id": text(credential.get("id")),
        "holder": text(subject.get("name")) or ", ".join(n for n in names if n),
        "achievement": text(achievement.get("name")),
        "description": text(achievement.get("description")),
        "criteria": text(criteria.get("narrative")),
        "issuer": text(issuer.get("name")) if isinstance(issuer, dict) else "",
        "valid_from": text(credential.get("validFrom")),
        "valid_until": text(credential.get("validUntil")),
    }


# ------------------------------------------------------------------ public: verify, download
def verify_page(request, pk):
    credential = _public_credential(pk)
    result = verify_stored(credential)
    base = base_url(request)
    return render(request, "credentials/verify.html", {
        "result": result, "shown": shown(credential.signed_json), "credential": credential,
        "verify_url": verify_url(base, credential), "form": UploadForm(),
    })


def verify_upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    ctx = {"form": form, "max_kb": form.max_kb}
    if request.method != "POST":
        return render(request, "credentials/verify.html", ctx)
    if not form.is_valid():
        return render(request, "credentials/verify.html", ctx, status=400)
    try:
        document = parse_credential(form.cleaned_data["file"].read(form.max_bytes + 1))
    except ValidationError as exc:
        form.add_error("file", exc)
        return render(request, "credentials/verify.html", ctx, status=400)
    result = verify(document)
    ctx.update(result=result, shown=shown(document))
    return render(request, "credentials/verify.html", ctx)


def download_json(request, pk):
    credential = _public_credential(pk)
    body = json.dumps(credential.signed_json, ensure_ascii=False, indent=2)
    response = HttpResponse(body.encode("utf-8"), content_type=f"{JSON_LD}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(credential, "json")}"'
    return response


def certificate_pdf(request, pk):
    credential = _public_credential(pk)
    pdf = certificate.certificate_pdf(credential, verify_url(base_url(request), credential))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_filename(credential, "pdf")}"'
    return response


def qr_png(request, pk):
    credential = _public_credential(pk)
    response = HttpResponse(certificate.qr_png(verify_url(base_url(request), credential)), content_type="image/png")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def _public_json(document, content_type, max_age=300):
    response = JsonResponse(document, content_type=content_type, json_dumps_params={"indent": 2,
                                                                                    "ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = f"public, max-age={max_age}"
    return response


def key_document(request, key_id):
    """The Multikey document of a signing key (active or retired), for credentials that name this URL as
    their verification method (issued before did:web); its controller is the organisation's DID."""
    key = key_by_id(key_id)
    if key is None:
        raise Http404(_("No such key."))
    base = base_url(request)
    document = {"@context": signing.MULTIKEY_V1_CONTEXT, **dids.verification_method(
        issuer_did(base, key.organisation), key), "id": key_url(base, key)}
    return _public_json(document, JSON_LD)


def did_install(request):
    """/.well-known/did.json: the install's did:web document."""
    base = base_url(request)
    return _public_json(dids.install_document(did_for_base(base), base), DID_JSON_LD)


MAX_ID = 2**31 - 1  # larger numbers are no id here (and would overflow an integer column)


def did_organisation(request, org_pk):
    """/issuers/<org>/did.json: an issuing organisation's did:web document with its keys (Multikey)."""
    organisation = Organisation.objects.filter(pk=org_pk).first() if org_pk <= MAX_ID else None  # public registry
    if organisation is None:
        raise Http404(_("No such issuer."))
    base = base_url(request)
    document = dids.organisation_document(issuer_did(base, organisation), organisation,
                                          issuer_page_url(base, organisation))
    if document is None:
        raise Http404(_("This organisation has issued no credential: it has no signing key."))
    return _public_json(document, DID_JSON_LD)


def status_list_document(request, org_pk, number):
    """/issuers/<org>/status/<n>: the signed BitstringStatusListCredential (revoked and suspended
    credentials have their bit set; nothing else about them is published)."""
    status_list = (StatusList.objects.filter(organisation_id=org_pk, number=number).first()
                   if max(org_pk, number) <= MAX_ID else None)
    if status_list is None or not status_list.signed_json:
        raise Http404(_("No such status list."))
    return _public_json(status_list.signed_json, VC_JSON_LD, max_age=60)


# ------------------------------------------------------------------ staff: issue, revoke, keys
def _issued(request, credentials):
    if len(credentials) == 1:
        messages.success(request, _("Credential issued to %(holder)s.") % {"holder": credentials[0].subject_name})
    elif credentials:
        messages.success(request, _("%(n)s credentials issued.") % {"n": len(credentials)})


@require_POST
def issue_participation(request, pk):
    if not request.user.is_authenticated:
        return _deny(request)
    try:
        credential = services.issue_training_credential(request.user, pk, base=issuing_base_url(request),
                                                        reason=request.POST.get("reason", "")[:1000])
    except NotFound:
        raise Http404(_("Not found."))
    except ValidationError as exc:
        for message in _errors(exc):
            messages.error(request, message)
        target = request.POST.get("next")
        return HttpResponseRedirect(target if _safe(target) else reverse("credentials:issue"))
    _issued(request, [credential])
    return HttpResponseRedirect(_detail_url(credential))


@require_POST
def issue_activity(request, pk):
    if not request.user.is_authenticated:
        return _deny(request)
    try:
        result = services.issue_activity_credentials(request.user, pk, base=issuing_base_url(request),
                                                     reason=request.POST.get("reason", "")[:1000])
    except NotFound:
        raise Http404(_("Not found."))
    except ValidationError as exc:
        for message in _errors(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("%(issued)s credentials issued; %(already)s people already held one; "
                                    "%(not_completed)s people did not complete.") % result.summary)
    target = request.POST.get("next")
    return HttpResponseRedirect(target if _safe(target) else object_url(apps.get_model("activities", "Activity")(pk=pk)))


def _safe(url):
    return isinstance(url, str) and url.startswith("/") and not url.startswith("//")


def issue(request):
    """Issue one credential: for a completed training, a qualification or a recognition decision."""
    if not request.user.is_authenticated:
        return _deny(request)
    if not can(request.user, "add", IssuedCredential):
        return _deny(request, _("You may not issue credentials."))
    orgs = Organisation.objects.for_user(request.user, "change")
    form = IssueForm(request.POST or None, organisations=orgs, user=request.user, initial=request.GET.dict() or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            common = {"issuer_id": data["issuer"].pk if data["issuer"] else None, "valid_until": data["valid_until"],
                      "base": issuing_base_url(request), "reason": data["reason"]}
            if data["kind"] == IssuedCredential.Kind.COMPLETED_TRAINING:
                credential = services.issue_training_credential(request.user, data["record"], **common)
            elif data["kind"] == IssuedCredential.Kind.QUALIFICATION:
                credential = services.issue_qualification_credential(request.user, data["record"], data["person"].pk,
                                                                     **common)
            else:
                credential = services.issue_recognition_credential(request.user, data["record"], **common)
        except NotFound as exc:
            form.add_error(IssueForm.RECORD_FIELDS.get(data["kind"]) or None, str(exc))
        except ValidationError as exc:
            for message in _errors(exc):
                form.add_error(None, message)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            _issued(request, [credential])
            return HttpResponseRedirect(_detail_url(credential))
    status = 400 if request.method == "POST" else 200
    return render(request, "credentials/issue.html", {"form": form}, status=status)


def _staff_credential(request, pk):
    try:
        return IssuedCredential.objects.for_user(request.user, "view").select_related("issuer").get(pk=pk)
    except (IssuedCredential.DoesNotExist, ValueError, ValidationError):
        raise Http404(_("Not found."))


def _status_form_view(request, pk, *, form_class, service, template, done):
    if not request.user.is_authenticated:
        return _deny(request)
    credential = _staff_credential(request, pk)
    if not services.may_issue(request.user, credential.issuer):
        return _deny(request, _("You may not change the status of credentials of %(org)s.") % {"org": credential.issuer})
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service(request.user, credential.pk, form.cleaned_data["reason"])
        except ValidationError as exc:
            for message in _errors(exc):
                form.add_error(None, message)
        else:
            messages.success(request, done)
            return HttpResponseRedirect(_detail_url(credential))
    status = 400 if request.method == "POST" else 200
    return render(request, template, {"credential": credential, "form": form}, status=status)


def revoke(request, pk):
    return _status_form_view(request, pk, form_class=RevokeForm, service=services.revoke_credential,
                             template="credentials/revoke.html",
                             done=_("The credential was revoked. It now verifies as revoked."))


def suspend(request, pk):
    return _status_form_view(request, pk, form_class=SuspendForm, service=services.suspend_credential,
                             template="credentials/suspend.html",
                             done=_("The credential was suspended. It verifies as suspended until the "
                                    "suspension is lifted."))


@require_POST
def lift_suspension(request, pk):
    if not request.user.is_authenticated:
        return _deny(request)
    credential = _staff_credential(request, pk)
    if not services.may_issue(request.user, credential.issuer):
        return _deny(request, _("You may not change the status of credentials of %(org)s.") % {"org": credential.issuer})
    try:
        services.lift_suspension(request.user, credential.pk, request.POST.get("reason", "")[:2000])
    except ValidationError as exc:
        for message in _errors(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("The suspension was lifted. The credential verifies again."))
    return HttpResponseRedirect(_detail_url(credential))


@require_POST
def rotate_key(request, org_pk):
    if not request.user.is_authenticated:
        return _deny(request)
    try:
        key = services.rotate_issuer_key(request.user, org_pk, reason=request.POST.get("reason", "")[:1000])
    except NotFound:
        raise Http404(_("Not found."))
    messages.success(request, _("New signing key %(key)s created; the previous key was retired. Credentials it "
                                "signed still verify.") % {"key": key.key_id})
    config = config_for(Organisation)
    return HttpResponseRedirect(config.url("detail", key.organisation))
