from django.contrib import admin
from django.contrib.auth.views import LogoutView
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts.views import LoginView
from core.api.views import not_found
from core.views import switch_language

urlpatterns = [
    path("", include("portal.urls")),
    path("partners/", include("partners.urls")),
    path("action-plans/", include("frameworks.urls")),
    path("meetings/", include("meetings.urls")),
    path("documents/", include("documents.urls")),
    path("labels/", include("labels.urls")),
    path("assistance/", include("assistance.urls")),
    path("follow-up/", include("followup.urls")),
    path("evaluations/", include("evaluations.urls")),
    path("reference-countries/", include("workspaces.urls")),
    path("library/", include("knowledge.urls")),
    path("search/", include("search.urls")),
    path("monitoring/", include("monitoring.urls")),
    path("stocktaking/", include("stocktaking.urls")),
    path("account/", include("accounts.urls")),
    path("tasks/", include("core.task_views")),
    path("api/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("language/<str:code>/", switch_language, name="switch-language"),
    path("admin/", admin.site.urls),
    # Last: any other address under /api/ ending in "/" (``/api/labels/x/``) answers the API's
    # JSON 404, as documented in the schema (core.api.schema), not the site's HTML page.
    re_path(r"^api/[\s\S]+/$", not_found, name="api-not-found"),
]
