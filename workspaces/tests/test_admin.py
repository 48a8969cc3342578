"""Two people editing the same proposed theme in the admin: the second save is refused with
the conflict message, keeps the second editor's values in the form, and writes nothing."""

from django.urls import reverse

from workflows.locking import save_versioned
from workspaces.models import Theme


def change_data(theme, **values):
    data = {
        "assignment": theme.assignment_id,
        "title": theme.title,
        "description": theme.description,
        "date": theme.date.isoformat(),
        "expected_version": theme.version,
    }
    data.update(values)
    return data


def test_admin_save_with_the_version_read_goes_through(plans, admin_client):
    theme = Theme.objects.create(assignment=plans.ch_d3, title="Asylum")
    url = reverse("admin:workspaces_theme_change", args=[theme.pk])
    page = admin_client.get(url)
    assert 'name="expected_version"' in page.content.decode()

    response = admin_client.post(url, change_data(theme, title="Asylum and protection"))

    assert response.status_code == 302
    theme.refresh_from_db()
    assert (theme.title, theme.version) == ("Asylum and protection", 2)


def test_admin_save_after_someone_else_saved_is_refused_and_writes_nothing(plans, admin_client):
    theme = Theme.objects.create(assignment=plans.ch_d3, title="Asylum")
    url = reverse("admin:workspaces_theme_change", args=[theme.pk])
    read_by_admin = change_data(theme)  # the admin opened the page at version 1
    save_versioned(Theme.objects.get(pk=theme.pk), 1, title="Statelessness")  # the site saved

    response = admin_client.post(url, {**read_by_admin, "title": "Resettlement"})

    assert response.status_code == 200
    body = response.content.decode()
    assert "Someone else changed this record" in body
    assert 'value="Resettlement"' in body  # the admin's typing is not lost
    theme.refresh_from_db()
    assert (theme.title, theme.version) == ("Statelessness", 2)


def test_admin_form_without_a_version_is_refused(plans, admin_client):
    theme = Theme.objects.create(assignment=plans.ch_d3, title="Asylum")
    url = reverse("admin:workspaces_theme_change", args=[theme.pk])
    data = change_data(theme, title="Resettlement")
    del data["expected_version"]

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "does not say which version" in response.content.decode()
    assert Theme.objects.get().title == "Asylum"
