"""The API: one router, each app registering its viewsets from ``<app>/api/views.py``."""

from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from rest_framework.routers import DefaultRouter

router = DefaultRouter()


def _api_views(app: str):
    """``<app>.api.views`` if the app has an ``api`` package with a ``views`` module."""
    try:
        if find_spec(f"{app}.api.views") is None:
            return None
    except ModuleNotFoundError:  # no ``api`` package, or ``api`` is a plain module
        return None
    return import_module(f"{app}.api.views")


for app in settings.PROJECT_APPS:
    module = _api_views(app)
    if module is not None and hasattr(module, "register"):
        module.register(router)

app_name = "api"
urlpatterns = router.urls
