"""The sort options of list pages are in the reader's language (issue 14)."""


def test_descending_sort_options_are_translated(db, anon_client):
    anon_client.cookies["django_language"] = "fr"
    html = anon_client.get("/partners/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "(décroissant)" in html
    assert "(descending)" not in html
