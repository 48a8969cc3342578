import pytest
from django.core.cache import cache


@pytest.fixture
def reference_plans(db):
    """The real frameworks of reference/data (Marrakesh, Cádiz, JVAP, GCM...), as loaded by
    ``rabat load_reference``."""
    from knowledge.tagging.catalog import clear_cache
    from reference.loaders import load_countries, load_frameworks

    load_countries()
    load_frameworks()
    clear_cache()
    cache.clear()
    yield
    clear_cache()
