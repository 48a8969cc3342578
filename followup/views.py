"""Follow-up pages: every recommendation's status, per meeting, per framework item, the
Secretariat's list of stale and overdue ones, and the edit and entry forms."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, UpdateView

from core.roles import roles_of
from core.views import FilteredListView, RestrictedDetailView
from frameworks.models import FrameworkItem
from meetings.models import Meeting
from workflows.views import ServiceFormMixin, add_validation_error

from . import services
from .api.serializers import FollowUpSerializer
from .filtersets import FollowUpFilterSet
from .forms import FollowUpEntryForm, FollowUpForm, FollowUpStatusForm
from .models import FollowUp, FollowUpEntry, stale_days


def entries_for(user):
    return Prefetch(
        "entries",
        queryset=FollowUpEntry.objects.restrict(user).select_related(
            "evidence_meeting", "evidence_document", "evidence_label"
        ),
    )


class FollowUpListView(FilteredListView):
    model = FollowUp
    filterset_class = FollowUpFilterSet
    serializer_class = FollowUpSerializer
    template_name = "followup/followup_list.html"
    export_name = "recommendation-follow-up"

    def base_queryset(self):
        return FollowUp.objects.for_list().with_stale()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_staff"] = roles_of(self.request.user).staff
        return context


class ScopedFollowUpListView(FollowUpListView):
    """The list for one meeting or one framework item, with each recommendation's entries."""

    template_name = "followup/followup_scoped.html"
    paginate_by = 200

    def base_queryset(self):
        return (
            FollowUp.objects.for_list()
            .with_stale()
            .prefetch_related(entries_for(self.request.user))
        )

    def get_filterset(self):
        query = self.request.GET.copy()
        query[self.scope_param] = self.scope_value()
        return self.filterset_class(query, queryset=self.get_queryset(), request=self.request)


class MeetingFollowUpView(ScopedFollowUpListView):
    scope_param = "meeting"

    def scope_value(self):
        self.meeting = get_object_or_404(
            Meeting.objects.restrict(self.request.user), slug=self.kwargs["slug"]
        )
        return self.meeting.slug

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(scope=self.meeting, scope_kind="meeting")
        return context


class ItemFollowUpView(ScopedFollowUpListView):
    scope_param = "framework_item"

    def scope_value(self):
        self.item = get_object_or_404(
            FrameworkItem.objects.restrict(self.request.user).select_related("framework"),
            uid=self.kwargs["uid"],
        )
        return self.item.uid

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(scope=self.item, scope_kind="item")
        return context


class StaleFollowUpView(LoginRequiredMixin, TemplateView):
    """For the Secretariat: overdue follow-ups and those without an entry for a long time."""

    template_name = "followup/stale.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not roles_of(request.user).staff:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        visible = FollowUp.objects.restrict(self.request.user).for_list()
        context.update(
            today=today,
            stale_days=stale_days(),
            overdue=visible.overdue(today).with_clock().order_by("due_date", "pk"),
            stale=visible.stale(today).order_by("last_news", "pk"),
        )
        return context


class FollowUpDetailView(RestrictedDetailView):
    model = FollowUp
    template_name = "followup/followup_detail.html"
    context_object_name = "follow_up"
    slug_field = "pk"
    slug_url_kwarg = "pk"

    def get_queryset(self):
        return (
            FollowUp.objects.for_list()
            .with_stale()
            .prefetch_related(entries_for(self.request.user), "recommendation__framework_items")
            .restrict(self.request.user, "view")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        may_change = services.may_change(user, self.object)
        context["may_change"] = may_change
        if may_change:
            context["entry_form"] = FollowUpEntryForm(user=user)
        if roles_of(user).staff:
            context["changes"] = self.object.history.select_related("history_user")[:50]
        return context


class FollowUpUpdateView(LoginRequiredMixin, ServiceFormMixin, UpdateView):
    model = FollowUp
    template_name = "followup/followup_form.html"
    context_object_name = "follow_up"

    def get_object(self, queryset=None):
        # As in the API: a follow-up the user may not change does not exist for editing.
        return get_object_or_404(
            FollowUp.objects.for_list().restrict(self.request.user, "change"), pk=self.kwargs["pk"]
        )

    def get_form_class(self):
        # The fields the user may write (``services.writable_fields``): the Secretariat's
        # form, or the owner partner's status form.
        if set(services.STAFF_FIELDS) <= set(services.writable_fields(self.request.user)):
            return FollowUpForm
        return FollowUpStatusForm

    def form_valid(self, form):
        # The write (and the new owner's notice) is ``services.FollowUpWrites``.
        response = super().form_valid(form)
        if response.status_code == 302:
            messages.success(self.request, _("The follow-up was saved."))
        return response

    def get_success_url(self):
        return self.object.get_absolute_url()


class FollowUpEntryCreateView(LoginRequiredMixin, FormView):
    form_class = FollowUpEntryForm
    template_name = "followup/entry_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.follow_up = get_object_or_404(FollowUp.objects.for_list(), pk=kwargs["pk"])
        if request.user.is_authenticated and not services.may_change(request.user, self.follow_up):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(follow_up=self.follow_up, **kwargs)

    def form_valid(self, form):
        try:
            services.follow_up_entry_add(
                follow_up=self.follow_up, by=self.request.user, **form.cleaned_data
            )
        except PermissionDenied as error:
            raise Http404 from error
        except ValidationError as error:
            add_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The follow-up entry was added."))
        return HttpResponseRedirect(self.follow_up.get_absolute_url())
