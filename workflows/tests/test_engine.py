"""Workflow definitions are validated when loaded: a typo in a state name is an error."""

import pytest
from django.utils import translation

from workflows.engine import Workflow

DEFINITION = {
    "name": "demo",
    "initial": "draft",
    "states": {"draft": {"en": "Draft", "fr": "Brouillon"}, "done": {"en": "Done", "fr": "Fait"}},
    "final": ["done"],
    "transitions": [
        {"name": "finish", "from": ["draft"], "to": "done", "by": ["owner"], "reason": True}
    ],
}


def test_a_valid_definition_loads_with_its_labels_and_diagram():
    workflow = Workflow.from_dict(DEFINITION)
    assert workflow.transition("finish").needs_reason
    with translation.override("en"):
        assert workflow.state_choices() == [("draft", "Draft"), ("done", "Done")]
    with translation.override("fr"):
        assert workflow.state_label("draft") == "Brouillon"
    assert "draft --> done: finish (owner)" in workflow.mermaid()


def test_an_unknown_state_in_a_transition_is_refused():
    broken = {
        **DEFINITION,
        "transitions": [{"name": "x", "from": ["draft"], "to": "gone", "by": []}],
    }
    with pytest.raises(ValueError, match="unknown state 'gone'"):
        Workflow.from_dict(broken)
