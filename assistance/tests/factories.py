"""Technical-assistance requests for tests."""

import factory

from assistance.choices import AssistanceKind
from assistance.models import AssistanceRequest
from partners.tests.factories import CountryFactory


class AssistanceRequestFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Training of judges on trafficking cases {n}")
    requesting_country = factory.SubFactory(CountryFactory)
    requesting_organisation = None
    need = "Two trainings for judges and police officers on trafficking cases."
    kind = AssistanceKind.TRAINING
    beneficiaries = "40 judges and police officers"
    timing = "First half of 2027"

    class Meta:
        model = AssistanceRequest
        skip_postgeneration_save = True

    @factory.post_generation
    def framework_items(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.framework_items.add(*extracted)
