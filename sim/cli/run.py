"""``peacesim run``: run a scenario, print its rounds and its text, write tables and charts."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from rich.table import Table
from rich.text import Text

from sim.calibration.scenario import Scenario
from sim.cli import posterior
from sim.cli.common import (
    UserError,
    console,
    output_folder,
    path_name,
    resolve_scenario,
    rounds_number,
    warn,
    whole_number,
)


def add_parser(sub) -> None:
    run = sub.add_parser("run", help="run a scenario; print its rounds; write tables and charts")
    run.add_argument(
        "scenario", help="a scenario file, or a name from scenarios/ (e.g. istanbul-2022)"
    )
    run.add_argument(
        "--seed", type=whole_number(0), default=0, help="random seed (default 0; below 2^63)"
    )
    run.add_argument(
        "--rounds",
        type=rounds_number,
        default=None,
        help="rounds to run (default: the scenario's dated rounds)",
    )
    run.add_argument(
        "--until",
        type=_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="run past the dated rounds to this date (rounds at the era's cadence)",
    )
    run.add_argument(
        "--out", type=path_name, default=None, help="output folder (default out/SCENARIO)"
    )
    run.add_argument(
        "--no-charts", action="store_true", help="write the tables only, no PNG/SVG charts"
    )
    posterior.add_arguments(run)
    run.set_defaults(func=command)


def command(args: argparse.Namespace) -> None:
    # Imported here, not at the top: only the command that needs a stack loads it
    # (the model needs Mesa; matplotlib only when charts are drawn).
    from sim.calibration.notes import no_effect
    from sim.calibration.provenance import provenance
    from sim.talks.model import NegotiationModel
    from sim.talks.results import run_model, write_result

    scenario = resolve_scenario(args.scenario)
    until = _until(args.until, scenario)
    out = output_folder(Path("out") / scenario.name if args.out is None else args.out)
    rounds = [] if args.rounds is None else ["--rounds", str(args.rounds)]
    rounds += [] if until is None else ["--until", until.isoformat()]
    more: dict = {}
    if posterior.wanted(args):
        scenario, more["posterior"] = posterior.started(args, scenario)
        rounds += posterior.arguments(args)
    about = provenance(
        scenario,
        args.seed,
        ["peacesim", "run", args.scenario, "--seed", str(args.seed), *rounds],
        **more,
    )
    model = NegotiationModel(scenario, seed=args.seed, rounds=args.rounds, until=until)
    warn(no_effect(scenario, model.setup, model.calendar))
    with console.status(f"Running {scenario.name}..."):
        result = run_model(model)
        write_result(result, out, about)
        charts = [] if args.no_charts else _run_charts(result, scenario, out, about)
    _print_rounds(scenario, result)
    _print_summary(result.summary)
    console.print(
        f"\nWrote {out}/rounds.csv, frontier.csv, density.csv, summary.json, provenance.json"
    )
    if charts:
        console.print("Charts: " + ", ".join(str(p) for p in charts))


def _date(text: str) -> dt.date:
    """An argparse type: a date as YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a date as YYYY-MM-DD, got {text[:60]!r}"
        ) from None


def _until(until: dt.date | None, scenario: Scenario) -> dt.date | None:
    """`until`, checked against the scenario's first round."""
    first = scenario.rounds[0].date
    if until is not None and until < first:
        raise UserError(f"--until {until}: expected a date on or after the first round, {first}")
    return until


def _run_charts(result, scenario: Scenario, out: Path, about: dict) -> list[Path]:
    from sim.charts.run_charts import agreement_zone_chart, concession_chart

    return agreement_zone_chart(
        result, scenario, out / "agreement-zone", provenance=about
    ) + concession_chart(result, out / "concessions", provenance=about)


def _pair(row: dict, column: str, names: tuple[str, str]) -> str:
    values = [row.get(f"{column}_{n}") for n in names]
    return " / ".join("-" if v is None or v != v else f"{v:.2f}" for v in values)


#: Rounds a printed table shows in full; longer runs show the rounds where something happened.
SHOWN_ROUNDS = 16


def shown_rounds(rounds: list[dict]) -> list[dict]:
    """The rounds worth printing: all of a short run; of a long one, the documented
    meetings, every change of the talks' state, deal or converged article, and the last."""
    if len(rounds) <= SHOWN_ROUNDS:
        return rounds
    shown, before = [], None
    for i, row in enumerate(rounds):
        state = (
            row["talks"],
            row["agreed_items"],
            row["package_agreed"],
            tuple(v for k, v in row.items() if k.startswith("status_")),
        )
        if row["label"] != f"round {row['round']}" or state != before or i == len(rounds) - 1:
            shown.append(row)
        before = state
    return shown


