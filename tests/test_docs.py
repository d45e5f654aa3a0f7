"""The documentation's commands work as written, and its reference covers every command.

Every code block marked ``:class: runnable`` in the tutorials and how-to guides runs,
in order, in an empty folder outside the clone (bash blocks in bash, python blocks in
this interpreter), after the files its page shows (a ``toml`` block with a
``:caption:`` is the file of that name) are written there. A ``peacesim`` command in a
block that is not run (it starts a server, or needs a cluster) must still parse.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from sim.cli import build_parser, commands
from tests.conftest import ROOT

DOCS = ROOT / "docs"
PAGES = sorted([*(DOCS / "tutorials").glob("*.md"), *(DOCS / "how-to").glob("*.md")])
FENCE = re.compile(
    r"^ *```(?P<directive>\{code-block\} )?(?P<language>\w*)[^\n]*\n"
    r"(?P<options>(?: *:[\w-]+:[^\n]*\n)*)(?P<body>.*?)^ *```",
    re.MULTILINE | re.DOTALL,
)


@dataclass(frozen=True)
class Block:
    language: str
    options: dict[str, str]
    body: str

    @property
    def runnable(self) -> bool:
        return "runnable" in self.options.get("class", "").split()


def blocks(page: Path) -> list[Block]:
    """The fenced code blocks of a MyST page, in order."""
    found = []
    for match in FENCE.finditer(page.read_text(encoding="utf-8")):
        options = dict(
            re.match(r" *:([\w-]+): *(.*)", line).groups()  # type: ignore[union-attr]
            for line in match["options"].splitlines()
        )
        indent = len(match.group(0)) - len(match.group(0).lstrip(" "))
        body = "\n".join(line[indent:] for line in match["body"].splitlines())
        found.append(Block(match["language"], options, body))
    return found


RUNNABLE = [page for page in PAGES if any(block.runnable for block in blocks(page))]


def test_the_pages_have_commands_to_run():
    names = {page.stem for page in RUNNABLE}
    assert {"researcher", "analyst", "educator", "editor-schemas", "write-a-scenario"} <= names


@pytest.mark.parametrize("page", RUNNABLE, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_the_commands_of_a_page_run_as_written(page, tmp_path):
    steps = blocks(page)
    env = {**os.environ, "MPLBACKEND": "Agg"}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    env.pop("PEACESIM_SEEDS", None)
    for block in steps:
        if "caption" in block.options and not block.runnable:
            (tmp_path / block.options["caption"]).write_text(block.body + "\n", encoding="utf-8")
        elif block.runnable:
            command = ["bash", "-euo", "pipefail", "-c"] if block.language == "bash" else None
            command = command or [sys.executable, "-c"]
            done = subprocess.run(
                [*command, block.body], cwd=tmp_path, env=env, capture_output=True, text=True
            )
            assert done.returncode == 0, f"{block.body}\n{done.stderr[-3000:]}"


def _commands_not_run() -> list[str]:
    """The ``peacesim`` command lines of blocks that are not run."""
    lines = []
    for page in PAGES:
        for block in blocks(page):
            if block.language == "bash" and not block.runnable:
                lines += [ln for ln in block.body.splitlines() if ln.startswith("peacesim ")]
    return lines


@pytest.mark.parametrize("line", _commands_not_run())
def test_a_command_that_is_not_run_still_parses(line):
    argv = shlex.split(line, comments=True)[1:]
    build_parser().parse_args(argv)


def test_the_command_line_reference_shows_every_command():
    page = (DOCS / "reference" / "cli.md").read_text(encoding="utf-8")
    shown = re.findall(r"^```\{peacesim-help\} (\S+)$", page, re.MULTILINE)
    assert shown == list(commands(build_parser()))
    assert "```{peacesim-help}\n" in page  # and peacesim's own


def test_blocks_reads_options_and_bodies(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "Text\n\n```{code-block} bash\n:class: runnable\n:caption: x\n\necho hi\n```\n\n"
        "1. Step\n\n   ```toml\n   a = 1\n   ```\n"
    )
    assert blocks(page) == [
        Block("bash", {"class": "runnable", "caption": "x"}, "\necho hi"),
        Block("toml", {}, "a = 1"),
    ]


# --- the README: a landing page ----------------------------------------------------------

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_is_a_landing_page():
    assert len(README.splitlines()) <= 150
    for command in commands(build_parser()):
        assert f"`peacesim {command}" in README, command


def test_every_link_of_the_readme_is_a_file_of_the_repository():
    links = re.findall(r"\]\(([^)#]+)\)", README)
    assert len(links) > 20
    assert [link for link in links if not (ROOT / link).exists()] == []
