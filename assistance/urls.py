from django.urls import path

from . import views

app_name = "assistance"

urlpatterns = [
    path("", views.AssistanceListView.as_view(), name="list"),
    path("new/", views.AssistanceCreateView.as_view(), name="create"),
    path("<int:pk>/", views.AssistanceDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.AssistanceUpdateView.as_view(), name="edit"),
    path("<int:pk>/notes/", views.SecretariatNoteCreateView.as_view(), name="note"),
    path(
        "<int:pk>/steps/<slug:transition>/",
        views.AssistanceTransitionView.as_view(),
        name="transition",
    ),
]
