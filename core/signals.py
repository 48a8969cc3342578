"""Signals of the platform's own.

``bulk_written``: sent by code that writes rows without model signals (``bulk_create``,
``QuerySet.update``), with ``sender`` the model and ``instances`` the rows written (at least
their primary keys and the fields the receivers read), so that derived data (the monitoring
dashboard's figures) follows.
"""

from django.dispatch import Signal

bulk_written = Signal()
