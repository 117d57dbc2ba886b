from django.urls import include, path
from rest_framework.routers import SimpleRouter

from . import api, feeds, views

router = SimpleRouter()
router.register("api/knowledge/resources", api.ResourceViewSet, basename="api-resource")

app_name = "knowledge"
urlpatterns = [
    path("knowledge/search/", views.search, name="search"),
    path("knowledge/news/", views.news, name="news"),
    path("knowledge/news/feed/", feeds.NewsFeed(), name="news_feed"),
    path("knowledge/news/<int:pk>/", views.news_detail, name="news_detail"),
    path("knowledge/resources/", views.resource_list, name="resources"),
    path("knowledge/resources/add/", views.resource_edit, name="resource_add"),
    path("knowledge/resources/<int:pk>/", views.resource_detail, name="resource_detail"),
    path("knowledge/resources/<int:pk>/edit/", views.resource_edit, name="resource_edit"),
    path("knowledge/resources/<int:pk>/delete/", views.resource_delete, name="resource_delete"),
    path("knowledge/resources/<int:pk>/download/", views.resource_download, name="resource_download"),
    path("api/knowledge/search/", api.SearchView.as_view(), name="api_search"),
    path("", include(router.urls)),
]
