from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.MeetingListView.as_view(), name="list"),
    path("calendar/", views.MeetingCalendarView.as_view(), name="calendar"),
    path("recommendations/", views.RecommendationListView.as_view(), name="recommendations"),
    path("feed.ics", views.MeetingFeedView.as_view(), name="feed"),
    path("<slug:slug>/", views.MeetingDetailView.as_view(), name="detail"),
]
