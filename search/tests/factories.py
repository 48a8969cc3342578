"""Passages and tag suggestions for the search and tagging tests."""

import factory

from knowledge.models import Passage
from search.choices import Method, TargetType
from search.models import TagSuggestion


class PassageFactory(factory.django.DjangoModelFactory):
    position = factory.Sequence(lambda n: n)
    kind = "paragraph"
    page = 1
    text = "The partners discussed voluntary return and reintegration."
    language = "en"

    class Meta:
        model = Passage


class TagSuggestionFactory(factory.django.DjangoModelFactory):
    target_type = TargetType.DOCUMENT
    score = 0.42
    evidence = "The partners discussed voluntary return and reintegration."
    method = Method.LEXICAL

    class Meta:
        model = TagSuggestion
