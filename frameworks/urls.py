from django.urls import path

from . import views

app_name = "frameworks"

urlpatterns = [
    path("", views.FrameworkListView.as_view(), name="list"),
    path("items/", views.FrameworkItemListView.as_view(), name="items"),
    path("<slug:slug>/", views.FrameworkDetailView.as_view(), name="framework"),
    path("<slug:slug>/<str:code>/", views.FrameworkItemDetailView.as_view(), name="item"),
]
