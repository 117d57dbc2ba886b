from django.urls import path

from . import api, views

app_name = "people"
urlpatterns = [
    path("people/summary/", views.summary, name="summary"),
    path("people/duplicates/", views.duplicates, name="duplicates"),
    path("people/people/<int:pk>/merge/", views.merge, name="person_merge"),
    path("api/people/summary/", api.ParticipationSummaryView.as_view(), name="api_summary"),
]
