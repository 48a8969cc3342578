"""Forms of the knowledge pages: the upload form and the field-by-field review form."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.models import DatePrecision, Visibility
from core.widgets import MultipleChoiceField, with_unknown
from documents.choices import DocumentKind, Language
from frameworks.selectors import item_options
from meetings.choices import MeetingFormat, MeetingKind, SpeakerRole
from partners.selectors import country_options

from .review import (
    PROCESS_NAMES,
    RABAT,
    flatten_recommendations,
    high_confidence_organisation,
    high_confidence_person,
    match_country,
    match_organisation,
    match_person,
    meeting_dates,
    process_name,
    processes_of,
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class UploadForm(forms.Form):
    files = MultipleFileField(
        label=_("Files"),
        help_text=_(
            "PDF, Word (DOCX), HTML, Markdown or plain text; several files at once. The type "
            "is read from the content, whatever the name says."
        ),
    )
    visibility = forms.ChoiceField(
        label=_("Visibility of the new documents"),
        choices=Visibility.choices,
        initial=Visibility.PARTNERS,
        help_text=_("Partners only until the Secretariat has reviewed them, by default."),
    )

    max_files = 200

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > self.max_files:
            raise ValidationError(_("At most %(count)s files at once.") % {"count": self.max_files})
        return files


# -- review --------------------------------------------------------------------------------

BLANK = [("", "—")]
MERGE, NEW = "merge", "new"


def country_codes(value) -> list[str]:
    """The codes of a countries field: its choices (``["FR", "sn"]`` → ``["FR", "SN"]``), or
    text as an extraction wrote it (``"FR, sn Senegal"`` → ``["FR", "SN", "SENEGAL"]``)."""
    parts = value if isinstance(value, list | tuple) else (value or "").replace(",", " ").split()
    return [str(c).strip().upper() for c in parts if str(c).strip()]


def as_code(value) -> str:
    """A proposed country (a code or a name) as the ISO code of the country it matches, or
    as proposed when it matches none."""
    value = str(value or "").strip()
    country = match_country(value) if value else None
    return country.iso2 if country is not None else value


SELECT_SEVERAL = _("Hold Ctrl (or Cmd) to choose several.")


def country_field(label, help_text="", *, several=False):
    """A country (or several) chosen by name; the choices are set by ``ReviewForms``."""
    if several:
        return MultipleChoiceField(
            label=label,
            required=False,
            widget=forms.SelectMultiple(attrs={"size": 8}),
            help_text=help_text,
        )
    return forms.ChoiceField(label=label, required=False, help_text=help_text)


class DraftForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Title"), max_length=400, required=False)
    document_kind = forms.ChoiceField(
        label=_("Kind of document"), choices=BLANK + list(DocumentKind.choices), required=False
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=BLANK + list(Language.choices), required=False
    )
    countries = country_field(
        _("Countries that took part"),
        _(
            "Those a participant list or the text says took part (the meeting's "
            "participation). Hold Ctrl (or Cmd) to choose several."
        ),
        several=True,
    )
    countries_mentioned = country_field(
        _("Countries mentioned only"),
        _(
            "Only named (a nationality, an example): linked to the document, never to the "
            "participation."
        ),
        several=True,
    )


class MeetingForm(forms.Form):
    include = forms.BooleanField(label=_("The document reports on a meeting"), required=False)
    processes = forms.MultipleChoiceField(
        label=_("Process"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only a meeting of the Rabat Process (alone or jointly) is recorded."),
    )
    merge = forms.ChoiceField(
        label=_("What to do with the matching meeting"),
        choices=[
            (MERGE, _("Add to this meeting (fills only its empty fields and adds the links)")),
            (NEW, _("Create a new meeting")),
        ],
        widget=forms.RadioSelect,
        required=False,
    )
    merge_into = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(
        label=_("Kind of meeting"), choices=BLANK + list(MeetingKind.choices), required=False
    )
    start_date = forms.DateField(label=_("Start date"), required=False)
    end_date = forms.DateField(label=_("End date"), required=False)
    date_precision = forms.ChoiceField(
        label=_("Dates known to the"), choices=DatePrecision.choices, required=False
    )
    city = forms.CharField(label=_("City"), max_length=120, required=False)
    country = country_field(_("Country"))
    format = forms.ChoiceField(
        label=_("Format"), choices=BLANK + list(MeetingFormat.choices), required=False
    )

    def __init__(self, *args, processes=(), **kwargs):
        super().__init__(*args, **kwargs)
        slugs = list(dict.fromkeys([*PROCESS_NAMES, *processes]))
        self.fields["processes"].choices = [(slug, process_name(slug)) for slug in slugs]


class PersonForm(forms.Form):
    include = forms.BooleanField(label=_("Keep"), required=False, initial=True)
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    title = forms.CharField(label=_("Title or function"), max_length=400, required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=255, required=False)
    country = country_field(_("Country"))
    role = forms.ChoiceField(
        label=_("Role"), choices=BLANK + list(SpeakerRole.choices), required=False
    )


class OrganisationForm(forms.Form):
    include = forms.BooleanField(label=_("Keep"), required=False, initial=True)
    name = forms.CharField(label=_("Name"), max_length=255, required=False)
    acronym = forms.CharField(label=_("Acronym"), max_length=30, required=False)


class RecommendationForm(forms.Form):
    include = forms.BooleanField(label=_("Keep"), required=False, initial=True)
    number = forms.CharField(label=_("Number"), max_length=12, required=False)
    parent = forms.CharField(label=_("Sub-point of"), max_length=12, required=False)
    text = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    framework_items = MultipleChoiceField(
        label=_("Framework items"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
        help_text=SELECT_SEVERAL,
    )


class FrameworkLinkForm(forms.Form):
    include = forms.BooleanField(label=_("Link"), required=False)
    uid = forms.CharField(label=_("Framework item"), max_length=60, widget=forms.HiddenInput)


PersonFormSet = forms.formset_factory(PersonForm, extra=1)
OrganisationFormSet = forms.formset_factory(OrganisationForm, extra=1)
RecommendationFormSet = forms.formset_factory(RecommendationForm, extra=1)
FrameworkLinkFormSet = forms.formset_factory(FrameworkLinkForm, extra=0)

PERSON_FIELDS = ["name", "title", "organisation", "country", "role"]
ORGANISATION_FIELDS = ["name", "acronym"]


class ReviewForms:
    """The draft's fields as one form per part, built from and back to the extraction JSON.

    ``meeting_match`` is the existing meeting the proposal matches: the form offers to add to
    it (the default) or to create a new meeting.
    """

    def __init__(self, draft, data=None, *, meeting_match=None):
        proposal = draft.data or {}
        meeting = proposal.get("meeting") or {}
        self.draft = draft
        self.meeting_match = meeting_match
        self.main = DraftForm(
            data,
            prefix="draft",
            initial={
                "version": draft.version,
                # The document's own title and kind: ingestion set them from the extraction,
                # and a document of the reference data keeps its hand-read ones.
                "title": draft.document.title_en or proposal.get("title") or "",
                "document_kind": draft.document.kind or proposal.get("document_kind") or "",
                "language": proposal.get("language") or "",
                "countries": [as_code(c) for c in proposal.get("countries") or []],
                "countries_mentioned": [
                    as_code(c) for c in proposal.get("countries_mentioned") or []
                ],
            },
        )
        start, end, precision = meeting_dates(meeting)
        self.meeting = MeetingForm(
            data,
            prefix="meeting",
            processes=processes_of(meeting),
            initial={
                "include": bool(proposal.get("meeting")),
                **{k: v for k, v in meeting.items() if k in MeetingForm.base_fields},
                "country": as_code(meeting.get("country")),
                "start_date": start,
                "end_date": end if meeting.get("end_date") else None,
                "date_precision": precision,
                "processes": processes_of(meeting),
                "merge": NEW if meeting.get("new_meeting") else MERGE,
                "merge_into": meeting_match.pk if meeting_match else None,
            },
        )
        self.people = PersonFormSet(
            data,
            prefix="people",
            initial=[
                {"include": True, **p, "country": as_code(p.get("country"))}
                for p in proposal.get("people") or []
            ],
        )
        self.organisations = OrganisationFormSet(
            data,
            prefix="organisations",
            initial=[{"include": True, **o} for o in proposal.get("organisations") or []],
        )
        self.recommendations = RecommendationFormSet(
            data,
            prefix="recommendations",
            initial=[
                {
                    "include": True,
                    **{k: v for k, v in r.items() if k != "framework_items"},
                    "parent": r.get("parent") or "",
                    "framework_items": " ".join(r.get("framework_items") or []),
                }
                for r in flatten_recommendations(proposal.get("recommendations") or [])
            ],
        )
        chosen = proposal.get("framework_links")
        self.framework_links = FrameworkLinkFormSet(
            data,
            prefix="framework",
            initial=[
                {
                    # What the text states is linked by default; a suggestion only when chosen.
                    "include": e["id"] in chosen
                    if chosen is not None
                    else e.get("source") == "explicit",
                    "uid": e["id"],
                }
                for e in proposal.get("framework_items") or []
                if isinstance(e, dict) and e.get("id")
            ],
        )

        self._offer_choices()

    def _offer_choices(self):
        """Countries and framework items are chosen by name (grouped by region, by
        framework); what the extraction proposed and the reference data do not hold is
        offered too, marked "not on record", so that the reviewer sees it and may choose a
        known one instead (on acceptance it is skipped and reported)."""
        countries, items = country_options(), item_options()

        def offer(kind, proposed, *, blank=False):
            values = proposed if isinstance(proposed, list | tuple) else [proposed]
            choices = with_unknown(items if kind == "items" else countries, values)
            return (BLANK if blank else []) + choices

        main = self.main.fields
        main["countries"].choices = offer("countries", self.main.initial["countries"])
        main["countries_mentioned"].choices = offer(
            "countries", self.main.initial["countries_mentioned"]
        )
        self.meeting.fields["country"].choices = offer(
            "countries", self.meeting.initial.get("country"), blank=True
        )
        for form in self.people.forms:
            form.fields["country"].choices = offer(
                "countries", form.initial.get("country"), blank=True
            )
        for form in self.recommendations.forms:
            form.fields["framework_items"].choices = offer(
                "items", form.initial.get("framework_items") or []
            )

    def parts(self):
        return [
            self.main,
            self.meeting,
            self.people,
            self.organisations,
            self.recommendations,
            self.framework_links,
        ]

    def is_valid(self) -> bool:
        return all(part.is_valid() for part in self.parts())

    # -- high confidence -------------------------------------------------------------------
    @staticmethod
    def _row(form, fields) -> dict:
        return {f: form[f].value() or "" for f in fields}

    def confidence(self) -> dict:
        """Per people and organisation row, ``(grade, match)``: grade "matched" (on record),
        "complete" or "check", ``None`` for an empty row; read from the values as shown (the
        reviewer's edits), the rule being ``review.high_confidence_*``."""

        def grade(formset, fields, matcher, rule):
            grades = []
            for form in formset.forms:
                row = self._row(form, fields)
                if not any(str(v).strip() for v in row.values()):
                    grades.append((None, None))
                    continue
                match = matcher(row)
                if match is not None:
                    grades.append(("matched", match))
                else:
                    grades.append(("complete" if rule(row, None) else "check", None))
            return grades

        return {
            "people": grade(
                self.people,
                PERSON_FIELDS,
                lambda row: match_person(row["name"]),
                high_confidence_person,
            ),
            "organisations": grade(
                self.organisations,
                ORGANISATION_FIELDS,
                lambda row: match_organisation(row["name"], row["acronym"]),
                high_confidence_organisation,
            ),
        }

    def with_high_confidence(self, data) -> tuple[ReviewForms, dict]:
        """The same forms with "Keep" ticked on exactly the high-confidence people and
        organisations (on record, or complete) and unticked on the others. Saves nothing."""
        data = data.copy()
        grades = self.confidence()
        counts = {}
        for name, formset in (("people", self.people), ("organisations", self.organisations)):
            kept = 0
            for form, (grade, _match) in zip(formset.forms, grades[name], strict=True):
                key = form.add_prefix("include")
                if grade in ("matched", "complete"):
                    data[key] = "on"
                    kept += 1
                elif key in data:
                    del data[key]
            counts[name] = (kept, sum(1 for g, _m in grades[name] if g is not None))
        return ReviewForms(self.draft, data, meeting_match=self.meeting_match), counts

    def cleaned_data(self) -> dict:
        """The corrected extraction, in the schema of ``knowledge.extract`` (plus the
        reviewer's choices: ``countries_mentioned``, ``framework_links`` and, in ``meeting``,
        ``processes``, ``date_precision``, ``merge_into``, ``new_meeting``)."""
        main = self.main.cleaned_data
        meeting = self.meeting.cleaned_data
        proposal = dict(self.draft.data or {})

        def rows(formset, fields):
            return [
                {f: form.cleaned_data.get(f) or "" for f in fields}
                for form in formset.forms
                if form.cleaned_data.get("include")
                and any(form.cleaned_data.get(f) for f in fields)
            ]

        recommendations = []
        for row in rows(self.recommendations, ["number", "parent", "text", "framework_items"]):
            row["framework_items"] = list(row["framework_items"] or [])
            if not row["parent"]:
                row.pop("parent")
            recommendations.append(row)
        took_part = country_codes(main.get("countries", ""))
        merge = meeting.get("merge") or MERGE
        proposal.update(
            title=main.get("title") or None,
            document_kind=main.get("document_kind") or None,
            language=main.get("language") or None,
            countries=took_part,
            countries_mentioned=[
                c for c in country_codes(main.get("countries_mentioned", "")) if c not in took_part
            ],
            meeting=(
                {
                    "kind": meeting.get("kind") or None,
                    "start_date": meeting["start_date"].isoformat()
                    if meeting.get("start_date")
                    else None,
                    "end_date": meeting["end_date"].isoformat()
                    if meeting.get("end_date")
                    else None,
                    "date_precision": meeting.get("date_precision") or DatePrecision.DAY,
                    "city": meeting.get("city") or None,
                    "country": meeting.get("country") or None,
                    "format": meeting.get("format") or None,
                    "processes": meeting.get("processes") or [RABAT],
                    "merge_into": meeting.get("merge_into") if merge == MERGE else None,
                    "new_meeting": merge == NEW,
                }
                if meeting.get("include")
                else None
            ),
            people=rows(self.people, PERSON_FIELDS),
            organisations=rows(self.organisations, ORGANISATION_FIELDS),
            recommendations=recommendations,
            framework_links=[
                form.cleaned_data["uid"]
                for form in self.framework_links.forms
                if form.cleaned_data.get("include") and form.cleaned_data.get("uid")
            ],
        )
        return proposal
