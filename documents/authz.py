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
