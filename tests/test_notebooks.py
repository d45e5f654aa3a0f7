"""The teaching notebooks are stored without outputs (``pytest --nbmake`` runs them)."""

import json

import pytest

from tests.conftest import ROOT

NOTEBOOKS = sorted((ROOT / "experiments" / "notebooks").glob("*.ipynb"))


def test_the_teaching_notebook_is_there():
    assert "bargaining-101.ipynb" in [path.name for path in NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_without_outputs(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    code = [cell for cell in cells if cell["cell_type"] == "code"]
    assert code, "a lesson with no code"
    assert all(cell["outputs"] == [] and cell["execution_count"] is None for cell in code)
