"""The admin: every registered model's changelist, add and change pages, and history."""

import pytest
from django.contrib import admin
from django.urls import reverse

from core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MODELS = sorted((model._meta.app_label, model._meta.model_name) for model in admin.site._registry)


def test_domain_models_are_registered():
    registered = {f"{app}.{model}" for app, model in MODELS}
    assert {
        "partners.country", "partners.organisation", "partners.person", "partners.governancerole",
        "partners.focalpoint", "partners.network", "frameworks.framework",
        "frameworks.frameworkitem", "frameworks.crosswalk", "frameworks.referencecountry",
        "meetings.meeting", "meetings.recommendation", "meetings.speaker", "meetings.session",
        "documents.document",
    } <= registered  # fmt: skip


@pytest.mark.parametrize(("app", "model"), MODELS, ids=[f"{a}.{m}" for a, m in MODELS])
def test_changelist_add_and_change_pages(site, admin_client, app, model):
    changelist = admin_client.get(reverse(f"admin:{app}_{model}_changelist"))
    assert changelist.status_code == 200
    model_admin = admin.site._registry[changelist.context["cl"].model]
    add = admin_client.get(reverse(f"admin:{app}_{model}_add"))
    # Records made only by their workflow (a round's submissions) have no add page.
    expected = 200 if model_admin.has_add_permission(add.wsgi_request) else 403
    assert add.status_code == expected
    # Search and the first object's change page, when there is one.
    if model_admin.search_fields:
        searched = admin_client.get(reverse(f"admin:{app}_{model}_changelist"), {"q": "a"})
        assert searched.status_code == 200
    obj = changelist.context["cl"].model._default_manager.first()
    if obj is not None:
        change = admin_client.get(reverse(f"admin:{app}_{model}_change", args=[obj.pk]))
        assert change.status_code == 200


def test_history_page_after_a_change(site, admin_client):
    meeting = site.meeting
    meeting.title_en = "Thematic meeting on legal migration and mobility"
    meeting.save()
    response = admin_client.get(reverse("admin:meetings_meeting_history", args=[meeting.pk]))
    assert response.status_code == 200
    assert meeting.history.count() == 2
    records = list(response.context["page_obj"].object_list)
    assert [r.title_en for r in records] == [
        "Thematic meeting on legal migration and mobility",
        "Thematic meeting on legal migration",
    ]


def test_admin_change_through_the_form_is_recorded(site, admin_client, superuser):
    """A change made in the admin is in the history, with who made it."""
    country = site.morocco
    url = reverse("admin:partners_country_change", args=[country.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data["name_fr"] = "Royaume du Maroc"
    for prefix, formset in (
        (fs.formset.prefix, fs.formset)
        for fs in admin_client.get(url).context["inline_admin_formsets"]
    ):
        data[f"{prefix}-TOTAL_FORMS"] = str(formset.total_form_count())
        data[f"{prefix}-INITIAL_FORMS"] = str(formset.initial_form_count())
        for i, inline_form in enumerate(formset.forms):
            for name in inline_form.fields:
                value = inline_form[name].value()
                data[f"{prefix}-{i}-{name}"] = "" if value is None else value
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    country.refresh_from_db()
    assert country.name_fr == "Royaume du Maroc"
    latest = country.history.first()
    assert latest.history_user == superuser
    history = admin_client.get(reverse("admin:partners_country_history", args=[country.pk]))
    assert history.status_code == 200
    assert (
        "Royaume du Maroc" in history.content.decode()
        or len(history.context["historical_records"]) == 2
    )


def test_admin_closed_to_non_staff(site, client):
    assert client.get(reverse("admin:index")).status_code == 302
    client.force_login(UserFactory(partner=True))
    response = client.get(reverse("admin:meetings_meeting_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_document_admin_saves_through_the_service(site, admin_client):
    """Saving a document in the admin recomputes its SHA-256 (documents.services)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    document = site.public_doc
    url = reverse("admin:documents_document_change", args=[document.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if name == "file":
            continue
        if isinstance(value, list):
            data[name] = [str(v) for v in value]
        else:
            data[name] = "" if value is None else value
    data["file"] = SimpleUploadedFile("new.txt", b"new content", content_type="text/plain")
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    document.refresh_from_db()
    import hashlib

    assert document.sha256 == hashlib.sha256(b"new content").hexdigest()
    assert document.size == len(b"new content")
