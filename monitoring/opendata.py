"""Open data: every public dataset as CSV, JSON and XLSX, the data dictionary, the licence
and a DCAT catalogue of the datasets.

Files are built for an anonymous visitor (``restrict(AnonymousUser())``), whoever asks:
partners-only and unvalidated records never reach them. Identifiers are the stable ones
(``INI-000123``, ``marrakesh-2018/D3``, meeting and document slugs, ISO country codes).

Every file states its licence (``settings.RABAT_OPEN_DATA_LICENCE``): a ``Link: <…>;
rel="license"`` header on every download, a ``licence`` key in the JSON files, a "Licence"
sheet in the XLSX files, and ``dct:license`` on each dataset and distribution of the catalogue
(``/monitoring/data/catalog.jsonld``, linked from every file as ``rel="describedby"``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .io.rows import COLUMNS, initiative_to_row


@dataclass(frozen=True)
class Dataset:
    key: str
    label: Callable
    model: Callable
    rows: Callable  # () -> list[dict]
    columns: Callable  # () -> list[str]
    descriptions: dict | None = None  # column -> lazy text, when no model field says it


def _serialized(queryset_fn, serializer_fn):
    def rows():
        return list(serializer_fn()(queryset_fn(), many=True).data)

    def columns():
        return list(serializer_fn()().fields.keys())

    return rows, columns


def _initiative_rows():
    from .models import Initiative

    anonymous = AnonymousUser()
    visible = Initiative.objects.restrict(anonymous).for_list(anonymous).order_by("uid")
    return [initiative_to_row(i) for i in visible]


def _datasets() -> list[Dataset]:
    from documents.api.serializers import DocumentSerializer
    from documents.models import Document
    from frameworks.api.serializers import CrosswalkSerializer, FrameworkItemSerializer
    from frameworks.models import Crosswalk, FrameworkItem
    from knowledge.api.serializers import QuotedFigureSerializer
    from knowledge.models import QuotedFigure
    from meetings.api.serializers import MeetingSerializer, RecommendationSerializer
    from meetings.models import Meeting, Recommendation
    from partners.api.serializers import CountrySerializer, OrganisationSerializer
    from partners.models import Country, Organisation

    anonymous = AnonymousUser()

    def qs(model, *related, prefetch=()):
        return lambda: (
            model.objects.restrict(anonymous)
            .select_related(*related)
            .prefetch_related(*prefetch)
            .order_by("pk")
        )

    specs = [
        ("meetings", _("Meetings"), Meeting,
         qs(Meeting, "country",
            prefetch=("roles__country", "roles__organisation", "framework_items")),
         lambda: MeetingSerializer),
        ("recommendations", _("Recommendations"), Recommendation,
         qs(Recommendation, "meeting", "parent", prefetch=("framework_items", "subpoints")),
         lambda: RecommendationSerializer),
        ("documents", _("Documents (metadata)"), Document,
         qs(Document, prefetch=()), lambda: DocumentSerializer),
        ("countries", _("Partner countries"), Country, qs(Country), lambda: CountrySerializer),
        ("organisations", _("Partner organisations"), Organisation,
         qs(Organisation, "country"), lambda: OrganisationSerializer),
        ("framework-items", _("Framework items"), FrameworkItem,
         qs(FrameworkItem, "framework", "parent"), lambda: FrameworkItemSerializer),
        ("crosswalks", _("Crosswalks between frameworks"), Crosswalk,
         qs(Crosswalk, "source_item", "target_item"), lambda: CrosswalkSerializer),
        ("figures", _("Figures quoted by the documents"), QuotedFigure,
         qs(QuotedFigure, "document", "passage", "meeting", "country"),
         lambda: QuotedFigureSerializer),
    ]  # fmt: skip
    datasets = [
        Dataset(
            "initiatives",
            lambda: _("Initiatives"),
            _initiative_model,
            _initiative_rows,
            lambda: list(COLUMNS),
            INITIATIVE_COLUMNS,
        )
    ]
    for key, label, model, queryset_fn, serializer_fn in specs:
        rows, columns = _serialized(queryset_fn, serializer_fn)
        datasets.append(Dataset(key, (lambda text=label: text), (lambda m=model: m), rows, columns))
    return datasets


def _initiative_model():
    from .models import Initiative

    return Initiative


INITIATIVE_COLUMNS = {
    "country": _("ISO code of the partner country that reports the initiative."),
    "framework_items": _("Framework item identifiers, separated by semicolons."),
    "countries": _("Countries concerned with their share in %: “ML:60; SN:40”."),
    "organisations": _(
        "Organisations with their role (funding, accountable, extending, implementing): "
        "“implementing: Name; funding: Name”."
    ),
    "results": _("One indicator a line: “indicator | unit | baseline | target | actual”."),
    "sources": _("One source a line: an address, “document:<slug>” or a text."),
}


def datasets() -> list[Dataset]:
    return _datasets()


def dataset(key: str) -> Dataset | None:
    return next((d for d in _datasets() if d.key == key), None)


def dictionary(ds: Dataset) -> list[dict]:
    """One entry per column: name, type, and the description in English and French."""
    from django.utils import translation

    model = ds.model()
    fields = {f.name: f for f in model._meta.get_fields() if hasattr(f, "verbose_name")}
    entries = []
    for column in ds.columns():
        field = fields.get(column)
        explicit = (ds.descriptions or {}).get(column)
        texts = {}
        for language in ("en", "fr"):
            with translation.override(language):
                if explicit is not None:
                    text = str(explicit)
                elif field is not None:
                    text = str(field.verbose_name)
                    if getattr(field, "help_text", ""):
                        text += " — " + str(field.help_text)
                else:
                    text = ""
                texts[language] = text
        entries.append(
            {
                "name": column,
                "type": field.get_internal_type() if field is not None else "",
                "en": texts["en"],
                "fr": texts["fr"],
            }
        )
    return entries


# -- the licence -------------------------------------------------------------------------------

FORMAT_TYPES = {
    "csv": "text/csv",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def licence() -> dict:
    """``{"id", "name", "url"}``: the licence of every open-data file (a setting, CC BY 4.0
    by default: docs/configuration.md)."""
    return dict(settings.RABAT_OPEN_DATA_LICENCE)


def link_header(request) -> str:
    """The ``Link`` header of every file: its licence and the catalogue that describes it."""
    catalogue = request.build_absolute_uri(reverse("monitoring:catalogue"))
    return (
        f'<{licence()["url"]}>; rel="license", '
        f'<{catalogue}>; rel="describedby"; type="application/ld+json"'
    )


def about(ds: Dataset, request) -> dict:
    """What a file says about itself: the dataset, its licence, where it is described."""
    return {
        "dataset": ds.key,
        "title": str(ds.label()),
        "licence": licence(),
        "dictionary": request.build_absolute_uri(reverse("monitoring:dictionary")) + f"#{ds.key}",
        "catalogue": request.build_absolute_uri(reverse("monitoring:catalogue")),
    }


def about_sheet(ds: Dataset, request) -> tuple:
    """The XLSX files' second sheet: ``write_xlsx``'s ``about``."""
    meta = about(ds, request)
    return (
        _("Licence"),
        [
            (_("Dataset"), meta["title"]),
            (_("Licence"), f"{meta['licence']['name']} ({meta['licence']['id']})"),
            (_("Licence text"), meta["licence"]["url"]),
            (_("Data dictionary"), meta["dictionary"]),
        ],
    )


def catalogue(request) -> dict:
    """The datasets as a DCAT catalogue (JSON-LD): each dataset with its licence and its three
    distributions (CSV, JSON, XLSX), each with its download address and licence."""
    licence_url = licence()["url"]
    page = request.build_absolute_uri(reverse("monitoring:data"))
    entries = []
    for ds in datasets():
        distributions = [
            {
                "@type": "dcat:Distribution",
                "dcat:downloadURL": {
                    "@id": request.build_absolute_uri(
                        reverse("monitoring:data-file", kwargs={"key": ds.key, "fmt": fmt})
                    )
                },
                "dcat:mediaType": media_type,
                "dct:format": fmt.upper(),
                "dct:license": {"@id": licence_url},
            }
            for fmt, media_type in FORMAT_TYPES.items()
        ]
        entries.append(
            {
                "@type": "dcat:Dataset",
                "@id": f"{page}#{ds.key}",
                "dct:identifier": ds.key,
                "dct:title": str(ds.label()),
                "dct:license": {"@id": licence_url},
                "dcat:landingPage": {"@id": page},
                "dct:conformsTo": {
                    "@id": request.build_absolute_uri(reverse("monitoring:dictionary"))
                    + f"#{ds.key}"
                },
                "dcat:distribution": distributions,
            }
        )
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
        },
        "@type": "dcat:Catalog",
        "@id": page,
        "dct:title": str(_("Rabat Process platform: open data")),
        "dct:license": {"@id": licence_url},
        "dcat:dataset": entries,
    }
