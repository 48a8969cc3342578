from django.urls import path

from . import views

app_name = "stocktaking"
urlpatterns = [
    path("", views.ReportFormView.as_view(), name="index"),
    path("<slug:slug>/", views.ReportView.as_view(), name="report"),
    path("<slug:slug>/pdf/", views.ReportPdfView.as_view(), name="pdf"),
]
