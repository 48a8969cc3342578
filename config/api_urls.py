"""The read API: one router, each app registering its viewsets."""

from rest_framework.routers import DefaultRouter

from documents.api.views import register as register_documents
from frameworks.api.views import register as register_frameworks
from meetings.api.views import register as register_meetings
from partners.api.views import register as register_partners

router = DefaultRouter()
for register in (register_partners, register_frameworks, register_meetings, register_documents):
    register(router)

app_name = "api"
urlpatterns = router.urls
