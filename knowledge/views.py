"""Pages of the knowledge library: the library, a document's text, upload, jobs, review."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from core.roles import roles_of
from core.views import FilteredListView
from documents.models import Document
from frameworks.models import FrameworkItem
from workflows.engine import TransitionNotAllowed
from workflows.locking import Conflict

from . import jobs
from .api.serializers import (
    ExtractionDraftSerializer,
    IngestItemSerializer,
    LibraryDocumentSerializer,
    QuotedFigureSerializer,
)
from .choices import FINISHED_STATUSES, DraftState, ItemStatus, Step
from .filtersets import (
    DraftFilterSet,
    IngestItemFilterSet,
    LibraryFilterSet,
    QuotedFigureFilterSet,
)
from .forms import ReviewForms, UploadForm, country_codes
from .highlight import highlighter, terms_of
from .models import ExtractionDraft, IngestItem, Passage, QuotedFigure, review_workflow
from .review import (
    RABAT,
    draft_accept,
    draft_reject,
    extraction_failure,
    match_country,
    matches,
    process_name,
)
from .services import batch_create_from_uploads, draft_extract_again


class StaffRequiredMixin:
    """Secretariat and administrators only: visitors are sent to sign in, others get 403."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not roles_of(request.user).staff:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class LibraryListView(FilteredListView):
    model = Document
    filterset_class = LibraryFilterSet
    serializer_class = LibraryDocumentSerializer
    template_name = "knowledge/library_list.html"
    export_name = "library"

    def base_queryset(self):
        return (
            Document.objects.annotate(passages_count=Count("passages", distinct=True))
            .prefetch_related(Prefetch("drafts", queryset=ExtractionDraft.objects.order_by("-id")))
            .order_by("-created_at", "-id")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["staff"] = roles_of(self.request.user).staff
        return context


class LibraryDocumentView(TemplateView):
    """The structured text of a document, page by page (visibility applies: unseen is 404)."""

    template_name = "knowledge/document_text.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        document = get_object_or_404(
            Document.objects.restrict(self.request.user, "view"), pk=kwargs["pk"]
        )
        passages = list(Passage.objects.filter(document=document).order_by("position"))
        pages: list[tuple] = []
        for passage in passages:
            if not pages or pages[-1][0] != passage.page:
                pages.append((passage.page, []))
            pages[-1][1].append(passage)
        staff = roles_of(self.request.user).staff
        context.update(
            document=document,
            pages=pages,
            passage_count=len(passages),
            staff=staff,
            drafts=list(document.drafts.order_by("-id")) if staff else [],
        )
        return context


class UploadView(StaffRequiredMixin, FormView):
    template_name = "knowledge/upload.html"

    form_class = UploadForm

    def form_valid(self, form):
        batch = batch_create_from_uploads(
            files=form.cleaned_data["files"],
            user=self.request.user,
            visibility=form.cleaned_data["visibility"],
        )
        transaction.on_commit(jobs.kick)
        messages.success(
            self.request,
            _("%(count)s files queued. Their status is shown below.")
            % {"count": batch.items.count()},
        )
        return redirect(reverse("knowledge:jobs") + f"?batch={batch.pk}")


