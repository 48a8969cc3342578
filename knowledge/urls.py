from django.urls import path

from . import views

app_name = "knowledge"
urlpatterns = [
    path("", views.LibraryListView.as_view(), name="list"),
    path("document/<int:pk>/", views.LibraryDocumentView.as_view(), name="document"),
    path("figures/", views.FigureListView.as_view(), name="figures"),
    path("upload/", views.UploadView.as_view(), name="upload"),
    path("jobs/", views.JobsView.as_view(), name="jobs"),
    path("review/", views.DraftListView.as_view(), name="drafts"),
    path("review/<int:pk>/", views.ReviewView.as_view(), name="review"),
    path("review/<int:pk>/extract-again/", views.ExtractAgainView.as_view(), name="extract-again"),
]
