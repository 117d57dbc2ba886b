from django.urls import path

from . import views

app_name = "activities"
urlpatterns = [
    path("activities/calendar/", views.calendar, name="calendar"),
    path("activities/activities/<int:pk>/registration/", views.registration, name="registration"),
]
