from django.urls import path

from . import views

app_name = "labour"
urlpatterns = [
    path("labour/gaps/", views.gaps, name="gaps"),
    path("labour/gaps/<str:country>/<str:code>/", views.gap_detail, name="gap_detail"),
]
