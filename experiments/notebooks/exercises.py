"""Write the lesson with its exercises open, from the notebook with the answers.

    python experiments/notebooks/exercises.py

``bargaining-101-solutions.ipynb`` is the one source of the lesson. Each cell
with an answer is tagged ``solution`` and lists, in its metadata
(``answers``), the names the answer sets; ``bargaining-101.ipynb`` is the same
notebook with each such cell replaced by ``NAME = ...`` lines for the student
to fill in, and without the cells tagged ``solutions-only`` (the note that this
is the solutions). The check after each answer stays: it prints a hint while an
answer is ``...`` and asserts once it is given. ``tests/test_notebooks.py``
checks that the two notebooks agree.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

HERE = Path(__file__).parent
SOLUTIONS = HERE / "bargaining-101-solutions.ipynb"
EXERCISES = HERE / "bargaining-101.ipynb"


def blank(cell: dict) -> dict:
    """An answer cell with each answer left as ``...``."""
    names = cell["metadata"]["answers"]
    lines = [f"{name} = ...  # your answer\n" for name in names]
    lines[-1] = lines[-1].rstrip("\n")
    return {**cell, "metadata": {"tags": ["exercise"]}, "source": lines}


def exercises(solutions: dict) -> dict:
    """The notebook `solutions` with its answers blanked and its cells tagged
    ``solutions-only`` (what only the solutions say of themselves) left out."""
    notebook = copy.deepcopy(solutions)
    notebook["cells"] = [
        blank(cell) if "solution" in cell["metadata"].get("tags", []) else cell
        for cell in notebook["cells"]
        if "solutions-only" not in cell["metadata"].get("tags", [])
    ]
    return notebook


def dumps(notebook: dict) -> str:
    """A notebook as Jupyter writes it (one-space indent, a final newline)."""
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def main() -> None:
    solutions = json.loads(SOLUTIONS.read_text(encoding="utf-8"))
    EXERCISES.write_text(dumps(exercises(solutions)), encoding="utf-8")
    print(EXERCISES)


if __name__ == "__main__":
    main()
