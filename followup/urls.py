from django.urls import path

from . import views

app_name = "followup"

urlpatterns = [
    path("", views.FollowUpListView.as_view(), name="list"),
    path("stale/", views.StaleFollowUpView.as_view(), name="stale"),
    path("meeting/<slug:slug>/", views.MeetingFollowUpView.as_view(), name="meeting"),
    path("item/<path:uid>/", views.ItemFollowUpView.as_view(), name="item"),
    path("<int:pk>/", views.FollowUpDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.FollowUpUpdateView.as_view(), name="edit"),
    path("<int:pk>/entries/new/", views.FollowUpEntryCreateView.as_view(), name="entry"),
]
