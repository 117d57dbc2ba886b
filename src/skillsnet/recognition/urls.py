from django.urls import path

from . import api, views

app_name = "recognition"
urlpatterns = [
    path("recognition/assess/", views.assess, name="assess"),
    path("recognition/statistics/", views.statistics, name="statistics"),
    path("recognition/recognition-cases/<int:pk>/decide/", views.decide, name="decide"),
    path("recognition/recognition-cases/<int:pk>/compare/", views.compare, name="compare"),
    path("recognition/recognition-cases/<int:pk>/decision.pdf", views.decision_download, name="decision_pdf"),
    path("api/recognition/assess/", api.RecognitionAssessView.as_view(), name="api_assess"),
    path("api/recognition/statistics/", api.RecognitionStatisticsView.as_view(), name="api_statistics"),
    path("api/recognition/recognition-cases/<int:pk>/decide/", api.RecognitionDecideView.as_view(),
         name="api_decide"),
    path("api/recognition/recognition-cases/<int:pk>/compare/", api.RecognitionCompareView.as_view(),
         name="api_compare"),
]
