"""``peacesim calibrate``: every actor's calibrated position, with the sources of each number."""

from __future__ import annotations

import argparse

from rich.table import Table

from sim.cli.common import console, resolve_scenario


def add_parser(sub) -> None:
    cal = sub.add_parser("calibrate", help="show every actor's calibrated position and its sources")
    cal.add_argument("scenario")
    cal.set_defaults(func=command)


def command(args: argparse.Namespace) -> None:
    from sim.calibration.positions import provenance_rows
    from sim.calibration.setup import build_setup

    scenario = resolve_scenario(args.scenario)
    setup = build_setup(scenario)
    table = Table(title=f"Calibrated positions for {scenario.name} as of {scenario.as_of}")
    for header in (
        "Actor",
        "Issue",
        "Weight",
        "Ideal",
        "Level values",
        "Red lines",
        "Basis",
        "Sources",
    ):
        table.add_column(header, overflow="fold")
    actors = [p.position for p in setup.parties] + [m.position for m in setup.mediators]
    for position in actors:
        for row in provenance_rows(position):
            table.add_row(
                *(
                    str(row[k] or "-")
                    for k in (
                        "actor",
                        "issue",
                        "weight",
                        "ideal",
                        "values",
                        "red_lines",
                        "basis",
                        "sources",
                    )
                )
            )
    console.print(table)
    for p in setup.parties:
        console.print(
            f"{p.name}: chance of winning {p.belief:.2f} (confidence {p.confidence:g}), "
            f"cost of fighting on {p.war_cost:.3f} (+{p.pain:.3f}/round), "
            f"strategy {p.strategy.kind}; renege risk it fears {p.commitment.base_risk:.2f}"
        )
    for m in setup.mediators:
        levers = ", ".join(
            f"{k} -> {v} ({';'.join(m.sources[k]) or 'scenario'})" for k, v in m.levers.items()
        )
        console.print(f"{m.name}: {levers or 'no levers'}")
