"""The API: one router, each app registering its viewsets from ``<app>/api/views.py``."""

from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from rest_framework.routers import DefaultRouter

router = DefaultRouter()
for app in settings.PROJECT_APPS:
    spec = find_spec(f"{app}.api")
    # workflows/api.py is a module (mixins), not a package with views: skip such apps.
    if spec is None or spec.submodule_search_locations is None:
        continue
    if find_spec(f"{app}.api.views") is not None:
        module = import_module(f"{app}.api.views")
        if hasattr(module, "register"):
            module.register(router)

app_name = "api"
urlpatterns = router.urls
