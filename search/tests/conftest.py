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


@pytest.fixture(autouse=True)
def _fresh_facet_labels():
    """Facet labels are kept five minutes per process: each test starts without them."""
    from search.selectors import _label_cache

    _label_cache.clear()
    yield
    _label_cache.clear()
