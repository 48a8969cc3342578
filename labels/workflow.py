"""The labelling workflow, loaded from its definition (``workflow.json``: states as data)."""

from pathlib import Path

from workflows.engine import Workflow

DEFINITION = Path(__file__).with_name("workflow.json")
WORKFLOW = Workflow.from_file(DEFINITION)
