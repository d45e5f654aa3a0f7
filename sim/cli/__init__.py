"""The command line, ``peacesim``: one module per command.

- :mod:`~sim.cli.run`        run a scenario; print its rounds; write tables and charts
- :mod:`~sim.cli.calibrate`  every actor's calibrated position and its sources
- :mod:`~sim.cli.sweep`      run a sweep spec; it resumes if interrupted
- :mod:`~sim.cli.report`     charts and a summary of a sweep's results
- :mod:`~sim.cli.backtest`   score the model against the documented record
- :mod:`~sim.cli.fit`        calibrate the assumptions on the 2022 record (ABC-SMC)
- :mod:`~sim.cli.forecast`   expected-utility, compromise and median forecasts
- :mod:`~sim.cli.plot`       one chart of the gallery
- :mod:`~sim.cli.app`        the classroom app
- :mod:`~sim.cli.schema`     the JSON Schemas of the config files
- :mod:`~sim.cli.posterior`  ``--posterior DIR``: start ``run`` or ``app`` from a fit
- :mod:`~sim.cli.common`     the console, one-line errors, checked arguments

The edge of the program: parses arguments, calls the rest, prints, and
exits with status 2 and one line on any user error (a bad scenario, a bad
argument), never a traceback. Each command module imports the stack it needs
inside its command, so building the parser loads none (``peacesim run`` never
loads the sweep stack, nor matplotlib without charts).
"""

from __future__ import annotations

import argparse
import sys

from sim.calibration.provenance import package_version
from sim.calibration.scenario import ScenarioError
from sim.calibration.seeds import SeedError
from sim.cli import app, backtest, calibrate, fit, forecast, plot, report, run, schema, sweep
from sim.cli.common import Parser, UserError, one_line

#: The commands in the order ``peacesim --help`` lists them.
COMMANDS = (run, calibrate, sweep, report, backtest, fit, forecast, plot, app, schema)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="peacesim",
        description="The Russia-Ukraine peace talks as a negotiation simulation.",
    )
    parser.add_argument("--version", action="version", version=f"peacesim {package_version()}")
    sub = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.add_parser(sub)
    return parser


def commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The parsers of `parser`'s commands, by name (``run``, ``sweep``, ...)."""
    found = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(found[0].choices) if found else {}


def main(argv: list[str] | None = None) -> int:
    """Run the command line; 0 on success, 2 (and one line on stderr) on a user error.

    An operating-system error (a disk full, a folder removed underneath) is
    reported the same way: it names the file, and the user can act on it.
    """
    try:
        args = build_parser().parse_args(argv)
        args.func(args)
    except Exception as exc:
        if not isinstance(exc, (*_user_errors(), OSError)):
            raise
        print(f"peacesim: error: {one_line(str(exc))}", file=sys.stderr)
        return 2
    return 0


def _user_errors() -> tuple[type[Exception], ...]:
    """The errors shown as one line. A results-store error can only have been
    raised once the sweep stack is loaded, so it is looked up only then, and
    ``run`` never loads that stack."""
    errors: tuple[type[Exception], ...] = (ScenarioError, SeedError, UserError)
    store = sys.modules.get("sim.sweeps.store")
    return errors if store is None else (*errors, store.StoreError)
