"""Credential screens: issue, revoke, download (JSON, PDF, QR), the public verify page and upload,
the revocation list and the published keys.

Public by design: the verify page, the JSON, the PDF and the QR code of a credential are reached by its
random id, which only its holder (and the issuer) know; they show only what the signed credential itself
contains. Listing credentials is for roles that may see personal data (the generic list, restricted).
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

from skillsnet.accounts.permissions import can, restrict
from skillsnet.core.registry import config_for, object_url
from skillsnet.core.services import NotFound
from skillsnet.directory.models import Organisation
from skillsnet.core.views import deny

from . import certificate, services, signing
from .forms import IssueForm, RevokeForm, UploadForm
from .models import IssuedCredential, IssuerKey
from .urls_util import base_url, issuer_url, key_url, verify_url
from .verification import parse_credential, verify, verify_stored

JSON_LD = "application/ld+json"


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


def key_document(request, key_id):
    """The Multikey document of a signing key (active or retired): what verifiers resolve."""
    key = IssuerKey.objects.select_related("organisation").filter(key_id=key_id).first()
    if key is None:
        raise Http404(_("No such key."))
    base = base_url(request)
    document = {
        "@context": signing.MULTIKEY_V1_CONTEXT,
        "id": key_url(base, key),
        "type": "Multikey",
        "controller": issuer_url(base, key.organisation),
        "publicKeyMultibase": key.public_key_multibase,
    }
    response = JsonResponse(document, content_type=JSON_LD, json_dumps_params={"indent": 2})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def revoked_entries(request):
    base = base_url(request)
    rows = (IssuedCredential.objects.filter(revoked_at__isnull=False).select_related("issuer")
            .order_by("-revoked_at")[:10000])
    return [{"id": f"urn:uuid:{c.pk}", "issuer": c.issuer.name, "issuer_id": issuer_url(base, c.issuer),
             "revoked_at": c.revoked_at.replace(microsecond=0).isoformat()} for c in rows]


def revoked_list(request):
    entries = revoked_entries(request)
    if request.GET.get("format") == "json":
        return revoked_json(request)
    return render(request, "credentials/revoked.html", {"entries": entries})


def revoked_json(request):
    response = JsonResponse({"revoked": revoked_entries(request)}, json_dumps_params={"indent": 2})
    response["Access-Control-Allow-Origin"] = "*"
    return response


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
        credential = services.issue_training_credential(request.user, pk, base=base_url(request),
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
        result = services.issue_activity_credentials(request.user, pk, base=base_url(request),
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
    orgs = restrict(Organisation.objects.all(), request.user, "change")
    form = IssueForm(request.POST or None, organisations=orgs, initial=request.GET.dict() or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        common = {"issuer_id": data["issuer"].pk if data["issuer"] else None, "valid_until": data["valid_until"],
                  "base": base_url(request), "reason": data["reason"]}
        try:
            if data["kind"] == IssuedCredential.Kind.COMPLETED_TRAINING:
                credential = services.issue_training_credential(request.user, data["record"], **common)
            elif data["kind"] == IssuedCredential.Kind.QUALIFICATION:
                credential = services.issue_qualification_credential(request.user, data["record"], data["person"],
                                                                     **common)
            else:
                credential = services.issue_recognition_credential(request.user, data["record"], **common)
        except NotFound as exc:
            form.add_error("record", str(exc))
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


def revoke(request, pk):
    if not request.user.is_authenticated:
        return _deny(request)
    try:
        credential = restrict(IssuedCredential.objects.select_related("issuer"), request.user, "view").get(pk=pk)
    except (IssuedCredential.DoesNotExist, ValueError, ValidationError):
        raise Http404(_("Not found."))
    if not services.may_issue(request.user, credential.issuer):
        return _deny(request, _("You may not revoke credentials of %(org)s.") % {"org": credential.issuer})
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.revoke_credential(request.user, credential.pk, form.cleaned_data["reason"])
        except ValidationError as exc:
            for message in _errors(exc):
                form.add_error(None, message)
        else:
            messages.success(request, _("The credential was revoked. It now verifies as revoked."))
            return HttpResponseRedirect(_detail_url(credential))
    status = 400 if request.method == "POST" else 200
    return render(request, "credentials/revoke.html", {"credential": credential, "form": form}, status=status)


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
