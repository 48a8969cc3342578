"""Documents for tests, saved through the ``document_save`` service like every other path."""

import datetime

import factory

from core.models import Visibility
from documents.choices import DocumentKind, Language
from documents.models import Document
from documents.services import document_save

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


class DocumentFactory(factory.django.DjangoModelFactory):
    slug = factory.Sequence(lambda n: f"summary-of-debates-{n}")
    title_en = factory.Sequence(lambda n: f"Summary of debates {n}")
    title_fr = factory.Sequence(lambda n: f"Synthèse des débats {n}")
    kind = DocumentKind.SUMMARY_OF_DEBATES
    language = Language.EN
    date = datetime.date(2014, 4, 25)
    visibility = Visibility.PUBLIC
    file = factory.django.FileField(filename="summary.pdf", data=PDF_BYTES)

    class Meta:
        model = Document
        skip_postgeneration_save = True

    class Params:
        partners_only = factory.Trait(visibility=Visibility.PARTNERS)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return document_save(document=model_class(*args, **kwargs))

    @factory.post_generation
    def framework_items(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.framework_items.add(*extracted)

    @factory.post_generation
    def countries(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.countries.add(*extracted)
