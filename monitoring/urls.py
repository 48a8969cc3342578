from django.urls import path

from . import dashboard_views, views

app_name = "monitoring"
urlpatterns = [
    path("", dashboard_views.DashboardView.as_view(), name="dashboard"),
    path("maps/", dashboard_views.DashboardMapsView.as_view(), name="dashboard-maps"),
    path("matrix/", dashboard_views.DashboardMatrixView.as_view(), name="dashboard-matrix"),
    path("initiatives/", views.InitiativeListView.as_view(), name="initiatives"),
    path("initiatives/new/", views.InitiativeCreateView.as_view(), name="initiative-create"),
    path("initiatives/import/", views.ImportView.as_view(), name="import"),
    path("initiatives/<int:pk>/", views.InitiativeDetailView.as_view(), name="initiative"),
    path(
        "initiatives/<int:pk>/edit/", views.InitiativeUpdateView.as_view(), name="initiative-edit"
    ),
    path(
        "initiatives/<int:pk>/delete/",
        views.InitiativeDeleteView.as_view(),
        name="initiative-delete",
    ),
    path("rounds/", views.RoundListView.as_view(), name="rounds"),
    path("rounds/new/", views.RoundCreateView.as_view(), name="round-create"),
    path("rounds/<int:pk>/", views.RoundDetailView.as_view(), name="round"),
    path("rounds/<int:pk>/<str:step>/", views.RoundStepView.as_view(), name="round-step"),
    path("submissions/<int:pk>/", views.SubmissionDetailView.as_view(), name="submission"),
    path("submissions/<int:pk>/import/", views.ImportView.as_view(), name="submission-import"),
    path(
        "submissions/<int:pk>/step/<str:transition>/",
        views.SubmissionStepView.as_view(),
        name="submission-step",
    ),
    path("completeness/<int:pk>/", views.CompletenessView.as_view(), name="completeness"),
    path("data/", views.OpenDataView.as_view(), name="data"),
    path("data/dictionary/", views.DictionaryView.as_view(), name="dictionary"),
    path("data/catalog.jsonld", views.OpenDataCatalogueView.as_view(), name="catalogue"),
    path("data/<slug:key>.<str:fmt>", views.OpenDataFileView.as_view(), name="data-file"),
]
