"""What the charts and the app read from a run's rounds table, in one place.

Every reader of the round's column names (``war_value_<party>``,
``status_<issue>``, ``article_<issue>``, ``text_value_<party>``, ...) goes
through this module, so a renamed column is changed here only.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from sim.labels import name, pretty

#: A party's value of no deal: its value of fighting on.
NO_DEAL = "war_value"
#: Plain words for the ceasefire game's pure equilibria (row player's move first).
MOVES_IN_WORDS = {
    "hold/hold": "both hold fire",
    "hold/fight": "{a} holds fire while {b} fights on",
    "fight/hold": "{a} fights on while {b} holds fire",
    "fight/fight": "both fight on",
}
#: Statuses of an agenda issue in a round, in the order charts list them.
STATUSES = ("agreed", "partial", "open", "breached")


def round_row(rounds: pd.DataFrame, round_number: int) -> pd.Series:
    """The row of round `round_number` (1-based)."""
    found = rounds[rounds["round"] == round_number]
    if found.empty:
        raise ValueError(f"round {round_number} not run (rounds 1-{int(rounds['round'].max())})")
    return found.iloc[0]


def no_deal_column(columns: Iterable[str], party: str) -> str:
    """Which of `columns` holds `party`'s value of no deal (fighting on)."""
    column = f"{NO_DEAL}_{party}"
    if column not in set(columns):
        raise KeyError(f"no {column} in the rounds table")
    return column


def offer_value(rounds: pd.DataFrame, judge: str, proposer: str) -> pd.Series:
    """Value to `judge` of `proposer`'s offer, round by round."""
    return rounds[f"utility_to_{judge}_of_offer_by_{proposer}"].astype(float)


def best_offer_value(rounds: pd.DataFrame, party: str, parties: tuple[str, str]) -> pd.Series:
    """Value to `party` of the best deal it is offered, round by round.

    The better of the other side's offer and the mediators' text (once there
    is one): what the party could have by saying yes.
    """
    (other,) = [p for p in parties if p != party]
    offered = [offer_value(rounds, party, other), text_values(rounds, parties)[party]]
    return pd.concat(offered, axis=1).max(axis=1)


def statuses(rounds: pd.DataFrame, agenda: list[str]) -> pd.DataFrame:
    """Issue x round grid of ``agreed`` / ``partial`` / ``open`` / ``breached``.

    The record's ``not_agreed`` reads as open.
    """
    return pd.DataFrame(
        {
            int(row["round"]): [_status(row[f"status_{issue}"]) for issue in agenda]
            for row in rounds.to_dict("records")
        },
        index=agenda,
    )


def _status(cell: object) -> str:
    status = _text(cell)
    return "open" if status == "not_agreed" else status


def articles(rounds: pd.DataFrame, agenda: list[str]) -> pd.DataFrame:
    """Issue x round grid of the negotiating text's level of each issue ("" before a text)."""
    return pd.DataFrame(
        {
            int(row["round"]): [_text(row[f"article_{issue}"]) for issue in agenda]
            for row in rounds.to_dict("records")
        },
        index=agenda,
    )


def _parts(cell: object) -> list[str]:
    return [p for p in _text(cell).split(";") if p]


def _text(cell: object) -> str:
    return "" if cell is None or (isinstance(cell, float) and pd.isna(cell)) else str(cell)


def text_values(rounds: pd.DataFrame, parties: tuple[str, str]) -> pd.DataFrame:
    """Value of the mediators' single negotiating text to each party by round (NaN before one)."""
    columns = [f"text_value_{p}" for p in parties]
    return rounds[columns].astype(float).set_axis(list(parties), axis=1)


def ceasefire_in_words(cell: str, a: str, b: str) -> str:
    """``fight/fight | mixed hold 0.40/0.30`` as a sentence about the equilibria."""
    parts = [p.strip() for p in cell.split("|") if p.strip()]
    words = []
    for part in parts:
        if part in MOVES_IN_WORDS:
            words.append(MOVES_IN_WORDS[part].format(a=a, b=b))
        elif part.startswith("mixed hold "):
            p, q = part.removeprefix("mixed hold ").split("/")
            words.append(f"{a} holds fire with probability {p}, {b} with {q}")
    if not words:
        return "no equilibrium found"
    kind = "the only equilibrium is" if len(words) == 1 else "the equilibria are"
    return f"{kind} " + "; ".join(words)


def demand_in_words(count: float | None) -> str:
    if count is None or pd.isna(count):
        return "no package beats no deal for both, so nothing to demand"
    return f"{int(count)} equilibria (each a split of the zone both could settle on)"


def beliefs_in_words(row: dict, parties: tuple[str, str]) -> str:
    """``Each side's chance of winning the war, as it sees it: Russia 0.85, Ukraine 0.75.``"""
    chances = ", ".join(f"{name(p)} {float(row[f'belief_{p}']):.2f}" for p in parties)
    return f"Each side's chance of winning the war, as it sees it: {chances}. "


def issue_table(rounds: pd.DataFrame, agenda: list[str], parties: tuple[str, str]) -> pd.DataFrame:
    """One row per issue after the last round: status, the text's article, who objects to
    it, and the statuses round by round."""
    grid = statuses(rounds, agenda)
    last = rounds.iloc[-1]
    table = pd.DataFrame({"issue": agenda, "status": grid.iloc[:, -1].to_list()})
    table["article"] = [level.replace("_", " ") for level in articles(rounds, agenda).iloc[:, -1]]
    objecting = {p: set(_parts(last[f"objections_{p}"])) for p in parties}
    table["objected to by"] = [
        ", ".join(pretty(p) for p in parties if issue in objecting[p]) for issue in agenda
    ]
    # Initials keep the history narrow enough for the app's table: o p a b.
    table["history (open/partial/agreed/breached)"] = [
        " ".join(status[0] for status in grid.loc[issue]) for issue in agenda
    ]
    return table
