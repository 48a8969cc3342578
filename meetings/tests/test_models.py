"""Invariants of meetings and their recommendations that the database enforces."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from meetings.models import MeetingRole, Recommendation
from partners.tests.factories import OrganisationFactory

from .factories import MeetingFactory, RecommendationFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_meeting_end_before_start_refused():
    MeetingFactory(start_date=datetime.date(2014, 6, 26), end_date=datetime.date(2014, 6, 26))
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingFactory(start_date=datetime.date(2014, 6, 27), end_date=datetime.date(2014, 6, 26))


@pytest.mark.parametrize("holders", ["both", "neither"])
def test_meeting_role_needs_exactly_one_holder(holders):
    meeting = MeetingFactory()
    organisation = OrganisationFactory()
    kwargs = {"country": meeting.country, "organisation": organisation} if holders == "both" else {}
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingRole.objects.create(meeting=meeting, kind="host", **kwargs)
    assert not MeetingRole.objects.exists()


def test_session_order_unique_per_meeting():
    session = SessionFactory(order=1)
    SessionFactory(order=1)  # another meeting
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionFactory(meeting=session.meeting, order=1)


class TestRecommendationNumbers:
    def test_duplicate_top_level_number_in_same_section_refused(self):
        first = RecommendationFactory(number="1", source_section="Conclusions")
        with pytest.raises(IntegrityError), transaction.atomic():
            RecommendationFactory(meeting=first.meeting, number="1", source_section="Conclusions")

    def test_numbering_restarts_in_another_section(self):
        """Malabo 2021 restarts its numbering per section."""
        first = RecommendationFactory(number="1", source_section="Session 1")
        RecommendationFactory(meeting=first.meeting, number="1", source_section="Session 2")
        RecommendationFactory(number="1", source_section="Session 1")  # another meeting
        assert Recommendation.objects.filter(number="1").count() == 3

    def test_sub_points_numbered_within_their_parent(self):
        one = RecommendationFactory(number="1")
        two = RecommendationFactory(meeting=one.meeting, number="2")
        a1 = RecommendationFactory(meeting=one.meeting, parent=one, number="a")
        a2 = RecommendationFactory(meeting=one.meeting, parent=two, number="a")
        # A sub-point "1" does not collide with the top-level point "1".
        RecommendationFactory(meeting=one.meeting, parent=two, number="1")
        assert a1.full_number == "1.a"
        assert a2.full_number == "2.a"
        with pytest.raises(IntegrityError), transaction.atomic():
            RecommendationFactory(meeting=one.meeting, parent=one, number="a")

    def test_sub_points_go_with_their_parent(self):
        one = RecommendationFactory(number="1")
        RecommendationFactory(meeting=one.meeting, parent=one, number="a")
        RecommendationFactory(meeting=one.meeting, parent=one, number="b")
        assert list(one.subpoints.order_by("number").values_list("number", flat=True)) == [
            "a",
            "b",
        ]
        assert Recommendation.objects.top_level().count() == 1
        one.delete()
        assert not Recommendation.objects.exists()

    def test_recommendation_cannot_be_its_own_parent(self):
        rec = RecommendationFactory()
        rec.parent_id = rec.id
        with pytest.raises(IntegrityError), transaction.atomic():
            rec.save()


class TestSubPointValidation:
    """The admin (full_clean) keeps a sub-point with its parent's meeting, one level deep."""

    def test_sub_point_of_another_meeting_refused(self):
        from django.core.exceptions import ValidationError

        parent = RecommendationFactory(number="1")
        stray = RecommendationFactory.build(meeting=MeetingFactory(), parent=parent, number="a")
        with pytest.raises(ValidationError) as excinfo:
            stray.full_clean()
        assert "parent" in excinfo.value.message_dict

    def test_sub_sub_point_refused(self):
        from django.core.exceptions import ValidationError

        parent = RecommendationFactory(number="1")
        sub = RecommendationFactory(meeting=parent.meeting, parent=parent, number="a")
        deeper = RecommendationFactory.build(meeting=parent.meeting, parent=sub, number="i")
        with pytest.raises(ValidationError):
            deeper.full_clean()

    def test_sub_point_of_same_meeting_accepted(self):
        parent = RecommendationFactory(number="1")
        RecommendationFactory.build(meeting=parent.meeting, parent=parent, number="a").full_clean()

    def test_admin_refuses_a_stray_sub_point(self, admin_client):
        from django.urls import reverse

        parent = RecommendationFactory(number="1")
        other = MeetingFactory()
        response = admin_client.post(
            reverse("admin:meetings_recommendation_add"),
            {"meeting": other.pk, "parent": parent.pk, "number": "a", "order": 0,
             "text_en": "Stray sub-point."},
        )  # fmt: skip
        assert response.status_code == 200
        assert "parent" in response.context["adminform"].form.errors
        assert not Recommendation.objects.filter(text_en="Stray sub-point.").exists()
