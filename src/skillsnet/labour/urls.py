from django.urls import path

from . import api, views

app_name = "labour"
urlpatterns = [
    path("api/labour/gaps/", api.GapsView.as_view(), name="api_gaps"),
    path("labour/gaps/", views.gaps, name="gaps"),
    path("labour/gaps/<str:country>/<str:code>/", views.gap_detail, name="gap_detail"),
]
