"""Each chart kind renders, and what it draws equals the numbers it stands for."""

from __future__ import annotations

import functools

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from sim.calibration.scenario import find_scenario, load_scenario
from sim.calibration.seeds import load_issues, load_outcomes
from sim.calibration.setup import build_setup
from sim.charts import layout, record
from sim.charts.gallery import KINDS, Request, draw, game_inputs, valuers
from sim.charts.games_chart import ceasefire, demand
from sim.charts.issues_chart import held_package
from sim.charts.statuses_chart import STATUS_COLOURS
from sim.charts.style import save_as
from sim.charts.values import package_values
from sim.charts.zone_chart import zone_data
from sim.core import (
    agreement_zone,
    ceasefire_game,
    equilibria,
    kalai_smorodinsky,
    nash_bargaining,
    pareto_front,
)
from sim.talks.analysis import MOVES
from sim.talks.model import NegotiationModel
from sim.talks.results import RunResult, run_model
from tests.conftest import ROOT, SCENARIOS

#: Rounds run for the tests, past the documented ones.
ROUNDS = 12
#: The March 2022 talks with beliefs that nearly agree, so that a zone opens.
ZONE = str(ROOT / "tests" / "data" / "istanbul-2022-zone.toml")


@functools.cache
def run(name: str, seed: int = 0) -> RunResult:
    return run_model(NegotiationModel(load_scenario(find_scenario(name)), seed=seed, rounds=ROUNDS))


def request(kind: str, name: str = "istanbul-2022", **options) -> Request:
    return Request(kind, load_scenario(find_scenario(name)), [run(name)], **options)


def artist(fig: plt.Figure, gid: str):
    found = [a for ax in fig.axes for a in ax.get_children() if a.get_gid() == gid]
    assert found, f"no artist with gid {gid!r}"
    return found[0]


def row_of(name: str, n: int) -> pd.Series:
    rounds = run(name).rounds
    return rounds[rounds["round"] == n].iloc[0]


def zone_round(name: str = ZONE) -> int:
    """The first round whose zone is not empty."""
    rounds = run(name).rounds
    return int(rounds.loc[rounds["zone_size"] > 0, "round"].iloc[0])


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_renders_for_every_scenario(kind, path):
    """Rendered to out/charts-test/ (to look at), titled with the scenario's title, not
    blank, no label running into another, no text below 8 pt."""
    fig = draw(request(kind, path.stem))
    titles = [ax.get_title() for ax in fig.axes] + [fig.get_suptitle()]
    assert any(load_scenario(path).title in " ".join(title.split()) for title in titles)
    assert layout.overlap_problems(fig) + layout.small_texts(fig, width=False) == []
    png = save_as(fig, ROOT / "out" / "charts-test" / f"{kind}-{path.stem}.png")
    pixels = plt.imread(png)
    assert pixels.shape[0] > 400 and pixels[..., :3].std() > 0.05


def test_valuer_values_packages_as_the_model_s_parties_do():
    scenario = load_scenario(find_scenario("istanbul-2022"))
    model = NegotiationModel(scenario, seed=0, rounds=3)
    for _ in range(3):
        model.step()
    row = run_model(model).rounds.iloc[-1]
    levels = model.package.levels
    for value, party in zip(
        valuers(build_setup(scenario), row, scenario.party_names), model.parties, strict=True
    ):
        assert np.allclose(value(levels), party.package_values(levels), atol=1e-6)


def test_zone_count_is_the_model_s_zone_size_in_every_round():
    setup = build_setup(load_scenario(find_scenario("istanbul-2022")))
    for row in run("istanbul-2022").rounds.to_dict("records"):
        round_valuers = valuers(setup, pd.Series(row), ("russia", "ukraine"))
        assert zone_data(round_valuers).zone.sum() == row["zone_size"], row["round"]


def test_zone_draws_the_core_agreement_zone_frontier_and_points():
    n = zone_round()
    setup = build_setup(load_scenario(find_scenario(ZONE)))
    round_valuers = valuers(setup, row_of(ZONE, n), ("russia", "ukraine"))
    _, V = package_values(round_valuers)
    d = np.array([v.floor for v in round_valuers])
    fig = draw(request("zone", ZONE, round=n))
    drawn = artist(fig, "zone").get_offsets()
    expected = np.unique(V[agreement_zone(V, d)], axis=0)
    assert len(expected) and np.array_equal(np.asarray(drawn), expected)
    assert f"{int(agreement_zone(V, d).sum()):,} of {len(V):,}" in artist(fig, "zone").get_label()
    front = np.column_stack(artist(fig, "frontier").get_data())
    assert {tuple(r) for r in front} == {tuple(r) for r in np.clip(V[pareto_front(V)], 0, 1)}
    assert np.allclose(artist(fig, "nash").get_offsets()[0], V[nash_bargaining(V, d)])
    assert np.allclose(artist(fig, "ks").get_offsets()[0], V[kalai_smorodinsky(V, d)])
    plt.close(fig)


