"""The API: one router, each app registering its viewsets from ``<app>/api/views.py``."""

from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from rest_framework.routers import DefaultRouter

router = DefaultRouter()
for app in settings.PROJECT_APPS:
    if find_spec(f"{app}.api") is not None and find_spec(f"{app}.api.views") is not None:
        module = import_module(f"{app}.api.views")
        if hasattr(module, "register"):
            module.register(router)

app_name = "api"
urlpatterns = router.urls
