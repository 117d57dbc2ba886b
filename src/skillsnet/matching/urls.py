from django.urls import path

from . import api, views

app_name = "matching"
urlpatterns = [
    path("api/matching/organisations/<int:pk>/suggestions/", api.SuggestionsView.as_view(), name="api_suggestions"),
    path("api/matching/network/", api.NetworkView.as_view(), name="api_network"),
    path("matching/organisations/<int:pk>/suggestions/", views.suggestions, name="suggestions"),
    path("matching/organisations/<int:pk>/propose/<int:partner_pk>/", views.propose, name="propose"),
    path("matching/gaps/", views.gap_partners, name="gap_partners"),
    path("matching/network/", views.network_view, name="network"),
    path("matching/network.<str:fmt>", views.network_export, name="network_export"),
]
