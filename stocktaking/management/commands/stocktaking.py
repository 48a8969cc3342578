"""``rabat stocktaking --framework marrakesh-2018 --from 2018 --to 2022 --lang fr --output r.pdf``.

Writes the report as PDF or HTML (by the output's extension, or ``--format``) as the public
sees it (anonymous user: public records only), or as ``--user <username>`` sees it.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError

from frameworks.models import Framework
from stocktaking.render import render_pdf, render_standalone
from stocktaking.report import LANGUAGES, ReportError, build_report, parse_period


class Command(BaseCommand):
    help = "Write the stocktaking report of a framework for a period, as PDF or HTML."

    def add_arguments(self, parser):
        parser.add_argument(
            "--framework", required=True, help="framework slug, e.g. marrakesh-2018"
        )
        parser.add_argument("--from", dest="start", help="first year (default: the plan's)")
        parser.add_argument("--to", dest="end", help="last year (default: the plan's)")
        parser.add_argument("--lang", default="en", choices=LANGUAGES)
        parser.add_argument("--output", required=True, help="file to write (.pdf or .html)")
        parser.add_argument("--format", choices=("pdf", "html"), help="default: from --output")
        parser.add_argument("--user", help="build the report as this user sees it")
        parser.add_argument(
            "--base-url",
            default=getattr(settings, "RABAT_SITE_URL", ""),
            help="prefix of the links (default: settings.RABAT_SITE_URL)",
        )

    def handle(self, *args, **options):
        user = AnonymousUser()
        if options["user"]:
            try:
                user = get_user_model().objects.get(username=options["user"])
            except get_user_model().DoesNotExist as exc:
                raise CommandError(f"No user {options['user']!r}.") from exc
        framework = Framework.objects.restrict(user).filter(slug=options["framework"]).first()
        if framework is None:
            raise CommandError(f"No framework {options['framework']!r}.")
        output = Path(options["output"])
        fmt = options["format"] or ("html" if output.suffix.lower() in (".html", ".htm") else "pdf")
        try:
            start, end = parse_period(framework, options["start"], options["end"])
            report = build_report(framework, start, end, user=user, lang=options["lang"])
        except ReportError as exc:
            raise CommandError(str(exc)) from exc
        base_url = options["base_url"].rstrip("/")
        if fmt == "pdf":
            output.write_bytes(render_pdf(report, base_url))
        else:
            output.write_text(render_standalone(report, base_url), encoding="utf-8")
        self.stdout.write(
            f"{output}: {len(report.references)} activities, {report.white_spot_count} white spots"
        )
