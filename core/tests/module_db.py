"""Data built once for a test module, in a transaction rolled back when the module ends.

@pytest.fixture(scope="module", autouse=True)
def reference_data(django_db_setup, django_db_blocker):
    with rolled_back(django_db_blocker):
        call_command("load_reference", verbosity=0)
        yield
"""

from contextlib import contextmanager

from django.db import transaction


@contextmanager
def rolled_back(django_db_blocker):
    """Database access for a module-scoped fixture; whatever it wrote is rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        try:
            yield
        finally:
            transaction.set_rollback(True)
