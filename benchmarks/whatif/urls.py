"""The site's URLs with the proposed changes: the view-side ones of ``patches.py``, and the
two API lists cached for 60 s (``cache_page``).

The cache key is the full URL plus the headers named in ``vary_on_headers``: Accept (the
renderer), Accept-Language (``title`` is translated), Cookie (session authentication and the
language cookie) and Authorization (basic authentication). They are named explicitly because
``cache_page`` learns the key from the response as it leaves the view, before
LocaleMiddleware adds its own ``Vary``. Anonymous API clients share one entry per URL; a
signed-in partner, whose lists include partners-only records, gets entries of their own.
"""

from django.urls import include, path
from django.views.decorators.cache import cache_page
from django.views.decorators.vary import vary_on_headers

from documents.api.views import DocumentViewSet
from meetings.api.views import MeetingViewSet

from .patches import install

install()  # the proposed view-side changes (benchmarks/whatif/patches.py)

API_CACHE_SECONDS = 60


def cached_list(viewset):
    view = vary_on_headers("Accept", "Accept-Language", "Authorization", "Cookie")(
        viewset.as_view({"get": "list"})
    )
    return cache_page(API_CACHE_SECONDS)(view)


urlpatterns = [
    path("api/meetings/", cached_list(MeetingViewSet)),
    path("api/documents/", cached_list(DocumentViewSet)),
    path("", include("config.urls")),
]
