from django.urls import path

from . import views

app_name = "ingest"
urlpatterns = [
    path("ingest/", views.article_list, name="articles"),
    path("ingest/new/", views.article_new, name="new"),
    path("ingest/articles/<int:pk>/", views.review, name="review"),
    path("ingest/items/<int:pk>/decide/", views.decide, name="decide"),
]
