"""Evaluation forms, questions and links for tests."""

import datetime

import factory
from django.utils import timezone

from core.tests.factories import UserFactory
from meetings.tests.factories import MeetingFactory

from ..models import EvaluationForm, Question
from ..services import invitations_generate


class EvaluationFormFactory(factory.django.DjangoModelFactory):
    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"Evaluation of the thematic meeting {n}")
    intro = "Tell us what worked and what did not."
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))

    class Meta:
        model = EvaluationForm


class QuestionFactory(factory.django.DjangoModelFactory):
    form = factory.SubFactory(EvaluationFormFactory)
    position = factory.Sequence(lambda n: n + 1)
    kind = "rating"
    text = factory.Sequence(lambda n: f"How useful was session {n}?")

    class Meta:
        model = Question


def survey(*, state="draft", **kwargs) -> EvaluationForm:
    """A form with one question of each kind (rating, single, multiple, text)."""
    form = EvaluationFormFactory(**kwargs)
    QuestionFactory(form=form, position=1, kind="rating", text="Overall, how useful was it?")
    QuestionFactory(
        form=form,
        position=2,
        kind="single",
        text="Was the length right?",
        choices=["Too short", "Right", "Too long"],
    )
    QuestionFactory(
        form=form,
        position=3,
        kind="multiple",
        text="Which sessions did you attend?",
        choices=["Opening", "Labour migration", "Return"],
        required=False,
    )
    QuestionFactory(
        form=form, position=4, kind="text", text="What should change next time?", required=False
    )
    if state != "draft":
        EvaluationForm.objects.filter(pk=form.pk).update(state=state)
        form.refresh_from_db()
    return form


def tokens(form, count=1) -> list[str]:
    by = UserFactory(role="Secretariat")
    return [token for _invitation, token in invitations_generate(form=form, count=count, by=by)]
