from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views import View

from core.views import FilteredListView, RestrictedDetailView

from .api.serializers import DocumentSerializer
from .filtersets import DocumentFilterSet
from .models import Document


class DocumentListView(FilteredListView):
    model = Document
    filterset_class = DocumentFilterSet
    serializer_class = DocumentSerializer
    template_name = "documents/document_list.html"

    def base_queryset(self):
        return Document.objects.for_list()


class DocumentDetailView(RestrictedDetailView):
    model = Document
    slug_field = "slug"
    template_name = "documents/document_detail.html"
    context_object_name = "document"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        document = self.object
        context["framework_items"] = document.framework_items.select_related("framework")
        context["countries"] = document.countries.all()
        return context


class DocumentFileView(View):
    """Serves a document's file with its content type, after the visibility check."""

    def get(self, request, slug):
        document = get_object_or_404(Document.objects.restrict(request.user, "view"), slug=slug)
        if not document.file:
            raise Http404("This document has no file.")
        try:
            handle = document.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404("The file is missing from storage.") from exc
        filename = document.file.name.rsplit("/", 1)[-1]
        response = FileResponse(handle, content_type=document.content_type, filename=filename)
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        response["X-Content-Type-Options"] = "nosniff"
        if document.extension in (".html", ".htm"):
            # Uploaded HTML is shown as a document, never allowed to run scripts here.
            response["Content-Security-Policy"] = (
                "sandbox; default-src 'none'; style-src 'unsafe-inline'"
            )
        return response
