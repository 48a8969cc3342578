from django.urls import path

from . import views

app_name = "search"
urlpatterns = [
    path("", views.SearchView.as_view(), name="search"),
    path("tagging/", views.TaggingQueueView.as_view(), name="tagging"),
    path("tagging/review/", views.BulkReviewView.as_view(), name="tagging-bulk-review"),
    path("tagging/<int:pk>/review/", views.ReviewView.as_view(), name="tagging-review"),
]
