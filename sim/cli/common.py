"""What every command shares: the console, one-line user errors, checked arguments."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import NoReturn

from rich.console import Console
from rich.table import Table

from sim.calibration.scenario import MAX_ROUNDS, Scenario, find_scenario, load_scenario
from sim.sweeps.limits import MAX_SEED, MAX_WORKERS, scheduler_address

# Neither markup nor highlighting: titles, labels and paths are the user's text,
# printed as written (a "[/]" in a title is not markup) and in time linear in its length.
console = Console(width=max(110, Console().width), markup=False, highlight=False)


class UserError(Exception):
    """An error the user can fix; printed as one line, exit status 2."""


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line (a :class:`UserError`), not usage text."""

    def error(self, message: str) -> NoReturn:
        # A command's parser names the command; the top one adds nothing to the
        # "peacesim: error:" that every one-line error starts with.
        command = self.prog.partition(" ")[2]
        raise UserError(f"{command}: {message}" if command else message)


def one_line(text: str) -> str:
    """`text` with line breaks and other control characters escaped."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def output_folder(out: str | Path) -> Path:
    """The folder `out`, created, if results can be written there (checked before any
    work), else a :class:`UserError`."""
    path, shown = Path(out), one_line(str(out)[:100])
    try:
        if path.exists() and not path.is_dir():
            raise UserError(f"--out {shown}: a folder, but it is an existing file")
        path.mkdir(parents=True, exist_ok=True)
    except (OSError, ValueError) as exc:  # under a file, read-only, a name too long, a NUL
        reason = getattr(exc, "strerror", None) or str(exc)
        raise UserError(f"--out {shown}: a folder that can be created ({reason})") from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise UserError(f"--out {shown}: a writable folder (it is not writable)")
    return path


def resolve_scenario(name: str) -> Scenario:
    """A scenario from a path, or a bare name from ``scenarios/``."""
    return load_scenario(find_scenario(name))


def warn(notes: list) -> None:
    """Settings that change nothing (:mod:`sim.calibration.notes`), a line each on stderr."""
    for note in notes:
        print(f"peacesim: warning: {one_line(str(note))}", file=sys.stderr)


def path_name(text: str) -> str:
    """An argparse type: a file or folder name, not empty (an empty ``--out`` would
    otherwise mean the current folder, or the default, without a word)."""
    if not text.strip():
        raise argparse.ArgumentTypeError(f"expected a file or folder name, got {text!r}")
    return text


def whole_number(minimum: int, maximum: int = MAX_SEED):
    """An argparse type: a whole number from `minimum` to `maximum`."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"expected a whole number, got {text[:60]!r}"
            ) from None
        if not minimum <= value <= maximum:
            raise argparse.ArgumentTypeError(
                f"expected a number from {minimum} to {maximum}, got {value}"
            )
        return value

    return parse


#: ``--rounds`` and ``--round``: a run of at most MAX_ROUNDS rounds (as a spec's ``rounds``).
rounds_number = whole_number(1, MAX_ROUNDS)
#: ``--workers``: at most MAX_WORKERS processes (as a spec's ``[execution] workers``).
workers_number = whole_number(1, MAX_WORKERS)


def scheduler(text: str) -> str:
    """An argparse type: a Dask scheduler's address (``tcp://host:port``)."""
    try:
        return scheduler_address(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected {exc}") from None


def frame_table(title: str, frame, columns: dict[str, str]) -> Table:
    """A rich table of a data frame's rows; an empty cell shows as '-'."""
    table = Table(title=title, title_justify="left")
    for header in columns:
        table.add_column(header)
    for row in frame.to_dict("records"):
        table.add_row(*(form.format(**row) or "-" for form in columns.values()))
    return table
