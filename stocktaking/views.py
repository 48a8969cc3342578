from urllib.parse import urlencode

from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views import View
from django.views.generic import TemplateView

from frameworks.models import Framework

from .forms import ReportForm
from .render import render_body, render_pdf
from .report import LANGUAGES, ReportError, build_report, parse_period


class ReportFormView(TemplateView):
    """The form: a framework, a period and a language; GET, so that a report has a URL."""

    template_name = "stocktaking/index.html"

    def get(self, request, *args, **kwargs):
        if "framework" in request.GET:
            form = ReportForm(request.GET, user=request.user)
            if form.is_valid():
                data = form.cleaned_data
                name = (
                    "stocktaking:pdf"
                    if request.GET.get("format") == "pdf"
                    else "stocktaking:report"
                )
                query = urlencode({"from": data["start"], "to": data["end"], "lang": data["lang"]})
                return redirect(
                    reverse(name, kwargs={"slug": data["framework"].slug}) + "?" + query
                )
        else:
            lang = getattr(request, "LANGUAGE_CODE", "en")[:2]
            form = ReportForm(
                user=request.user,
                initial={"lang": lang if lang in LANGUAGES else "en", "start": 2018, "end": 2022},
            )
        return self.render_to_response(self.get_context_data(form=form))


class ReportMixin:
    def get_report(self):
        request = self.request
        framework = get_object_or_404(
            Framework.objects.restrict(request.user), slug=self.kwargs["slug"]
        )
        lang = request.GET.get("lang") or getattr(request, "LANGUAGE_CODE", "en")[:2]
        if lang not in LANGUAGES:
            lang = "en"
        start, end = parse_period(framework, request.GET.get("from"), request.GET.get("to"))
        return build_report(framework, start, end, user=request.user, lang=lang)

    def query(self, report, lang=None):
        return "?" + urlencode(
            {"from": report.start, "to": report.end, "lang": lang or report.lang}
        )


class ReportView(ReportMixin, TemplateView):
    template_name = "stocktaking/report.html"

    def get(self, request, *args, **kwargs):
        try:
            report = self.get_report()
        except ReportError as exc:
            return HttpResponseBadRequest(escape(str(exc)))
        slug = {"slug": report.framework_slug}
        other = "en" if report.lang == "fr" else "fr"
        context = self.get_context_data(
            report=report,
            body=mark_safe(render_body(report)),  # rendered by a template with autoescape
            pdf_url=reverse("stocktaking:pdf", kwargs=slug) + self.query(report),
            other_url=reverse("stocktaking:report", kwargs=slug) + self.query(report, other),
        )
        return self.render_to_response(context)


class ReportPdfView(ReportMixin, View):
    def get(self, request, *args, **kwargs):
        try:
            report = self.get_report()
        except ReportError as exc:
            return HttpResponseBadRequest(escape(str(exc)))
        pdf = render_pdf(report, base_url=request.build_absolute_uri("/").rstrip("/"))
        response = HttpResponse(pdf, content_type="application/pdf")
        filename = (
            f"stocktaking-{report.framework_slug}-{report.start}-{report.end}-{report.lang}.pdf"
        )
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response
