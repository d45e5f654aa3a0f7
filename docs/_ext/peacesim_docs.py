"""Sphinx directives that generate the reference from the code, so it cannot drift.

- ``peacesim-help COMMAND``: the ``--help`` text of ``peacesim COMMAND`` (no argument:
  of ``peacesim`` itself), as the terminal prints it 88 columns wide.
- ``peacesim-keys scenario|sweep``: every key of a scenario file or a sweep spec, from
  the JSON Schema of its pydantic model (:func:`sim.sweeps.schema.key_rows`).
- ``peacesim-issues``: the issues of the seeds and their levels, the names a scenario's
  agenda, ideals and red lines use.

It also narrows napoleon to what it is for here: the numpydoc sections of functions
and classes. The docstrings of attributes and constants are prose, whose first line
often reads "the cell colours: ...", and napoleon would take what comes before the
colon for the attribute's type.
"""

from __future__ import annotations

import os
from unittest import mock

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.ext import napoleon
from sphinx.util.docutils import SphinxDirective

from sim.calibration.seeds import load_issues
from sim.cli import build_parser, commands
from sim.sweeps.schema import MODELS, key_rows

#: Width of the help texts (argparse reads it from COLUMNS).
HELP_COLUMNS = 88


def help_text(command: str | None) -> str:
    """The ``--help`` of ``peacesim`` or of one of its commands."""
    with mock.patch.dict(os.environ, {"COLUMNS": str(HELP_COLUMNS)}):
        parser = build_parser()
        return (commands(parser)[command] if command else parser).format_help()


class CommandHelp(SphinxDirective):
    optional_arguments = 1

    def run(self) -> list[nodes.Node]:
        command = self.arguments[0] if self.arguments else None
        if command is not None and command not in commands(build_parser()):
            raise self.error(f"peacesim has no command {command!r}")
        text = help_text(command)
        block = nodes.literal_block(text, text, language="text")
        return [block]


class ConfigKeys(SphinxDirective):
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        kind = self.arguments[0]
        if kind not in MODELS:
            raise self.error(f"expected one of {', '.join(MODELS)}, got {kind!r}")
        lines = []
        for key in key_rows(kind):
            default = f", default `{key.default}`" if key.default else ""
            allowed = f" *Allowed:* {key.allowed}." if key.allowed else ""
            lines += [f"`{key.path}` ({key.type}{default})", f": {key.description}{allowed}", ""]
        container = nodes.container(classes=["config-keys"])
        self.state.nested_parse(StringList(lines, source=f"<{kind} keys>"), 0, container)
        return [container]


class Issues(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        lines = []
        for issue in load_issues().values():
            levels = ", ".join(f"`{level}`" for level in issue.levels)
            quo = issue.levels[issue.status_quo]
            separable = "; separable (a deal on it can close on its own)" if issue.separable else ""
            lines += [
                f"`{issue.key}`",
                f": {issue.label}: {levels}; status quo `{quo}`{separable}.",
                "",
            ]
        container = nodes.container(classes=["issues"])
        self.state.nested_parse(StringList(lines, source="<issues>"), 0, container)
        return [container]


#: What autodoc calls the objects whose docstrings are prose, left alone by napoleon.
PROSE = ("attribute", "data", "property")


def _numpydoc(app: Sphinx, what: str, name: str, obj, options, lines: list[str]) -> None:
    if what not in PROSE:
        napoleon._process_docstring(app, what, name, obj, options, lines)


def setup(app: Sphinx) -> dict[str, object]:
    app.setup_extension("sphinx.ext.napoleon")
    listeners = app.events.listeners["autodoc-process-docstring"]
    listeners[:] = [lis for lis in listeners if lis.handler is not napoleon._process_docstring]
    app.connect("autodoc-process-docstring", _numpydoc)
    app.add_directive("peacesim-help", CommandHelp)
    app.add_directive("peacesim-keys", ConfigKeys)
    app.add_directive("peacesim-issues", Issues)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