def test_zone_of_a_party_and_a_mediator_is_the_party_s_acceptable_set():
    scenario = load_scenario(find_scenario("istanbul-2025"))
    setup = build_setup(scenario)
    row = run("istanbul-2025").rounds.iloc[-1]
    (russia,) = valuers(setup, row, ("russia",))
    _, V = package_values((russia,))
    fig = draw(request("zone", "istanbul-2025", actors=("russia", "united_states")))
    label = artist(fig, "zone").get_label()
    assert f"{int((V[:, 0] >= russia.floor).sum()):,} of" in label  # a mediator's floor is 0
    plt.close(fig)


def test_issues_regions_are_each_party_s_acceptable_cells_by_brute_force():
    n = zone_round()
    scenario = load_scenario(find_scenario(ZONE))
    round_valuers = valuers(build_setup(scenario), row_of(ZONE, n), scenario.party_names)
    d = np.array([v.floor for v in round_valuers])
    levels, V = package_values(round_valuers)
    held = levels[nash_bargaining(V, d)]
    first, second = scenario.agenda.index("territory"), scenario.agenda.index("nato")
    issues = load_issues()
    expected = np.zeros((len(issues["territory"].levels), len(issues["nato"].levels)))
    for a in range(expected.shape[0]):
        for b in range(expected.shape[1]):
            package = held.copy()
            package[first], package[second] = a, b
            v = [float(value(package[None, :])[0]) for value in round_valuers]
            expected[a, b] = (v[0] >= d[0]) + 2 * (v[1] >= d[1])
    fig = draw(request("issues", ZONE, round=n, issues=("territory", "nato")))
    drawn = np.asarray(artist(fig, "regions").get_array()).T  # drawn with the issues as x, y
    assert np.array_equal(drawn, expected)
    assert (expected == 3).any(), "the slice through the Nash package crosses the zone"
    plt.close(fig)


def test_games_are_the_round_s_recorded_equilibria_in_every_round():
    """The games drawn have the equilibria the model recorded (ceasefire in its words)."""
    scenario = load_scenario(find_scenario("istanbul-2022"))
    setup = build_setup(scenario)
    for _, row in run("istanbul-2022").rounds.iterrows():
        inputs = game_inputs(request("games"), setup, row)
        profiles = [
            f"{MOVES[int(r.argmax())]}/{MOVES[int(c.argmax())]}"
            if r.max() == c.max() == 1
            else f"mixed hold {r[0]:.2f}/{c[0]:.2f}"
            for r, c in ceasefire(inputs).equilibria
        ]
        assert " | ".join(profiles) == row["ceasefire_equilibria"]
        found = demand(inputs)
        recorded = row["demand_equilibria"]
        assert (found is None) == (recorded is None or pd.isna(recorded))
        if found is not None:
            assert len(found.equilibria) == recorded


def test_games_tables_and_equilibria_are_the_core_games():
    scenario = load_scenario(find_scenario("istanbul-2022"))
    setup = build_setup(scenario)
    req = request("games")
    row = run("istanbul-2022").rounds.iloc[-1]
    inputs = game_inputs(req, setup, row)
    d = row[["war_value_russia", "war_value_ukraine"]].to_numpy(dtype=float)
    assert np.allclose(inputs.no_deal, d)
    A, B = ceasefire_game(
        d + np.array([p.pain for p in setup.parties]),
        d,
        [setup.exploit_gain] * 2,
        [setup.exploited_loss] * 2,
        inputs.truce_penalties,
    )
    fig = draw(req)
    ceasefire_ax = fig.axes[0]
    texts = {t.get_gid(): t.get_text() for t in ceasefire_ax.texts}
    for i in range(2):
        for j in range(2):
            assert texts[f"payoff-{i}-{j}"] == f"{A[i, j]:.2f} / {B[i, j]:.2f}"
    pure = {
        (int(r.argmax()), int(c.argmax()))
        for r, c in equilibria(A, B)[0]
        if r.max() == c.max() == 1
    }
    marked = {
        (round(p.get_y() + 0.48), round(p.get_x() + 0.48))
        for p in ceasefire_ax.patches
        if p.get_gid() == "equilibrium"
    }
    assert pure and marked == pure
    assert f"{len(equilibria(A, B)[0])} equilibri" in ceasefire_ax.get_title()
    plt.close(fig)


def test_paths_draw_each_run_s_offers_and_values():
    runs = [run("istanbul-2022", seed) for seed in (0, 1)]
    scenario = load_scenario(find_scenario("istanbul-2022"))
    fig = draw(Request("paths", scenario, runs, labels=["seed 0", "seed 1"]))
    assert [ax.get_title() for ax in fig.axes[:2]] == ["seed 0", "seed 1"]
    for column, result in enumerate(runs):
        offers_ax, values_ax = fig.axes[column], fig.axes[2 + column]
        rounds = result.rounds
        x, y = next(a for a in offers_ax.lines if a.get_gid() == "offers-russia").get_data()
        assert np.allclose(x, rounds["utility_to_russia_of_offer_by_russia"])
        assert np.allclose(y, rounds["utility_to_ukraine_of_offer_by_russia"])
        best = next(a for a in values_ax.lines if a.get_gid() == "best-offer-ukraine")
        offered = np.fmax(
            rounds["utility_to_ukraine_of_offer_by_russia"], rounds["text_value_ukraine"]
        )
        assert np.allclose(best.get_ydata(), offered)
        no_deal = next(a for a in values_ax.lines if a.get_gid() == "no-deal-russia")
        assert np.allclose(no_deal.get_ydata(), rounds["war_value_russia"])
    plt.close(fig)


