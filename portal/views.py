from django.views.generic import TemplateView

from .selectors import home_context


class HomeView(TemplateView):
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(home_context(self.request.user))
        return context


class AboutView(TemplateView):
    template_name = "portal/about.html"


class FloorView(TemplateView):
    """A trivial page used by the benchmarks as the framework's floor (no database)."""

    template_name = "portal/floor.html"
