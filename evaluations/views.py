"""The Secretariat's pages for evaluation forms and the participants' answer page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import CreateView, TemplateView, UpdateView

from core.tabular import csv_text
from core.views import FilteredListView
from workflows.engine import history
from workflows.views import ServiceFormMixin
from workflows.views import TransitionView as BaseTransitionView

from .api.serializers import EvaluationFormSerializer
from .filtersets import EvaluationFormFilterSet
from .forms import AnswerForm, EvaluationFormForm, LinksForm, QuestionForm
from .models import WORKFLOW, EvaluationForm, Question
from .permissions import RoleRequiredMixin, may_manage, may_read_results
from .selectors import answers_table, form_results, forms_with_counts
from .services import (
    AlreadyUsed,
    FormClosed,
    evaluation_answer_submit,
    invitation_for_token,
    invitations_generate,
    question_add,
    question_delete,
    question_move,
    question_update,
)


class FormMixin(RoleRequiredMixin):
    """Looks the form up through ``restrict(user, action)``: unseen is 404."""

    restrict_action = "change"

    def get_form_record(self) -> EvaluationForm:
        if not hasattr(self, "_record"):
            self._record = get_object_or_404(
                EvaluationForm.objects.restrict(
                    self.request.user, self.restrict_action
                ).select_related("meeting"),
                pk=self.kwargs["pk"],
            )
        return self._record


class EvaluationFormListView(RoleRequiredMixin, FilteredListView):
    allowed = staticmethod(may_read_results)
    model = EvaluationForm
    filterset_class = EvaluationFormFilterSet
    serializer_class = EvaluationFormSerializer
    template_name = "evaluations/form_list.html"
    export_name = "evaluation-forms"

    def get_queryset(self):
        return forms_with_counts(
            EvaluationForm.objects.restrict(self.request.user, "results")
        ).order_by("-closes_at", "-id")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_manage"] = may_manage(self.request.user)
        return context


class EvaluationFormCreateView(RoleRequiredMixin, ServiceFormMixin, CreateView):
    model = EvaluationForm
    form_class = EvaluationFormForm
    template_name = "evaluations/form_edit.html"

    def get_initial(self):
        initial = super().get_initial()
        meeting = self.request.GET.get("meeting")
        if meeting:
            initial["meeting"] = (
                self.form_class.base_fields["meeting"].queryset.filter(slug=meeting).first()
            )
        return initial

    def get_success_url(self):
        # After ServiceFormMixin's write through EvaluationFormWrites.
        messages.success(self.request, _("The form was created. Now add its questions."))
        return self.object.get_absolute_url()


class EvaluationFormUpdateView(FormMixin, ServiceFormMixin, UpdateView):
    model = EvaluationForm
    form_class = EvaluationFormForm
    template_name = "evaluations/form_edit.html"

    def get_object(self, queryset=None):
        return self.get_form_record()


class EvaluationFormDetailView(FormMixin, TemplateView):
    """The form as the Secretariat builds it: questions, links, next steps, history."""

    template_name = "evaluations/form_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record = self.get_form_record()
        invitations = record.invitations.all()
        context.update(
            record=record,
            questions=record.questions.order_by("position", "id"),
            question_form=kwargs.get("question_form") or QuestionForm(),
            links=invitations.count(),
            used=invitations.filter(used_at__isnull=False).count(),
            transitions=WORKFLOW.available(record, self.request.user),
            transition_url_name="evaluations:transition",
            steps=history(record),
            now=timezone.now(),
        )
        return context


class QuestionAddView(FormMixin, View):
    """GET: a page with the empty question form; POST: add the question to the draft."""

    def get(self, request, pk):
        record = self.get_form_record()
        return render(
            request,
            "evaluations/question_edit.html",
            {"record": record, "form": QuestionForm()},
        )

    def post(self, request, pk):
        record = self.get_form_record()
        form = QuestionForm(request.POST)
        if form.is_valid():
            try:
                question_add(form=record, by=request.user, **form.service_kwargs())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Question added."))
                return HttpResponseRedirect(record.get_absolute_url() + "#questions")
        return render(
            request, "evaluations/question_edit.html", {"record": record, "form": form}, status=400
        )


class QuestionMixin(FormMixin):
    def get_question(self) -> Question:
        return get_object_or_404(self.get_form_record().questions, pk=self.kwargs["question"])


class QuestionEditView(QuestionMixin, View):
    def get(self, request, pk, question):
        item = self.get_question()
        return render(
            request,
            "evaluations/question_edit.html",
            {
                "record": self.get_form_record(),
                "form": QuestionForm(instance=item),
                "question": item,
            },
        )

    def post(self, request, pk, question):
        item = self.get_question()
        form = QuestionForm(request.POST, instance=Question.objects.get(pk=item.pk))
        if form.is_valid():
            try:
                question_update(question=item, by=request.user, **form.service_kwargs())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Question saved."))
                return HttpResponseRedirect(
                    self.get_form_record().get_absolute_url() + "#questions"
                )
        return render(
            request,
            "evaluations/question_edit.html",
            {"record": self.get_form_record(), "form": form, "question": item},
            status=400,
        )


class QuestionDeleteView(QuestionMixin, View):
    def get(self, request, pk, question):
        return render(
            request,
            "evaluations/question_delete.html",
            {"record": self.get_form_record(), "question": self.get_question()},
        )

    def post(self, request, pk, question):
        try:
            question_delete(question=self.get_question(), by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Question deleted."))
        return HttpResponseRedirect(self.get_form_record().get_absolute_url() + "#questions")


class QuestionMoveView(QuestionMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk, question):
        offset = -1 if request.POST.get("direction") == "up" else 1
        try:
            question_move(question=self.get_question(), offset=offset)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(self.get_form_record().get_absolute_url() + "#questions")


class LinksView(FormMixin, View):
    """Generate participants' links. They are shown once (or downloaded as CSV), then only
    their hashes remain."""

    def get(self, request, pk):
        return self.page(LinksForm())

    def page(self, form, created=None, status=200):
        record = self.get_form_record()
        return render(
            self.request,
            "evaluations/links.html",
            {
                "record": record,
                "form": form,
                "created": created,
                "links": record.invitations.count(),
                "used": record.invitations.filter(used_at__isnull=False).count(),
            },
            status=status,
        )

    def post(self, request, pk):
        record = self.get_form_record()
        form = LinksForm(request.POST)
        if not form.is_valid():
            return self.page(form, status=400)
        try:
            created = invitations_generate(
                form=record,
                count=form.cleaned_data["count"],
                labels=form.cleaned_data["emails"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.page(form, status=400)
        rows = [
            (
                invitation.label,
                request.build_absolute_uri(reverse("evaluations:answer", args=[token])),
            )
            for invitation, token in created
        ]
        if request.POST.get("format") == "csv":
            body = csv_text(
                ({"label": label, "link": link} for label, link in rows), ["label", "link"]
            )
            response = HttpResponse(body, content_type="text/csv; charset=utf-8")
            name = slugify(record.title)[:60] or "form"
            response["Content-Disposition"] = f'attachment; filename="links-{name}.csv"'
            response["Cache-Control"] = "no-store"
            return response
        response = self.page(LinksForm(), created=rows)
        response["Cache-Control"] = "no-store"
        return response


class TransitionView(FormMixin, BaseTransitionView):
    workflow = WORKFLOW

    def get_record(self):
        return self.get_form_record()


class ResultsView(FormMixin, TemplateView):
    """A chart and a table per question; ``?export=csv`` gives every anonymous response."""

    allowed = staticmethod(may_read_results)
    restrict_action = "results"
    template_name = "evaluations/results.html"

    def get(self, request, *args, **kwargs):
        export = request.GET.get("export")
        if export == "csv":
            return self.csv()
        if export:
            raise Http404("Unknown export format")
        return super().get(request, *args, **kwargs)

    def csv(self):
        record = self.get_form_record()
        rows = answers_table(record)
        headers = [_("response")] + [
            f"Q{q.position}. {q.text}" for q in record.questions.order_by("position", "id")
        ]
        # Answers are typed by anonymous respondents: csv_text neutralises formula-like text.
        response = HttpResponse(csv_text(rows, headers), content_type="text/csv; charset=utf-8")
        name = slugify(record.title)[:60] or "form"
        response["Content-Disposition"] = f'attachment; filename="answers-{name}.csv"'
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record = self.get_form_record()
        context.update(record=record, perms_manage=may_manage(self.request.user))
        context.update(form_results(record))
        context["used"] = record.invitations.filter(used_at__isnull=False).count()
        context["links"] = record.invitations.count()
        return context


@method_decorator([csrf_exempt, never_cache], name="dispatch")
class AnswerView(View):
    """``/evaluations/answer/<token>/``: one participant's anonymous answers, once per link.

    Not CSRF-protected on purpose: the unguessable token in the address is the only authority
    (no session or cookie is involved), and a page carrying no CSRF token can be served from
    the visitors' page cache without breaking anyone's submission.
    """

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.invitation = invitation_for_token(kwargs["token"])
        if self.invitation is None:
            raise Http404("Unknown link")
        self.record = self.invitation.form
        if self.record.state == "draft":
            raise Http404("Form not open yet")

    def dispatch(self, request, *args, **kwargs):
        with override(self.record.language):
            return super().dispatch(request, *args, **kwargs)

    def page(self, template, context=None, status=200):
        context = {"record": self.record, "meeting": self.record.meeting, **(context or {})}
        return render(self.request, template, context, status=status)

    def unavailable(self):
        if self.invitation.used_at is not None:
            return self.page("evaluations/answer_used.html")
        if not self.record.accepts_answers():
            return self.page("evaluations/answer_closed.html")
        return None

    def questions(self):
        return self.record.questions.order_by("position", "id")

    def get(self, request, token):
        return self.unavailable() or self.page(
            "evaluations/answer.html", {"form": AnswerForm(self.questions())}
        )

    def post(self, request, token):
        blocked = self.unavailable()
        if blocked is not None:
            return blocked
        form = AnswerForm(self.questions(), request.POST)
        if not form.is_valid():
            return self.page("evaluations/answer.html", {"form": form}, status=400)
        try:
            evaluation_answer_submit(invitation=self.invitation, answers=form.answers)
        except AlreadyUsed:
            return self.page("evaluations/answer_used.html")
        except FormClosed:
            return self.page("evaluations/answer_closed.html")
        except ValidationError as error:
            for name, errors in error.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
            return self.page("evaluations/answer.html", {"form": form}, status=400)
        return self.page("evaluations/answer_thanks.html")