def test_statuses_grid_equals_the_run_s_statuses_and_the_record():
    scenario = load_scenario(find_scenario("belarus-2022"))
    rounds = run("belarus-2022").rounds
    fig = draw(request("statuses", "belarus-2022"))
    codes = {status: k for k, status in enumerate(STATUS_COLOURS)}
    expected = np.array(
        [
            [codes[{"not_agreed": "open"}.get(s, s)] for s in rounds[f"status_{issue}"]]
            for issue in scenario.agenda
        ],
        dtype=float,
    )
    assert np.array_equal(np.asarray(artist(fig, "statuses").get_array()), expected)
    documented = np.asarray(artist(fig, "documented").get_array())
    gomel = {o.issue: o.documented for o in load_outcomes() if o.meeting == "gomel"}
    for i, issue in enumerate(scenario.agenda):
        status = {"not_agreed": "open"}.get(gomel[issue], gomel[issue])
        assert documented[i, 0] == codes[status]
    plt.close(fig)


def test_statuses_and_articles_read_the_record_s_columns():
    rounds = pd.DataFrame(
        {
            "round": [1, 2],
            "status_nato": ["not_agreed", "partial"],
            "status_prisoners": ["agreed", "breached"],
            "article_nato": ["", "neutral_status"],
            "article_prisoners": [float("nan"), "all_for_all"],  # as read back from a CSV
        }
    )
    grid = record.statuses(rounds, ["nato", "prisoners"])
    assert grid[1].tolist() == ["open", "agreed"]
    assert grid[2].tolist() == ["partial", "breached"]
    texts = record.articles(rounds, ["nato", "prisoners"])
    assert texts[1].tolist() == ["", ""]
    assert texts[2].tolist() == ["neutral_status", "all_for_all"]


def test_best_deal_offered_is_the_other_s_offer_or_the_text():
    rounds = pd.DataFrame(
        {
            "utility_to_a_of_offer_by_a": [1.0],
            "utility_to_a_of_offer_by_b": [0.3],
            "text_value_a": [0.5],
            "text_value_b": [0.6],
        }
    )
    assert record.best_offer_value(rounds, "a", ("a", "b")).tolist() == [0.5]
    before_a_text = rounds.assign(text_value_a=float("nan"), text_value_b=float("nan"))
    assert record.best_offer_value(before_a_text, "a", ("a", "b")).tolist() == [0.3]


def test_issues_hold_the_package_closest_to_a_deal_when_none_beats_fighting_on():
    scenario = load_scenario(find_scenario("belarus-2022"))
    row = run("belarus-2022").rounds.iloc[-1]
    assert row["zone_size"] == 0
    round_valuers = valuers(build_setup(scenario), row, scenario.party_names)
    levels, V = package_values(round_valuers)
    shortfall = (V - np.array([v.floor for v in round_valuers])).min(axis=1)
    held, name = held_package(round_valuers)
    assert "closest to a deal" in name
    assert shortfall[space_index(levels, held)] == shortfall.max()


def space_index(levels: np.ndarray, package: np.ndarray) -> int:
    return int(np.flatnonzero((levels == package).all(axis=1))[0])


def test_issue_table_gives_the_last_status_article_objections_and_history():
    rounds = pd.DataFrame(
        {
            "round": [1, 2],
            "status_nato": ["not_agreed", "partial"],
            "status_crimea": ["not_agreed", "not_agreed"],
            "article_nato": ["", "neutral_status"],
            "article_crimea": ["", "status_deferred"],
            "objections_a": ["", "crimea"],
            "objections_b": ["", ""],
        }
    )
    table = record.issue_table(rounds, ["nato", "crimea"], ("a", "b"))
    history = "history (open/partial/agreed/breached)"
    assert table.to_dict("records") == [
        {
            "issue": "nato",
            "status": "partial",
            "article": "neutral status",
            "objected to by": "",
            history: "o p",
        },
        {
            "issue": "crimea",
            "status": "open",
            "article": "status deferred",
            "objected to by": "A",
            history: "o o",
        },
    ]


def test_beliefs_in_words():
    row = {"belief_russia": 0.851, "belief_ukraine": 0.7}
    assert record.beliefs_in_words(row, ("russia", "ukraine")) == (
        "Each side's chance of winning the war, as it sees it: Russia 0.85, Ukraine 0.70. "
    )
