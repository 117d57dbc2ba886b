from django.urls import path

from . import api, views

app_name = "results"
urlpatterns = [
    path("results/dashboard/", views.dashboard, name="dashboard"),
    path("results/projects/<int:pk>/framework/", views.project_framework, name="framework"),
    path("results/projects/<int:pk>/period/", views.period_action, name="period_action"),
    path("results/projects/<int:pk>/report.<str:fmt>", views.project_report, name="report"),
    path("results/projects/<int:pk>/iati.xml", views.project_iati, name="iati"),
    path("results/projects/<int:pk>/changes/", views.project_changes, name="changes"),
    path("results/api/projects/<int:pk>/iati.xml", views.api_project_iati, name="api_iati"),
    path("api/results/projects/<int:pk>/framework/", api.ProjectFrameworkView.as_view(), name="api_framework"),
    path("api/results/indicators/<int:pk>/actuals/", api.IndicatorActualsView.as_view(), name="api_actuals"),
    path("api/results/reported-vs-recorded/", api.ReportedFiguresView.as_view(), name="api_reported"),
]
