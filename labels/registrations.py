"""What the labelling app plugs into the framework browser and the country profile."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.registry import (
    LinkedKind,
    ProfileSection,
    country_sections,
    dated_between,
    framework_links,
)

from .selectors import country_labels, labelled_pairs, labelled_records


def register() -> None:
    framework_links.register(
        LinkedKind(
            key="labels",
            label=lambda: _("Labelled activities"),
            pairs=labelled_pairs,
            records=labelled_records,
            template="labels/includes/label_rows.html",
            list_url=lambda: reverse("labels:list"),
            # A label counts in a period when the activity takes place in it.
            dates=dated_between("start_date", "end_date"),
            order=40,
        )
    )
    country_sections.register(
        ProfileSection(
            key="labels",
            template="labels/includes/country_labels.html",
            context=country_labels,
            order=40,
        )
    )
