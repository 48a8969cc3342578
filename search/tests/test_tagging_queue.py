"""The review queue: `rabat tag` fills it (idempotently), the Secretariat accepts or rejects,
and accepted suggestions become the links that the framework browser counts."""

import datetime
import io

import pytest
from django.core.management import call_command

from core.tests.factories import UserFactory
from documents.models import Document
from meetings.models import Recommendation
from meetings.tests.factories import MeetingFactory, RecommendationFactory
from search.models import TagSuggestion
from search.services import suggestion_review
from workflows.locking import Conflict

from .factories import PassageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tagged(reference_plans):
    from documents.tests.factories import DocumentFactory

    meeting = MeetingFactory(slug="2021-11-malabo-som", start_date=datetime.date(2021, 11, 17))
    doc = DocumentFactory(
        slug="malabo-conclusions",
        meeting=meeting,
        date=datetime.date(2021, 11, 18),
        description_en="Conclusions.",
    )
    PassageFactory(document=doc, position=1, page=5, text=(
        "Niger requested support from the Rabat Process to better respond to objective 7 of the "
        "Marrakesh Action Plan, i.e. capacity building for legal and penal authorities."
    ))  # fmt: skip
    PassageFactory(document=doc, position=2, page=6, text=(
        "IOM presented its return and reintegration policy, which takes into account all "
        "aspects of return, readmission and reintegration."
    ))  # fmt: skip
    RecommendationFactory(meeting=meeting, text_en=(
        "Create joint investigation teams against migrant smuggling and document fraud."
    ), text_fr="")  # fmt: skip
    call_command("tag", "--document", "malabo-conclusions", stdout=io.StringIO())
    return doc


@pytest.fixture
def secretariat(db):
    return UserFactory(role="Secretariat")


def test_tag_suggests_for_documents_paragraphs_and_recommendations(tagged):
    targets = set(TagSuggestion.objects.values_list("target_type", flat=True))
    assert targets == {"document", "passage", "recommendation"}
    explicit = TagSuggestion.objects.get(method="explicit", passage__position=1)
    assert explicit.item.uid == "marrakesh-2018/O7" and explicit.score == 1.0
    assert "objective 7" in explicit.evidence
    rec = TagSuggestion.objects.filter(target_type="recommendation").order_by("-score").first()
    assert rec.item.uid.startswith("marrakesh-2018/")  # 2021: the Marrakesh plan was in force
    assert rec.item.uid in ("marrakesh-2018/D4", "marrakesh-2018/O7")


def test_tag_is_idempotent(tagged):
    before = TagSuggestion.objects.count()
    out = io.StringIO()
    call_command("tag", "--all", stdout=out)
    assert TagSuggestion.objects.count() == before
    assert "0 new" in out.getvalue()


def test_documents_after_cadiz_get_cadiz_items(reference_plans):
    from documents.tests.factories import DocumentFactory

    doc = DocumentFactory(slug="2024-note", date=datetime.date(2024, 3, 1))
    PassageFactory(document=doc, position=1, text=(
        "Partners discussed voluntary return, readmission and the sustainable reintegration of "
        "returnees under Domain 5."
    ))  # fmt: skip
    call_command("tag", "--document", str(doc.pk), stdout=io.StringIO())
    uids = set(TagSuggestion.objects.values_list("item__uid", flat=True))
    assert "cadiz-2022/D5" in uids
    assert not [u for u in uids if u.startswith("marrakesh-2018/")]


def test_queue_is_for_the_secretariat_only(tagged, client, secretariat, partner_client):
    assert client.get("/search/tagging/").status_code == 404
    assert partner_client.get("/search/tagging/").status_code == 404
    assert partner_client.get("/api/tag-suggestions/").status_code == 404
    client.force_login(secretariat)
    page = client.get("/search/tagging/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "marrakesh-2018/O7" in body and "objective 7" in body
    export = client.get("/search/tagging/?export=csv")
    assert export.status_code == 200 and "marrakesh-2018/O7" in export.content.decode()


def test_accepting_links_the_item_and_rejecting_unlinks_it(tagged, client, secretariat):
    client.force_login(secretariat)
    suggestion = TagSuggestion.objects.get(method="explicit", passage__position=1)
    response = client.post(
        f"/search/tagging/{suggestion.pk}/review/",
        {"decision": "accept", "version": suggestion.version},
    )
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == "accepted" and suggestion.reviewed_by == secretariat
    doc = Document.objects.get(pk=tagged.pk)
    assert doc.framework_items.filter(uid="marrakesh-2018/O7").exists()
    # The framework browser counts it (through the documents app's registered links).
    page = client.get("/action-plans/marrakesh-2018/O7/")
    assert page.status_code == 200 and tagged.title_en in page.content.decode()
    # Accepting again changes nothing (idempotent).
    version = suggestion.version
    client.post(f"/search/tagging/{suggestion.pk}/review/", {"decision": "accept"})
    suggestion.refresh_from_db()
    assert suggestion.version == version
    client.post(
        f"/search/tagging/{suggestion.pk}/review/",
        {"decision": "reject", "version": suggestion.version},
    )
    suggestion.refresh_from_db()
    assert suggestion.status == "rejected"
    assert not doc.framework_items.filter(uid="marrakesh-2018/O7").exists()


def test_stale_decision_is_a_conflict_and_saves_nothing(tagged, secretariat):
    suggestion = TagSuggestion.objects.filter(status="pending").first()
    stale = TagSuggestion.objects.get(pk=suggestion.pk)
    suggestion_review(suggestion=suggestion, decision="accept", by=secretariat)
    with pytest.raises(Conflict):
        suggestion_review(suggestion=stale, decision="reject", by=secretariat)
    suggestion.refresh_from_db()
    assert suggestion.status == "accepted"


def test_only_the_secretariat_may_review(tagged, partner_user):
    from django.core.exceptions import PermissionDenied

    suggestion = TagSuggestion.objects.first()
    with pytest.raises(PermissionDenied):
        suggestion_review(suggestion=suggestion, decision="accept", by=partner_user)
    suggestion.refresh_from_db()
    assert suggestion.status == "pending"


def test_bulk_review_in_the_page_and_the_api(tagged, client, secretariat):
    client.force_login(secretariat)
    recs = list(TagSuggestion.objects.filter(target_type="recommendation"))
    response = client.post(
        "/search/tagging/review/", {"decision": "accept", "ids": [s.pk for s in recs]}
    )
    assert response.status_code == 302
    rec = Recommendation.objects.get()
    assert set(rec.framework_items.values_list("uid", flat=True)) == {s.item.uid for s in recs}
    others = list(TagSuggestion.objects.filter(status="pending").values_list("pk", flat=True))
    api = client.post(
        "/api/tag-suggestions/bulk-review/",
        {"decision": "reject", "ids": others},
        content_type="application/json",
    )
    assert api.status_code == 200 and api.json()["changed"] == len(others)
    assert not TagSuggestion.objects.filter(status="pending").exists()


def test_api_review_answers_409_with_the_current_values(tagged, client, secretariat):
    client.force_login(secretariat)
    suggestion = TagSuggestion.objects.filter(status="pending").first()
    url = f"/api/tag-suggestions/{suggestion.pk}/review/"
    ok = client.post(url, {"decision": "accept", "version": suggestion.version},
                     content_type="application/json")  # fmt: skip
    assert ok.status_code == 200 and ok.json()["status"] == "accepted"
    stale = client.post(url, {"decision": "reject", "version": suggestion.version},
                        content_type="application/json")  # fmt: skip
    assert stale.status_code == 409
    assert stale.json()["current"]["status"] == "accepted"
