"""The reference countries: the list of domains they follow and one workspace per domain."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from core.views import FilteredListView
from frameworks.api.serializers import ReferenceCountrySerializer
from frameworks.choices import ItemKind
from frameworks.filtersets import ReferenceCountryFilterSet
from frameworks.models import FrameworkItem, ReferenceCountry
from workflows.views import ServiceFormMixin, TransitionView

from .forms import ReportForm, ThemeForm
from .models import THEME_WORKFLOW, ReferenceCountryReport, Theme, may_edit_domain
from .selectors import workspace


def get_domain(user, framework: str, code: str) -> FrameworkItem:
    return get_object_or_404(
        FrameworkItem.objects.restrict(user).select_related("framework"),
        framework__slug=framework,
        code=code,
        kind=ItemKind.DOMAIN,
    )


class ReferenceCountryListView(FilteredListView):
    """Domains and their reference countries; the same filters and fields as
    ``/api/reference-countries/``."""

    model = ReferenceCountry
    filterset_class = ReferenceCountryFilterSet
    serializer_class = ReferenceCountrySerializer
    template_name = "workspaces/reference_country_list.html"
    export_name = "reference-countries"
    paginate_by = 200

    def base_queryset(self):
        return ReferenceCountry.objects.select_related("country", "item__framework").order_by(
            "item__framework__slug", "item__sort_order", "country__name_en"
        )


class WorkspaceView(TemplateView):
    template_name = "workspaces/workspace.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        domain = get_domain(user, kwargs["framework"], kwargs["code"])
        context.update(workspace(domain, user))
        context.update(
            domain=domain,
            framework=domain.framework,
            can_edit=may_edit_domain(user, domain),
            editable_reports=set(
                ReferenceCountryReport.objects.restrict(user, "change")
                .for_domain(domain)
                .values_list("pk", flat=True)
            ),
            editable_themes=set(
                Theme.objects.restrict(user, "change")
                .for_domain(domain)
                .values_list("pk", flat=True)
            ),
        )
        themes = list(context["themes"])
        for theme in themes:
            theme.steps = THEME_WORKFLOW.available(theme, user)
        context["themes"] = themes
        return context


class DomainEditMixin(ServiceFormMixin):
    """The domain's reference countries and the Secretariat only; anyone else gets a 404
    (visitors are sent to the login page)."""

    model = None
    form_class = None
    template_name = "workspaces/record_edit.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.domain = get_domain(request.user, kwargs["framework"], kwargs["code"])
        if not may_edit_domain(request.user, self.domain):
            raise Http404
        self.object = self.get_record()
        return super().dispatch(request, *args, **kwargs)

    def get_record(self):
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(
            self.model.objects.restrict(self.request.user, "change").for_domain(self.domain),
            pk=self.kwargs["pk"],
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(user=self.request.user, domain=self.domain, instance=self.object)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(domain=self.domain, framework=self.domain.framework, object=self.object)
        context["model_name"] = self.model._meta.verbose_name
        return context

    def form_valid(self, form):
        # The write goes through the model's write service (ServiceFormMixin).
        try:
            response = super().form_valid(form)
        except PermissionDenied as exc:
            raise Http404 from exc
        if isinstance(response, HttpResponseRedirect):
            messages.success(self.request, _("Saved."))
        return response

    def get_success_url(self):
        return self.object.get_absolute_url()


class ReportCreateView(DomainEditMixin, FormView):
    model = ReferenceCountryReport
    form_class = ReportForm


class ReportUpdateView(DomainEditMixin, FormView):
    model = ReferenceCountryReport
    form_class = ReportForm


class ThemeCreateView(DomainEditMixin, FormView):
    model = Theme
    form_class = ThemeForm


class ThemeUpdateView(DomainEditMixin, FormView):
    model = Theme
    form_class = ThemeForm


class ThemeTransitionView(LoginRequiredMixin, TransitionView):
    """A step of a proposed theme (``workflow.json``): retain, decline, address, withdraw."""

    model = Theme
    workflow = THEME_WORKFLOW

    def get_record(self):
        theme = get_object_or_404(
            Theme.objects.select_related("assignment__item__framework"), pk=self.kwargs["pk"]
        )
        if not THEME_WORKFLOW.actors_of(theme, self.request.user):
            raise Http404
        return theme
