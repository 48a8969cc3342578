from django.urls import path

from . import views

app_name = "evaluations"

urlpatterns = [
    path("", views.EvaluationFormListView.as_view(), name="list"),
    path("new/", views.EvaluationFormCreateView.as_view(), name="create"),
    path("answer/<str:token>/", views.AnswerView.as_view(), name="answer"),
    path("<int:pk>/", views.EvaluationFormDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.EvaluationFormUpdateView.as_view(), name="edit"),
    path("<int:pk>/questions/add/", views.QuestionAddView.as_view(), name="question-add"),
    path(
        "<int:pk>/questions/<int:question>/edit/",
        views.QuestionEditView.as_view(),
        name="question-edit",
    ),
    path(
        "<int:pk>/questions/<int:question>/delete/",
        views.QuestionDeleteView.as_view(),
        name="question-delete",
    ),
    path(
        "<int:pk>/questions/<int:question>/move/",
        views.QuestionMoveView.as_view(),
        name="question-move",
    ),
    path("<int:pk>/links/", views.LinksView.as_view(), name="links"),
    path("<int:pk>/results/", views.ResultsView.as_view(), name="results"),
    path("<int:pk>/step/<str:transition>/", views.TransitionView.as_view(), name="transition"),
]
