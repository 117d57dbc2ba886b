from django.urls import path

from . import api, views

app_name = "curricula"
urlpatterns = [
    path("curricula/adoption-map/", views.adoption_map, name="adoption_map"),
    path("curricula/diff/", views.diff, name="diff"),
    path("curricula/curriculum-versions/<int:pk>/publish/", views.publish, name="publish"),
    path("curricula/curricula/<int:pk>/next-version/", views.next_version, name="next_version"),
    path("api/curricula/diff/<int:old>/<int:new>/", api.CurriculumDiffView.as_view(), name="api_diff"),
    path("api/curricula/adoptions-by-country/", api.AdoptionByCountryView.as_view(), name="api_adoption_map"),
]
