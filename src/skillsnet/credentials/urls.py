from django.urls import path

from . import api, views

app_name = "credentials"
urlpatterns = [
    path("credentials/issue/", views.issue, name="issue"),
    path("credentials/issue/participation/<int:pk>/", views.issue_participation, name="issue_participation"),
    path("credentials/issue/activity/<int:pk>/", views.issue_activity, name="issue_activity"),
    path("credentials/keys/<str:key_id>", views.key_document, name="key"),
    path("credentials/keys/rotate/<int:org_pk>/", views.rotate_key, name="rotate_key"),
    path("credentials/verify/", views.verify_upload, name="verify_upload"),
    path("credentials/verify/<uuid:pk>/", views.verify_page, name="verify"),
    path(".well-known/did.json", views.did_install, name="did_install"),
    path("did.json", views.did_install, name="did_install_path"),
    path("issuers/<int:org_pk>/did.json", views.did_organisation, name="did_organisation"),
    path("issuers/<int:org_pk>/status/<int:number>", views.status_list_document, name="status_list"),
    path("credentials/<uuid:pk>/credential.json", views.download_json, name="json"),
    path("credentials/<uuid:pk>/certificate.pdf", views.certificate_pdf, name="pdf"),
    path("credentials/<uuid:pk>/qr.png", views.qr_png, name="qr"),
    path("credentials/<uuid:pk>/revoke/", views.revoke, name="revoke"),
    path("credentials/<uuid:pk>/suspend/", views.suspend, name="suspend"),
    path("credentials/<uuid:pk>/lift-suspension/", views.lift_suspension, name="lift_suspension"),
    path("api/credentials/verify/", api.VerifyView.as_view(), name="api_verify"),
    path("api/credentials/verify/<uuid:pk>/", api.VerifyByIdView.as_view(), name="api_verify_id"),
]
