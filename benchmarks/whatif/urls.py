"""The site's URLs, with the two API lists cached for 60 s (``cache_page``).

The cache key is the full URL plus the headers the response varies on: Accept,
Accept-Language, Cookie (DRF's session authentication) and Authorization (basic
authentication, added here). Anonymous API clients share one entry per URL; a signed-in
partner, whose lists include partners-only records, gets entries of their own.
"""

from django.urls import include, path
from django.views.decorators.cache import cache_page
from django.views.decorators.vary import vary_on_headers

from documents.api.views import DocumentViewSet
from meetings.api.views import MeetingViewSet

API_CACHE_SECONDS = 60


def cached_list(viewset):
    view = vary_on_headers("Authorization")(viewset.as_view({"get": "list"}))
    return cache_page(API_CACHE_SECONDS)(view)


urlpatterns = [
    path("api/meetings/", cached_list(MeetingViewSet)),
    path("api/documents/", cached_list(DocumentViewSet)),
    path("", include("config.urls")),
]
