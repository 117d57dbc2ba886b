from django.urls import path

from . import api, views

app_name = "agreements"
urlpatterns = [
    path("agreements/agreements/<int:pk>/transition/", views.change_status, name="change_status"),
    path("agreements/overdue-commitments/", views.overdue_commitments, name="overdue_commitments"),
    path("agreements/documents/<int:pk>/download/", views.download_document, name="download_document"),
    path("api/agreements/agreements/<int:pk>/transition/", api.AgreementTransitionView.as_view(),
         name="api_transition"),
]
