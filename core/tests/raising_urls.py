"""The site's URLs plus two views that fail, for core/tests/test_logging.py."""

from django.db import OperationalError
from django.urls import include, path


def broken(request):
    raise RuntimeError("the stocktaking figures do not add up")


def locked(request):
    raise OperationalError("database is locked")


urlpatterns = [
    path("broken/", broken),
    path("locked/", locked),
    path("", include("config.urls")),
]
