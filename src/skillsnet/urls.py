from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from skillsnet.accounts import api as accounts_api
from skillsnet.core import import_views, pickers
from skillsnet.core.api import ChangeLogViewSet, register_api
from skillsnet.core.schema import CachedSchemaView
from skillsnet.core.views import all_urls

router = DefaultRouter()
router.register("changes", ChangeLogViewSet, basename="changes")
accounts_api.register(router)
register_api(router)

urlpatterns = [
    path("", include("skillsnet.web.urls")),
    path("accounts/", include("skillsnet.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/schema/", CachedSchemaView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/", include(router.urls)),
    path("pick/<str:app_label>/<str:model_name>/", pickers.pick, name="pick"),
    *import_views.urls(),  # before the generic pages: "import/" must win over "<pk>/"
    *all_urls(),
]
# Every app is always installed: its URLs are included by name (a missing module is an error, not a gap).
APP_URLS = ["activities", "agreements", "credentials", "curricula", "ingest", "knowledge", "labour",
            "matching", "people", "recognition", "results", "employment"]
urlpatterns += [path("", include(f"skillsnet.{app}.urls")) for app in APP_URLS]

handler400 = "skillsnet.web.views.bad_request"
handler403 = "skillsnet.web.views.permission_denied"
handler404 = "skillsnet.web.views.page_not_found"
handler500 = "skillsnet.web.views.server_error"
