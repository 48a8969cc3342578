from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("", views.CountryListView.as_view(), name="list"),
    path("governance/", views.GovernanceView.as_view(), name="governance"),
    path("organisations/", views.OrganisationListView.as_view(), name="organisations"),
    path(
        "organisations/<slug:slug>/",
        views.OrganisationDetailView.as_view(),
        name="organisation",
    ),
    path("people/", views.PersonListView.as_view(), name="people"),
    path("people/<int:pk>/", views.PersonDetailView.as_view(), name="person"),
    path("networks/", views.NetworkListView.as_view(), name="networks"),
    path("networks/<slug:slug>/", views.NetworkDetailView.as_view(), name="network"),
    path("<str:iso2>/", views.CountryDetailView.as_view(), name="country"),
]
