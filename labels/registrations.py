"""What the labelling app plugs into the framework browser and the country profile."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.registry import (
    LinkedKind,
    ProfileSection,
    Tally,
    country_sections,
    dated_between,
    framework_links,
)

from .choices import LABELLED_STATES
from .models import LabelApplication, LinkedAction
from .selectors import country_labels, labelled_pairs, labelled_records


def label_facts(ids):
    """Labelled activities (seen by everyone), dated by the activity."""
    rows = LinkedAction.objects.filter(
        application_id__in=ids, application__state__in=LABELLED_STATES
    ).values_list("application_id", "item_id", "application__start_date", "application__end_date")
    for application, item, start, end in rows:
        yield application, item, True, start, end, ""


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
            tally=Tally(
                model=LabelApplication,
                facts=label_facts,
                links=LinkedAction,
                record_field="application",
                item_field="item",
            ),
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