def _talks_cell(row: dict) -> str:
    if row["talks"] == "talking":
        return "talking" + (f"\n({row['why']})" if row["why"] else "")
    return f"suspended:\n{row['left']} left\n({row['why']})"


def _count(objections: str) -> str:
    """How many articles a side objects to (which ones: the articles table below)."""
    return str(len(objections.split(";"))) if objections else "-"


def _print_rounds(scenario: Scenario, result) -> None:
    a, b = result.parties
    rounds = result.rounds.to_dict("records")
    shown = shown_rounds(rounds)
    hidden = len(rounds) - len(shown)
    note = f" - {hidden} quiet rounds not shown (all in rounds.csv)" if hidden else ""
    table = Table(title=f"{scenario.title} ({scenario.name}){note}", title_justify="left")
    for header in (
        "Round",
        "Talks",
        f"Won by\n{a}",
        f"P(win)\n{a} / {b}",
        f"War value\n{a} / {b}",
        "Zone",
        f"Text worth\n{a} / {b}",
        f"Articles it\nobjects to\n{a} | {b}",
        "Separate deals",
    ):
        table.add_column(header, min_width=22 if header == "Talks" else None)
    for row in shown:
        table.add_row(
            f"{row['round']}\n{row['date']}",
            _talks_cell(row),
            f"{row[f'battles_won_{a}']} of {row['engagements']}",
            _pair(row, "belief", (a, b)),
            _pair(row, "war_value", (a, b)),
            f"{row['zone_size']:,}" if row["zone_size"] else "empty",
            _pair(row, "text_value", (a, b)),
            f"{_count(row[f'objections_{a}'])} | {_count(row[f'objections_{b}'])}",
            row["agreed_items"].replace(";", "\n") or "-",
        )
    console.print(table)
    _print_articles(result, shown)


#: How each status shows in the articles table: its word and style.
STATUS_STYLE = {
    "agreed": ("agreed", "bold green"),
    "partial": ("partial", "yellow"),
    "breached": ("breached", "red"),
    "not_agreed": ("open", ""),
}


#: Rounds the articles table shows at most (the last ones of those printed).
ARTICLE_ROUNDS = 8


def _print_articles(result, shown: list[dict]) -> None:
    """Issue x round: the text's article and its status (agreed / partial / open)."""
    rounds = shown[-ARTICLE_ROUNDS:]
    issues = [c.removeprefix("status_") for c in result.rounds.columns if c.startswith("status_")]
    table = Table(
        title="The negotiating text, article by article (partial = provisionally agreed)",
        title_justify="left",
    )
    table.add_column("Issue")
    for row in rounds:
        table.add_column(f"R{row['round']}")
    for issue in issues:
        cells = []
        for row in rounds:
            article = row[f"article_{issue}"] or "no text"
            word, style = STATUS_STYLE[row[f"status_{issue}"]]
            cells.append(Text(f"{article}\n").append(word, style=style))
        table.add_row(issue, *cells)
    console.print(table)


def _print_summary(summary: dict) -> None:
    verdict = (
        Text("package agreed", style="bold green")
        if summary["agreement"]
        else Text("no package agreed", style="bold")
    )
    console.print(
        Text("\n")
        .append(verdict)
        .append(f" after {summary['rounds']} round(s), ")
        .append(f"{summary['first_date']} to {summary['last_date']}")
    )
    if summary["talks"] == "suspended":
        console.print(f"Talks suspended: {summary['left']} left ({summary['why']})")
    items = ", ".join(f"{k} = {v}" for k, v in summary["agreed_items"].items()) or "none"
    console.print(f"Separate deals: {items}")
    console.print(
        "Converging / partly settled: " + (", ".join(summary["partial_issues"]) or "none")
    )
    console.print(
        "Final values: "
        + ", ".join(f"{k} {v:.3f}" for k, v in summary["final_utilities"].items())
        + "; fighting on: "
        + ", ".join(f"{k} {v:.3f}" for k, v in summary["final_war_values"].items())
    )
    size = f"{summary['zone_size']:,} of {summary['outcome_space']:,} packages"
    console.print(
        f"Agreement zone: {size}" if summary["zone_size"] else f"Agreement zone: empty ({size})"
    )
    if summary["nash_point"]:
        console.print(
            "Nash point: " + ", ".join(f"{k} = {v}" for k, v in summary["nash_point"].items())
        )
