"""The teaching notebooks: stored without outputs (``pytest --nbmake`` runs them), the
exercises' answers only in the solutions notebook, and only peacesim's public API."""

import ast
import importlib
import importlib.util
import json

import pytest

from tests.conftest import ROOT

FOLDER = ROOT / "experiments" / "notebooks"
NOTEBOOKS = sorted(FOLDER.glob("*.ipynb"))
#: The packages whose exports (``__all__``) a lesson may use.
PUBLIC = ("sim.core", "sim.calibration", "sim.talks", "sim.charts")


def _generator():
    spec = importlib.util.spec_from_file_location("exercises", FOLDER / "exercises.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _cells(name: str) -> list[dict]:
    return json.loads((FOLDER / name).read_text(encoding="utf-8"))["cells"]


def test_the_lesson_and_its_solutions_are_there():
    names = [path.name for path in NOTEBOOKS]
    assert "bargaining-101.ipynb" in names and "bargaining-101-solutions.ipynb" in names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_without_outputs(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    code = [cell for cell in cells if cell["cell_type"] == "code"]
    assert code, "a lesson with no code"
    assert all(cell["outputs"] == [] and cell["execution_count"] is None for cell in code)


def test_the_lesson_is_the_solutions_with_the_answers_blanked():
    generator = _generator()
    solutions = json.loads(generator.SOLUTIONS.read_text(encoding="utf-8"))
    expected = generator.dumps(generator.exercises(solutions))
    assert generator.EXERCISES.read_text(encoding="utf-8") == expected, (
        "run: python experiments/notebooks/exercises.py"
    )


def test_every_exercise_has_a_blank_answer_and_a_check_and_no_answer_shows():
    lesson, solutions = _cells("bargaining-101.ipynb"), _cells("bargaining-101-solutions.ipynb")
    answers = [c for c in solutions if "solution" in c["metadata"].get("tags", [])]
    blanks = [c for c in lesson if "exercise" in c["metadata"].get("tags", [])]
    assert len(answers) == len(blanks) == 5
    only = [c for c in solutions if "solutions-only" in c["metadata"].get("tags", [])]
    assert only and not [c for c in lesson if c in only]  # "this copy has the answers"
    for answer, blank in zip(answers, blanks, strict=True):
        names = answer["metadata"]["answers"]
        assert "".join(blank["source"]).splitlines() == [f"{n} = ...  # your answer" for n in names]
        following = lesson[lesson.index(blank) + 1]
        assert "check" in following["metadata"]["tags"] and "assert" in "".join(following["source"])
        assert "".join(answer["source"]) not in json.dumps(lesson)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_lessons_use_only_the_public_api(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    code = "\n".join(
        line
        for cell in cells
        if cell["cell_type"] == "code"
        for line in "".join(cell["source"]).splitlines()
        if not line.startswith("%")  # IPython magics are not Python
    )
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import):
            assert not any(a.name.startswith("sim") for a in node.names), ast.unparse(node)
        if isinstance(node, ast.ImportFrom) and node.module.startswith("sim"):
            assert node.module in PUBLIC, ast.unparse(node)
            exported = importlib.import_module(node.module).__all__
            assert all(a.name in exported for a in node.names), ast.unparse(node)
