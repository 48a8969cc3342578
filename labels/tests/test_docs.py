"""The user guide's states diagram is the workflow's own: the two cannot drift apart."""

from django.conf import settings

from labels.workflow import WORKFLOW


def test_the_guide_shows_the_workflow_as_defined():
    guide = (settings.BASE_DIR / "docs" / "guide" / "labelling.md").read_text(encoding="utf-8")
    assert f"```mermaid\n{WORKFLOW.mermaid()}\n```" in guide
    for transition in WORKFLOW.transitions:
        assert transition.labels["en"] in guide, transition.name
