from django.urls import path

from . import views

app_name = "labels"
urlpatterns = [
    path("", views.LabelListView.as_view(), name="list"),
    path("<int:pk>/", views.LabelDetailView.as_view(), name="detail"),
    path("applications/", views.ApplicationListView.as_view(), name="applications"),
    path("applications/new/", views.ApplicationCreateView.as_view(), name="create"),
    path("applications/<int:pk>/", views.ApplicationDetailView.as_view(), name="application"),
    path("applications/<int:pk>/edit/", views.ApplicationUpdateView.as_view(), name="edit"),
    path(
        "applications/<int:pk>/step/<slug:transition>/",
        views.ApplicationTransitionView.as_view(),
        name="transition",
    ),
    path("applications/<int:pk>/report/", views.ReportView.as_view(), name="report"),
]
