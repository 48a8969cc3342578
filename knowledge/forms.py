"""Forms of the knowledge pages: the upload form and the field-by-field review form."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.models import Visibility
from documents.choices import DocumentKind, Language
from meetings.choices import MeetingFormat, MeetingKind, SpeakerRole

from .review import flatten_recommendations


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


class DraftForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Title"), max_length=400, required=False)
    document_kind = forms.ChoiceField(
        label=_("Kind of document"), choices=BLANK + list(DocumentKind.choices), required=False
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=BLANK + list(Language.choices), required=False
    )
    countries = forms.CharField(
        label=_("Countries (ISO codes)"),
        required=False,
        help_text=_("Two-letter codes separated by spaces or commas, e.g. FR, SN, MA."),
    )


class MeetingForm(forms.Form):
    include = forms.BooleanField(label=_("The document reports on a meeting"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind of meeting"), choices=BLANK + list(MeetingKind.choices), required=False
    )
    start_date = forms.DateField(label=_("Start date"), required=False)
    end_date = forms.DateField(label=_("End date"), required=False)
    city = forms.CharField(label=_("City"), max_length=120, required=False)
    country = forms.CharField(label=_("Country (ISO code)"), max_length=60, required=False)
    format = forms.ChoiceField(
        label=_("Format"), choices=BLANK + list(MeetingFormat.choices), required=False
    )


class PersonForm(forms.Form):
    include = forms.BooleanField(label=_("Keep"), required=False, initial=True)
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    title = forms.CharField(label=_("Title or function"), max_length=400, required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=255, required=False)
    country = forms.CharField(label=_("Country"), max_length=60, required=False)
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
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    framework_items = forms.CharField(
        label=_("Framework items"),
        required=False,
        help_text=_("Identifiers separated by spaces, e.g. marrakesh-2018/A5."),
    )


PersonFormSet = forms.formset_factory(PersonForm, extra=1)
OrganisationFormSet = forms.formset_factory(OrganisationForm, extra=1)
RecommendationFormSet = forms.formset_factory(RecommendationForm, extra=1)


class ReviewForms:
    """The draft's fields as one form per part, built from and back to the extraction JSON."""

    def __init__(self, draft, data=None):
        proposal = draft.data or {}
        meeting = proposal.get("meeting") or {}
        self.draft = draft
        self.main = DraftForm(
            data,
            prefix="draft",
            initial={
                "version": draft.version,
                "title": proposal.get("title") or "",
                "document_kind": proposal.get("document_kind") or "",
                "language": proposal.get("language") or "",
                "countries": ", ".join(proposal.get("countries") or []),
            },
        )
        self.meeting = MeetingForm(
            data,
            prefix="meeting",
            initial={"include": bool(proposal.get("meeting")), **meeting},
        )
        self.people = PersonFormSet(
            data,
            prefix="people",
            initial=[{"include": True, **p} for p in proposal.get("people") or []],
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

    def parts(self):
        return [self.main, self.meeting, self.people, self.organisations, self.recommendations]

    def is_valid(self) -> bool:
        return all(part.is_valid() for part in self.parts())

    def cleaned_data(self) -> dict:
        """The corrected extraction, in the schema of ``knowledge.extract``."""
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
            row["framework_items"] = row["framework_items"].replace(",", " ").split()
            if not row["parent"]:
                row.pop("parent")
            recommendations.append(row)
        proposal.update(
            title=main.get("title") or None,
            document_kind=main.get("document_kind") or None,
            language=main.get("language") or None,
            countries=[
                c.strip().upper() for c in main.get("countries", "").replace(",", " ").split()
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
                    "city": meeting.get("city") or None,
                    "country": meeting.get("country") or None,
                    "format": meeting.get("format") or None,
                }
                if meeting.get("include")
                else None
            ),
            people=rows(self.people, ["name", "title", "organisation", "country", "role"]),
            organisations=rows(self.organisations, ["name", "acronym"]),
            recommendations=recommendations,
        )
        return proposal
