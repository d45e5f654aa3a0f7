"""The app's live views, each drawn from the run's tables so far.

Each view is a plain function of the model, not a ``solara.component``:
SolaraViz wraps plain functions in a component that re-renders after every
step, while a component of its own would only re-render when its arguments
change (and the model object stays the same between steps).

Every view reads the model's rounds table (:func:`sim.talks.results.rounds_table`)
and draws it with the chart gallery's functions, so the browser shows exactly
what ``peacesim plot`` would draw for the same rounds.
"""

from __future__ import annotations

from html import escape

import matplotlib.pyplot as plt
import pandas as pd
import solara

from sim.app.classroom import ClassroomModel
from sim.charts import record
from sim.charts.paths_chart import draw_offers, draw_values, draw_zone_size
from sim.labels import name
from sim.talks.results import frontier_table, rounds_table

WAITING = "Press <b>Step</b> to run the first round."


def _html(text: str) -> None:
    """A paragraph of HTML (not ``solara.Markdown``, which fetches KaTeX from a CDN)."""
    solara.HTML(tag="div", unsafe_innerHTML=text)


def _rounds(model: ClassroomModel) -> pd.DataFrame:
    if model.round == 0:
        return pd.DataFrame()
    return rounds_table(model)


def _figure(draw, model: ClassroomModel, size=(5.4, 3.7)) -> None:
    rounds = _rounds(model)
    if rounds.empty:
        _html(WAITING)
        return
    fig, ax = plt.subplots(figsize=size)
    draw(ax, rounds)
    ax.legend(fontsize=8, loc="best")
    fig.tight_layout()
    solara.FigureMatplotlib(fig, format="png", dpi=90)
    plt.close(fig)


def ZoneView(model: ClassroomModel):
    """The offers (and the text) moving on the frontier, with both no-deal values."""
    frontier = frontier_table(model)
    with solara.Column(classes=["zone-view"]):  # the browser test finds the chart by it
        _html(f"<b>Offers on the frontier after round {model.round}</b>")
        _figure(lambda ax, rounds: draw_offers(ax, rounds, frontier, model.party_names), model)


def ZoneSizeView(model: ClassroomModel):
    _html("<b>Size of the agreement zone</b>")
    size = model.package_space.space.size
    _figure(lambda ax, rounds: draw_zone_size(ax, rounds, size), model, size=(5.4, 3.4))


def ValuesView(model: ClassroomModel):
    _html("<b>Fighting on against the best deal offered</b>")
    _figure(lambda ax, rounds: draw_values(ax, rounds, model.party_names), model)


def StatusesView(model: ClassroomModel):
    """Each issue now: its status, the text's article, who objects; and its history."""
    _html("<b>Status of each issue</b>")
    rounds = _rounds(model)
    if rounds.empty:
        _html(WAITING)
        return
    table = record.issue_table(rounds, model.talks.agenda, model.party_names)
    solara.DataFrame(table, items_per_page=20)


def RoundLog(model: ClassroomModel):
    """The rounds in words, newest first, with the games' equilibria spelled out."""
    _html("<b>Round log</b>")
    controls = ", ".join(f"{k} = {v}" for k, v in model.controls.items())
    _html(f"Model built with: {escape(controls)}")
    if model.notes:
        notes = "".join(f"<li>{escape(str(note))}</li>" for note in model.notes)
        _html(f"<b>Settings that change nothing here:</b><ul>{notes}</ul>")
    rounds = _rounds(model)
    if rounds.empty:
        _html(WAITING)
        return
    lines = [_log_line(row, model.party_names) for row in rounds.to_dict("records")]
    _html("<ul>" + "".join(reversed(lines)) + "</ul>")


def _log_line(row: dict, parties: tuple[str, str]) -> str:
    a, b = (name(p) for p in parties)
    date = f" ({row['date']})" if row.get("date") else ""
    deal = "<b>Package agreed</b>" if row["package_agreed"] else "No package"
    items = escape(str(row.get("agreed_items") or "").replace(";", ", ")) or "none"
    beliefs = record.beliefs_in_words(row, parties)
    return (
        f"<li><b>Round {row['round']}</b>{date}: {escape(str(row['label']))}. {beliefs}"
        f"{deal}; separate deals: {items}; zone {int(row['zone_size']):,} packages. "
        f"Ceasefire game: {record.ceasefire_in_words(str(row['ceasefire_equilibria']), a, b)}. "
        f"Demand game: {record.demand_in_words(row['demand_equilibria'])}.</li>"
    )


COMPONENTS = [ZoneView, ValuesView, ZoneSizeView, StatusesView, RoundLog]
