"""``--posterior DIR`` and ``--draw K``: start ``run`` or ``app`` from a fitted posterior."""

from __future__ import annotations

import argparse

from sim.calibration.scenario import Scenario
from sim.cli.common import UserError, path_name, whole_number


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--posterior DIR`` and ``--draw K`` to a command's parser."""
    parser.add_argument(
        "--posterior",
        type=path_name,
        default=None,
        metavar="DIR",
        help="start from the posterior mean of `peacesim fit --out DIR`",
    )
    parser.add_argument(
        "--draw",
        type=whole_number(0),
        default=None,
        metavar="K",
        help="with --posterior: posterior draw K (from 0) instead of the mean",
    )


def wanted(args: argparse.Namespace) -> bool:
    """Whether the command line asks for a start from a posterior."""
    return args.posterior is not None or args.draw is not None


def arguments(args: argparse.Namespace) -> list[str]:
    """The posterior's arguments as given, for the provenance's command."""
    draw = [] if args.draw is None else ["--draw", str(args.draw)]
    return ["--posterior", str(args.posterior), *draw]


def values(args: argparse.Namespace) -> tuple[dict[str, float], dict]:
    """The assumptions of ``--posterior DIR`` (its mean, or ``--draw K``) and where they
    come from (for the provenance)."""
    from sim.fit.posterior import PosteriorError, load_posterior

    if args.draw is not None and args.posterior is None:
        raise UserError("--draw: only with --posterior DIR")
    try:
        posterior = load_posterior(args.posterior)
    except PosteriorError as exc:
        raise UserError(str(exc)) from None
    seed = int(posterior.about["provenance"]["seed"])
    chosen = posterior.mean() if args.draw is None else posterior.draw(args.draw, seed)
    source = {
        "fit": posterior.about["provenance"],
        "draw": "mean" if args.draw is None else args.draw,
    }
    return chosen, source


def started(args: argparse.Namespace, scenario: Scenario) -> tuple[Scenario, dict]:
    """`scenario` started from the posterior of ``--posterior DIR`` (mean or ``--draw K``),
    and the posterior's provenance; a value outside its domain is a :class:`UserError`."""
    from sim.calibration.domains import DomainError
    from sim.calibration.scenario import find_scenario, read_scenario_data
    from sim.fit.posterior import with_assumptions

    chosen, source = values(args)
    data = read_scenario_data(find_scenario(args.scenario))
    try:
        return with_assumptions(data, scenario, chosen, args.scenario), source
    except DomainError as exc:
        raise UserError(f"--posterior {args.posterior}, {_which(args)}: {exc}") from None


def overrides(args: argparse.Namespace, scenario: Scenario) -> dict[str, float]:
    """The scenario overrides of ``--posterior DIR`` (mean or ``--draw K``), each checked
    against its domain (one outside it is a :class:`UserError`)."""
    from sim.calibration.domains import DomainError
    from sim.fit.posterior import assumption_overrides

    try:
        return assumption_overrides(values(args)[0], scenario)
    except DomainError as exc:
        raise UserError(f"--posterior {args.posterior}, {_which(args)}: {exc}") from None


def _which(args: argparse.Namespace) -> str:
    return "the posterior mean" if args.draw is None else f"draw {args.draw}"
