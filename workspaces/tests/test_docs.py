"""The user guides show the states diagrams of the workflows as they are defined."""

from pathlib import Path

from django.conf import settings

from evaluations.models import WORKFLOW
from workspaces.models import THEME_WORKFLOW

GUIDE = Path(settings.BASE_DIR) / "docs" / "guide"


def test_the_guides_show_the_current_diagrams():
    assert WORKFLOW.mermaid() in (GUIDE / "evaluation-forms.md").read_text(encoding="utf-8")
    assert THEME_WORKFLOW.mermaid() in (GUIDE / "reference-countries.md").read_text(
        encoding="utf-8"
    )
