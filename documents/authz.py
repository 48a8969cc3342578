"""Authorisation matrix of the documents: public documents for everyone, partners-only
documents (page, file, API) for partner roles only (a 404 for the others)."""

from core.authz import EVERYONE, PARTNERS, Case, api_cases, list_cases


def setup(world):
    from documents.tests.factories import DocumentFactory

    world.public_document = DocumentFactory(slug="matrix-public-summary", countries=[world.country])
    world.partners_document = DocumentFactory(
        slug="matrix-partners-report", partners_only=True, countries=[world.country]
    )


def _public(w):
    return {"slug": w.public_document.slug}


def _partners(w):
    return {"slug": w.partners_document.slug}


CASES = [
    *list_cases("documents:list"),
    Case("documents:detail", "view", EVERYONE, _public),
    Case("documents:detail", "view", PARTNERS, _partners),
    Case("documents:file", "view", EVERYONE, _public),
    Case("documents:file", "view", PARTNERS, _partners),
    *api_cases("document", _public),
    Case("api:document-detail", "view", PARTNERS, _partners),
]


# ---- the write battery (core.writebattery; core/tests/test_write_battery.py) ------------------
def _writes():
    import datetime

    from core.writebattery import WriteCase, country, item, meeting

    return [
        WriteCase(
            "documents.Document",
            values=lambda w: {
                "slug": "2019-02-ouagadougou-som-conclusions",
                "title_en": "Conclusions of the Senior Officials' Meeting in Ouagadougou",
                "title_fr": "Conclusions de la réunion des hauts fonctionnaires de Ouagadougou",
                "kind": "conclusions",
                "language": "en",
                "date": datetime.date(2019, 2, 13),
                "meeting": meeting("2019-02-ouagadougou-senior-officials-meeting"),
                "visibility": "public",
                "description_en": "The partners agreed the reference-country model.",
                "framework_items": [item("marrakesh-2018/D3")],
                "countries": [country("BF"), country("CH")],
            },
            files=lambda w: {
                "file": ("conclusions.txt", b"Reference countries follow one domain each.")
            },
            changes=lambda w: {"visibility": "partners", "countries": [country("BF")]},
            record=lambda w: w.public_document,
        ),  # fmt: skip
    ]


WRITES = _writes()
