"""Reading a file in the DEU III format (EU legislative negotiations) for the forecasts.

The format (see ``experiments/data/README.md``): a CSV header; a second line
holding each actor's capability under its ``p<actor>`` column; then one row
per controversial issue with ``isnrnmc`` (the issue's number), each actor's
position ``p<actor>`` and salience ``s<actor>`` on 0-100 (blank: none), and
the outcome ``out`` on 0-100 (blank: not recorded). The actors are the
Commission, the Parliament and the 28 member states.

Columns the procedural, Nash and exchange models read, each optional (a file
without one reads as all blank): ``prnrnmc`` the proposal's number (blank or
missing: each issue its own proposal), ``rp`` the reference point on 0-100,
``proc`` the procedure (``COD`` codecision, ``CNS`` consultation) and
``counvte`` the Council's voting rule (``QMV`` or ``Unan``).

Every problem is one :class:`DEUError` naming the file, the key (line and
column) and what was expected: positions, saliences and outcomes are finite
numbers on 0-100 (or blank), capabilities finite numbers from 0 to
:data:`MAX_CAPABILITY`, issue numbers ASCII digits, each once; and at least one
issue must be forecastable (an actor with a capability and a salience above 0
takes a position on it).
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sim.calibration.scenario import shorten

#: The DEU III actors: Commission, Parliament, the member states by code.
DEU_ACTORS = (
    "com", "ep", "at", "be", "bu", "cr", "cy", "cz", "dk", "ee", "fi", "fr", "de", "el", "hu",
    "ie", "it", "lv", "lt", "lu", "mt", "nl", "pl", "pt", "ro", "si", "sk", "es", "se", "uk",
)  # fmt: skip
#: Salience of an actor with a position but a blank salience: the middle of the
#: 0-100 scale. With it, the compromise model and the weighted median give the
#: published baselines of the file's README (MAE 20.4 and 24.2).
MISSING_SALIENCE = 50.0
SCALE = (0.0, 100.0)
#: Largest capability. Only ratios of capabilities matter; the file's are GDP shares
#: and the institutions' 4.1, so this is far above any real one, and it keeps every
#: sum of capability x salience x distance finite.
MAX_CAPABILITY = 1e6
#: An issue or proposal number: ASCII digits (``str.isdigit`` accepts "²", which
#: ``int`` refuses), at most 18 (an int64).
WHOLE_NUMBER = re.compile(r"[0-9]{1,18}")
#: The codes of ``proc`` and ``counvte`` (a blank: not recorded).
PROCEDURES = ("COD", "CNS")
VOTING_RULES = ("QMV", "Unan")


class DEUError(ValueError):
    """A DEU file that cannot be used: names the file, the key and what was expected."""

    def __init__(self, source: str, key: str, expected: str) -> None:
        super().__init__(f"{source}: {key}: expected {expected}")


@dataclass(frozen=True)
class DEUData:
    """The issues of a DEU file; blanks are NaN."""

    issue: np.ndarray  # (issues,) isnrnmc
    positions: np.ndarray  # (issues, actors) on 0-100
    salience: np.ndarray  # (issues, actors) on 0-100
    capability: np.ndarray  # (actors,)
    outcome: np.ndarray  # (issues,) on 0-100
    proposal: np.ndarray  # (issues,) prnrnmc
    reference: np.ndarray  # (issues,) rp on 0-100
    procedure: np.ndarray  # (issues,) a code of PROCEDURES or ""
    rule: np.ndarray  # (issues,) a code of VOTING_RULES or ""

    def has_positions(self) -> np.ndarray:
        """The forecastable issues: at least one actor with a capability and a salience
        above 0 takes a position (else every forecast's weights are 0)."""
        salience = np.where(np.isnan(self.salience), MISSING_SALIENCE, self.salience)
        held = ~np.isnan(self.positions) & (self.capability > 0) & (salience > 0)
        return held.any(axis=1)

    def issue_arrays(
        self, row: int, missing_salience: float = MISSING_SALIENCE
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Positions, saliences (0-1) and capabilities of the actors with a position."""
        held = ~np.isnan(self.positions[row])
        salience = np.where(np.isnan(self.salience[row]), missing_salience, self.salience[row])
        return self.positions[row, held], salience[held] / 100.0, self.capability[held]


def _number(cell: str, source: str, key: str, low: float, high: float) -> float:
    """A number in ``[low, high]``, NaN for a blank cell."""
    if cell.strip() == "":
        return math.nan
    try:
        value = float(cell)
    except ValueError:
        value = math.nan
    if not low <= value <= high:
        raise DEUError(
            source, key, f"a number in [{low:g}, {high:g}] or a blank, got {shorten(repr(cell))}"
        )
    return value


def read_deu(path: str | Path) -> DEUData:
    """Read and check a DEU III file (see the module docstring)."""
    source = str(path)
    path = Path(path)
    if not path.is_file():
        raise DEUError(source, "(file)", "an existing DEU III CSV file")
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise DEUError(source, "(syntax)", f"a UTF-8 CSV file ({exc})") from None
    if len(rows) < 3:
        raise DEUError(source, "(lines)", "a header, a capability line and at least one issue")
    header = rows[0]
    needed = ["isnrnmc", "out", *(f"{k}{a}" for k in "ps" for a in DEU_ACTORS)]
    for column in needed:
        if column not in header:
            raise DEUError(source, f"line 1, column {column}", "this column in the header")
    col = {name: header.index(name) for name in needed}
    p_cols = [col[f"p{a}"] for a in DEU_ACTORS]
    s_cols = [col[f"s{a}"] for a in DEU_ACTORS]
    for n, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            raise DEUError(source, f"line {n}", f"{len(header)} fields, got {len(row)}")
    capability = np.array(
        [
            _number(rows[1][i], source, f"line 2, column {header[i]}", 0.0, MAX_CAPABILITY)
            for i in p_cols
        ]
    )
    if np.isnan(capability).any():
        missing = header[p_cols[int(np.argmax(np.isnan(capability)))]]
        raise DEUError(
            source,
            f"line 2, column {missing}",
            f"a capability (a number in [0, {MAX_CAPABILITY:g}])",
        )
    issues, positions, salience, outcome = [], [], [], []
    for n, row in enumerate(rows[2:], start=3):
        number = row[col["isnrnmc"]].strip()
        if not WHOLE_NUMBER.fullmatch(number):
            raise DEUError(
                source,
                f"line {n}, column isnrnmc",
                f"an issue number of 1-18 digits 0-9, got {shorten(repr(number))}",
            )
        issues.append(int(number))
        positions.append(
            [_number(row[i], source, f"line {n}, column {header[i]}", *SCALE) for i in p_cols]
        )
        salience.append(
            [_number(row[i], source, f"line {n}, column {header[i]}", *SCALE) for i in s_cols]
        )
        outcome.append(_number(row[col["out"]], source, f"line {n}, column out", *SCALE))
    if len(set(issues)) != len(issues):
        raise DEUError(source, "column isnrnmc", "each issue number once")
    data = DEUData(
        issue=np.array(issues),
        positions=np.array(positions),
        salience=np.array(salience),
        capability=capability,
        outcome=np.array(outcome),
        **_procedure_columns(rows, source, np.array(issues)),
    )
    if not data.has_positions().any():
        raise DEUError(
            source,
            "(issues)",
            "an issue to forecast: a position held by an actor whose capability and "
            "salience are above 0",
        )
    return data


def _procedure_columns(
    rows: list[list[str]], source: str, issues: np.ndarray
) -> dict[str, np.ndarray]:
    """``proposal, reference, procedure, rule`` from the optional columns."""
    header, body = rows[0], rows[2:]

    def cells(column: str) -> list[tuple[str, str]]:
        at = header.index(column) if column in header else None
        return [
            ("" if at is None else r[at].strip(), f"line {n}, column {column}")
            for n, r in enumerate(body, start=3)
        ]

    def coded(column: str, codes: tuple[str, ...]) -> np.ndarray:
        for cell, key in cells(column):
            if cell not in (*codes, ""):
                raise DEUError(
                    source, key, f"{', '.join(codes)} or a blank, got {shorten(repr(cell))}"
                )
        return np.array([cell for cell, _ in cells(column)], dtype=object)

    proposal = []
    for (cell, key), issue in zip(cells("prnrnmc"), issues, strict=True):
        if cell and not WHOLE_NUMBER.fullmatch(cell):
            raise DEUError(
                source,
                key,
                f"a proposal number of 1-18 digits 0-9 or a blank, got {shorten(repr(cell))}",
            )
        proposal.append(int(cell) if cell else -int(issue) - 1)  # blank: a proposal of its own
    return {
        "proposal": np.array(proposal),
        "reference": np.array([_number(c, source, k, *SCALE) for c, k in cells("rp")]),
        "procedure": coded("proc", PROCEDURES),
        "rule": coded("counvte", VOTING_RULES),
    }