class JobsView(StaffRequiredMixin, FilteredListView):
    model = IngestItem
    filterset_class = IngestItemFilterSet
    serializer_class = IngestItemSerializer
    template_name = "knowledge/jobs.html"
    export_name = "ingested-files"

    def base_queryset(self):
        return (
            IngestItem.objects.select_related("document", "batch")
            .prefetch_related(
                Prefetch("document__drafts", queryset=ExtractionDraft.objects.order_by("-id"))
            )
            .order_by("-id")
        )

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return ["knowledge/_jobs_table.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["active"] = any(i.status not in FINISHED_STATUSES for i in context["object_list"])
        context["statuses"] = ItemStatus
        return context


class DraftListView(StaffRequiredMixin, FilteredListView):
    model = ExtractionDraft
    filterset_class = DraftFilterSet
    serializer_class = ExtractionDraftSerializer
    template_name = "knowledge/draft_list.html"
    export_name = "extraction-drafts"

    def base_queryset(self):
        return ExtractionDraft.objects.select_related("document", "meeting").order_by("-id")


class ReviewView(StaffRequiredMixin, TemplateView):
    """Side by side: the passages with the proposed values highlighted, and the fields, grouped
    (meeting; people and organisations; conclusions; framework links) so that a typical report
    is reviewed in a few screens."""

    template_name = "knowledge/review.html"

    def get_draft(self):
        return get_object_or_404(
            ExtractionDraft.objects.restrict(self.request.user, "view").select_related("document"),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, forms=None, errors=None, notice="", **kwargs):
        context = super().get_context_data(**kwargs)
        draft = self.draft
        data = draft.data or {}
        found = matches(data)
        forms = forms or ReviewForms(draft, meeting_match=found["meeting"])
        mark = highlighter(terms_of(data))
        passages = [
            (p, mark(p.text))
            for p in Passage.objects.filter(document=draft.document).order_by("position")
        ]
        grades = forms.confidence()
        proposed_links = {
            e["id"]: e for e in data.get("framework_items") or [] if isinstance(e, dict)
        }
        items = FrameworkItem.objects.in_bulk(list(proposed_links), field_name="uid")
        failure = extraction_failure(draft.document)
        # The processes as the form shows them (the reviewer may have corrected them).
        processes = []
        if forms.meeting["include"].value():
            processes = list(forms.meeting["processes"].value() or []) or [RABAT]
        countries_shown = _countries_shown(forms.main["countries"].value())
        mentioned_shown = _countries_shown(forms.main["countries_mentioned"].value())
        context.update(
            draft=draft,
            document=draft.document,
            forms=forms,
            errors=errors or [],
            notice=notice,
            passages=passages,
            person_matches=found["people"],
            organisation_matches=found["organisations"],
            country_matches=found["countries"],
            meeting_match=found["meeting"],
            other_process=bool(processes) and RABAT not in processes,
            process_names=", ".join(str(process_name(p)) for p in processes),
            countries_shown=countries_shown,
            mentioned_shown=mentioned_shown,
            unknown_countries=any(c is None for _code, c in countries_shown + mentioned_shown),
            failure=failure,
            accept_blocked=failure is not None and failure.failed_step == Step.EXTRACTION,
            pending=draft.state == DraftState.PENDING,
            steps=review_workflow().available(draft, self.request.user),
            people_rows=[
                (form, match, grade)
                for form, (grade, match) in zip(forms.people.forms, grades["people"], strict=True)
            ],
            organisation_rows=[
                (form, match, grade)
                for form, (grade, match) in zip(
                    forms.organisations.forms, grades["organisations"], strict=True
                )
            ],
            framework_rows=[
                (
                    form,
                    proposed_links.get(form["uid"].value()) or {},
                    items.get(form["uid"].value()),
                )
                for form in forms.framework_links.forms
            ],
            tally=_tally(grades),
            conclusion_count=sum(
                1 for form in forms.recommendations.forms if (form["text"].value() or "").strip()
            ),
            framework_stated=sum(
                1 for e in proposed_links.values() if e.get("source") == "explicit"
            ),
            # A group with an error, or just changed by the bulk selection, opens by itself.
            open_people=bool(notice)
            or _has_errors(forms.people)
            or _has_errors(forms.organisations),
            open_conclusions=_has_errors(forms.recommendations),
            open_framework=_has_errors(forms.framework_links),
        )
        return context

    def get(self, request, *args, **kwargs):
        self.draft = self.get_draft()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.draft = draft = self.get_draft()
        action = request.POST.get("action")
        if action == "reject":
            try:
                draft_reject(
                    draft=draft,
                    user=request.user,
                    reason=request.POST.get("reason", ""),
                    expected_version=request.POST.get("draft-version") or draft.version,
                )
            except (TransitionNotAllowed, Conflict) as exc:
                messages.error(request, _message(exc))
                return redirect(draft.get_absolute_url())
            messages.success(request, _("The extraction was rejected; nothing was created."))
            return redirect(reverse("knowledge:drafts"))
        if action not in ("accept", "select-high", "accept-high"):
            return redirect(draft.get_absolute_url())
        forms = ReviewForms(draft, request.POST, meeting_match=matches(draft.data or {})["meeting"])
        if action in ("select-high", "accept-high"):
            forms, counts = forms.with_high_confidence(request.POST)
            if action == "select-high":
                notice = _(
                    "Kept %(people)s of %(people_total)s people and %(organisations)s of "
                    "%(organisations_total)s organisations: those on record or given with a "
                    "name and an organisation (an acronym for organisations). The others are "
                    "unticked. Nothing is saved until you accept."
                ) % {
                    "people": counts["people"][0],
                    "people_total": counts["people"][1],
                    "organisations": counts["organisations"][0],
                    "organisations_total": counts["organisations"][1],
                }
                forms.is_valid()
                return self.render_to_response(self.get_context_data(forms=forms, notice=notice))
        if not forms.is_valid():
            return self.render_to_response(self.get_context_data(forms=forms), status=400)
        try:
            summary = draft_accept(
                draft=draft,
                data=forms.cleaned_data(),
                user=request.user,
                expected_version=forms.main.cleaned_data["version"],
            )
        except (ValidationError, TransitionNotAllowed) as exc:
            return self.render_to_response(
                self.get_context_data(forms=forms, errors=exc.messages), status=400
            )
        except Conflict as exc:
            self.draft = exc.current
            return self.render_to_response(
                self.get_context_data(errors=[str(exc.message)]), status=409
            )
        messages.success(
            request,
            _("Accepted: %(created)s records created, %(matched)s existing records linked.")
            % {"created": len(summary["created"]), "matched": len(summary["matched"])},
        )
        if summary["merged"] is not None:
            messages.info(
                request,
                _("Added to the existing meeting “%(meeting)s”; no new meeting was created.")
                % {"meeting": summary["merged"].title},
            )
        for note in summary["skipped"]:
            messages.warning(request, note)
        return redirect(draft.get_absolute_url())


def _countries_shown(value) -> list[tuple[str, object]]:
    """``[(code as typed, Country or None)]`` for the codes of a countries field."""
    return [(code, match_country(code)) for code in country_codes(value or "")]


def _has_errors(formset) -> bool:
    return formset.is_bound and (formset.total_error_count() > 0)


def _tally(grades: dict) -> dict:
    """How many people and organisations are on record, complete or to check."""
    tally = {}
    for name, rows in grades.items():
        found = [grade for grade, _match in rows if grade is not None]
        tally[name] = {
            "total": len(found),
            **{g: found.count(g) for g in ("matched", "complete", "check")},
        }
    return tally


class ExtractAgainView(StaffRequiredMixin, View):
    """POST: read the draft's document again and run the extraction (after a failure)."""

    def post(self, request, pk):
        draft = get_object_or_404(ExtractionDraft.objects.restrict(request.user, "view"), pk=pk)
        try:
            error = draft_extract_again(
                draft=draft,
                by=request.user,
                expected_version=request.POST.get("draft-version") or draft.version,
            )
        except (ValidationError, Conflict) as exc:
            messages.error(request, _message(exc))
            return redirect(draft.get_absolute_url())
        if error:
            messages.error(
                request,
                _("The extraction failed again: %(error)s. It was logged for the developers.")
                % {"error": error},
            )
        else:
            messages.success(request, _("The extraction ran again; its proposal is below."))
        return redirect(draft.get_absolute_url())


def _message(exc) -> str:
    if isinstance(exc, Conflict):
        return str(exc.message)
    return " ".join(getattr(exc, "messages", [str(exc)]))


class FigureListView(FilteredListView):
    """Figures the documents quote, with their sentence and source (visibility applies)."""

    model = QuotedFigure
    filterset_class = QuotedFigureFilterSet
    serializer_class = QuotedFigureSerializer
    template_name = "knowledge/figure_list.html"
    export_name = "quoted-figures"

    def base_queryset(self):
        return QuotedFigure.objects.select_related(
            "document", "passage", "meeting", "country"
        ).order_by("document__date", "document_id", "passage__position", "id")
