from django.urls import path

from . import api, views

app_name = "employment"
urlpatterns = [
    path("jobs/", views.open_vacancies, name="open_vacancies"),
    path("jobs/feed.json", views.feed_json, name="feed_json"),
    path("jobs/feed.atom", views.VacancyAtomFeed(), name="feed_atom"),
    path("jobs/<str:pk>/", views.vacancy_public, name="vacancy_public"),
    path("jobs/<str:pk>/apply/", views.apply, name="apply"),
    path("employment/", views.dashboard, name="dashboard"),
    path("employment/me/", views.me, name="me"),
    path("employment/me/consent/", views.consent, name="consent"),
    path("employment/me/profile/", views.my_profile, name="my_profile"),
    path("employment/me/data.json", views.my_data, name="my_data"),
    path("employment/invitations/<str:pk>/respond/", views.respond, name="respond"),
    path("employment/vacancy/<str:pk>/candidates/", views.vacancy_candidates, name="vacancy_candidates"),
    path("employment/vacancy/<str:pk>/invite/", views.invite, name="invite"),
    path("employment/application/<str:pk>/move/", views.move, name="move"),
    path("api/employment/vacancy/<str:pk>/candidates/", api.CandidatesView.as_view(), name="api_candidates"),
    path("api/employment/profile/<str:pk>/vacancies/", api.VacanciesForProfileView.as_view(),
         name="api_vacancies_for_profile"),
    path("api/employment/me/", api.MyDataView.as_view(), name="api_me"),
    path("api/employment/me/consent/", api.ConsentView.as_view(), name="api_consent"),
    path("api/employment/application/<str:pk>/move/", api.MoveView.as_view(), name="api_move"),
    path("api/employment/jobs/", api.OpenVacanciesView.as_view(), name="api_open_vacancies"),
]
