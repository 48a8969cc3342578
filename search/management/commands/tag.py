import json

from django.core.management.base import BaseCommand, CommandError

from documents.models import Document
from meetings.models import Recommendation
from search import services


class Command(BaseCommand):
    help = (
        "Suggest action plan items for documents (whole text and each paragraph) and "
        "recommendations, into the review queue (/search/tagging/). Idempotent. "
        "--evaluate prints the accuracy on the labelled set instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("--document", help="slug or id of one document")
        parser.add_argument("--all", action="store_true", help="every document and recommendation")
        parser.add_argument("--method", choices=["lexical", "semantic"], default=None)
        parser.add_argument(
            "--evaluate", action="store_true", help="accuracy on knowledge/tagging/eval/"
        )

    def handle(self, *args, document=None, all=False, method=None, evaluate=False, **options):
        if evaluate:
            from knowledge.tagging.evaluate import evaluate as run

            report = run(method or "lexical")
            self.stdout.write(json.dumps(report, indent=1, ensure_ascii=False))
            return
        if not document and not all:
            raise CommandError("Say which: --document SLUG_OR_ID or --all.")
        if document:
            lookup = {"pk": int(document)} if document.isdigit() else {"slug": document}
            documents = list(Document.objects.filter(**lookup))
            if not documents:
                raise CommandError(f"No document {document!r}.")
            meeting_ids = {d.meeting_id for d in documents if d.meeting_id}
            recommendations = Recommendation.objects.filter(meeting_id__in=meeting_ids)
        else:
            documents = Document.objects.all()
            recommendations = Recommendation.objects.all()
        counts = services.suggestions_compute(
            documents=documents,
            recommendations=recommendations.select_related("meeting"),
            method=method,
        )
        self.stdout.write(
            self.style.SUCCESS(
                "Suggestions: {created} new, {updated} refreshed, {unchanged} unchanged.".format(
                    **counts
                )
            )
        )
