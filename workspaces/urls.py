from django.urls import path

from . import views

app_name = "workspaces"

urlpatterns = [
    path("", views.ReferenceCountryListView.as_view(), name="list"),
    path(
        "themes/<int:pk>/step/<str:transition>/",
        views.ThemeTransitionView.as_view(),
        name="theme-transition",
    ),
    path("<slug:framework>/<str:code>/", views.WorkspaceView.as_view(), name="workspace"),
    path(
        "<slug:framework>/<str:code>/reports/new/",
        views.ReportCreateView.as_view(),
        name="report-create",
    ),
    path(
        "<slug:framework>/<str:code>/reports/<int:pk>/edit/",
        views.ReportUpdateView.as_view(),
        name="report-edit",
    ),
    path(
        "<slug:framework>/<str:code>/themes/new/",
        views.ThemeCreateView.as_view(),
        name="theme-create",
    ),
    path(
        "<slug:framework>/<str:code>/themes/<int:pk>/edit/",
        views.ThemeUpdateView.as_view(),
        name="theme-edit",
    ),
]
