"""``peacesim plot``: run a scenario and draw one chart of the gallery (PNG, SVG or PDF)."""

from __future__ import annotations

import argparse
from pathlib import Path

from sim.cli.common import (
    UserError,
    console,
    path_name,
    resolve_scenario,
    rounds_number,
    whole_number,
)


def add_parser(sub) -> None:
    from sim.charts.kinds import KINDS

    plot = sub.add_parser("plot", help="draw one chart of the gallery (PNG, SVG or PDF)")
    plot.add_argument("kind", choices=KINDS, help="which chart")
    plot.add_argument("scenario", help="a scenario file or a name from scenarios/")
    plot.add_argument(
        "--round", type=rounds_number, default=None, help="round to show (default: the last)"
    )
    plot.add_argument(
        "--out",
        type=path_name,
        default=None,
        help="file; its suffix picks PNG/SVG/PDF (default out/KIND-SCENARIO.png)",
    )
    plot.add_argument(
        "--actors", type=_names, default=(), help="zone: two actors, e.g. russia,united_states"
    )
    plot.add_argument(
        "--issues", type=_names, default=(), help="issues: two agenda issues, e.g. territory,nato"
    )
    plot.add_argument(
        "--seeds",
        type=_seeds,
        default=(0,),
        help="paths: seeds side by side, e.g. 0,1,2 (default 0)",
    )
    plot.add_argument(
        "--rounds",
        type=rounds_number,
        default=None,
        help="rounds to run (default: dated rounds)",
    )
    plot.set_defaults(func=command)


def command(args: argparse.Namespace) -> None:
    """``peacesim plot KIND SCENARIO``: run the scenario, draw one chart of the gallery."""
    from sim.charts.gallery import ChartError, Request, draw
    from sim.charts.style import FORMATS, save_as
    from sim.talks.model import NegotiationModel
    from sim.talks.results import run_model

    out = Path(args.out or f"out/{args.kind}-{Path(args.scenario).stem}.png")
    if out.suffix.lower() not in FORMATS:
        raise UserError(f"--out {out}: expected a file ending in {', '.join(FORMATS)}")
    scenario = resolve_scenario(args.scenario)
    with console.status(f"Running {scenario.name} and drawing {args.kind}..."):
        runs = [
            run_model(NegotiationModel(scenario, seed=seed, rounds=args.rounds))
            for seed in args.seeds
        ]
        request = Request(
            args.kind,
            scenario,
            runs,
            round=args.round,
            actors=args.actors,
            issues=args.issues,
            labels=[f"seed {seed}" for seed in args.seeds],
        )
        try:
            figure = draw(request)
        except ChartError as exc:
            raise UserError(str(exc)) from None
        console.print(str(save_as(figure, out)))


def _names(text: str) -> tuple[str, ...]:
    """An argparse type: a comma-separated list of names."""
    return tuple(part.strip() for part in text.split(",") if part.strip())


#: Most seeds ``peacesim plot`` runs side by side (each is a run and a column of the chart).
MAX_PLOT_SEEDS = 10


def _seeds(text: str) -> tuple[int, ...]:
    parse = whole_number(0)
    seeds = tuple(parse(part) for part in _names(text)) or (0,)
    if len(seeds) > MAX_PLOT_SEEDS:
        raise argparse.ArgumentTypeError(
            f"expected at most {MAX_PLOT_SEEDS} seeds, got {len(seeds)}"
        )
    return seeds
