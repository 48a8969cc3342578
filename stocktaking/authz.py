"""The stocktaking pages are public: each role sees the report built from what it may see."""

from core.authz import EVERYONE, Case


def setup(world):
    from frameworks.tests.factories import FrameworkFactory

    world.stocktaking_framework = FrameworkFactory(
        slug="stocktaking-authz", period_start=2018, period_end=2019
    )


def _slug(world):
    return {"slug": world.stocktaking_framework.slug}


CASES = [
    Case("stocktaking:index", "view", EVERYONE),
    Case("stocktaking:report", "view", EVERYONE, kwargs=_slug, query="?from=2018&to=2019&lang=fr"),
    Case("stocktaking:pdf", "export", EVERYONE, kwargs=_slug, query="?from=2018&to=2019"),
]
