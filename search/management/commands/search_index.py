from django.core.management.base import BaseCommand, CommandError

from search import indexing, semantic


class Command(BaseCommand):
    help = (
        "Rebuild the search index (--rebuild) from every passage, document, meeting, "
        "recommendation, person, organisation and framework item; --embed writes the vectors "
        "of the optional semantic search."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="empty and refill the index")
        parser.add_argument(
            "--embed", action="store_true", help="embed every entry (needs the [semantic] extra)"
        )

    def handle(self, *args, rebuild=False, embed=False, **options):
        if not rebuild and not embed:
            raise CommandError("Say what to do: --rebuild and/or --embed.")
        if rebuild:
            counts = indexing.rebuild(stdout=self.stdout)
            self.stdout.write(self.style.SUCCESS(f"Indexed {sum(counts.values())} records."))
        if embed:
            from knowledge.tagging import semantic as model

            if not model.available():
                raise CommandError(
                    "The semantic extra is not installed: pip install -e '.[semantic]'"
                )
            semantic.embed_all(stdout=self.stdout)
