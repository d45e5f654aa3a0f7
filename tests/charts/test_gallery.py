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
from sim.charts import record
from sim.charts.gallery import KINDS, Request, draw, game_inputs
from sim.charts.statuses_chart import STATUS_COLOURS
from sim.charts.style import save_as
from sim.core import (
    OutcomeSpace,
    agreement_zone,
    ceasefire_game,
    equilibria,
    kalai_smorodinsky,
    nash_bargaining,
    pareto_front,
)
from sim.talks.model import NegotiationModel
from sim.talks.results import RunResult, run_model
from tests.conftest import ROOT, SCENARIOS


@functools.cache
def run(name: str, seed: int = 0) -> RunResult:
    return run_model(NegotiationModel(load_scenario(find_scenario(name)), seed=seed))


def request(kind: str, name: str = "istanbul-2022", **options) -> Request:
    return Request(kind, load_scenario(find_scenario(name)), [run(name)], **options)


def artist(fig: plt.Figure, gid: str):
    found = [a for ax in fig.axes for a in ax.get_children() if a.get_gid() == gid]
    assert found, f"no artist with gid {gid!r}"
    return found[0]


def all_utilities(positions) -> np.ndarray:
    """Utilities of every package, by brute force over the decoded space."""
    utilities = [p.utility() for p in positions]
    space = OutcomeSpace(utilities[0].radices)
    levels = space.decode(np.arange(space.size))
    return np.column_stack([u(levels) for u in utilities])


def last_no_deal(name: str, parties) -> np.ndarray:
    rounds = run(name).rounds
    return np.array([rounds[f"reservation_{p}"].iloc[-1] for p in parties])


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_renders_for_every_scenario(kind, path):
    """Rendered to out/charts-test/ (to look at), titled with the scenario, not blank."""
    fig = draw(request(kind, path.stem))
    titles = [ax.get_title() for ax in fig.axes] + [fig.get_suptitle()]
    assert any(path.stem in title for title in titles)
    png = save_as(fig, ROOT / "out" / "charts-test" / f"{kind}-{path.stem}.png")
    pixels = plt.imread(png)
    assert pixels.shape[0] > 400 and pixels[..., :3].std() > 0.05


def test_zone_draws_the_core_agreement_zone_frontier_and_points():
    setup = build_setup(load_scenario(find_scenario("istanbul-2022")))
    U = all_utilities([p.position for p in setup.parties])
    d = last_no_deal("istanbul-2022", ("russia", "ukraine"))
    fig = draw(request("zone"))
    drawn = artist(fig, "zone").get_offsets()
    expected = np.unique(U[agreement_zone(U, d)], axis=0)
    assert np.array_equal(np.asarray(drawn), expected)
    assert f"{int(agreement_zone(U, d).sum()):,} of {len(U):,}" in artist(fig, "zone").get_label()
    front = np.column_stack(artist(fig, "frontier").get_data())
    assert {tuple(r) for r in front} == {tuple(r) for r in U[pareto_front(U)]}
    assert np.allclose(artist(fig, "nash").get_offsets()[0], U[nash_bargaining(U, d)])
    assert np.allclose(artist(fig, "ks").get_offsets()[0], U[kalai_smorodinsky(U, d)])
    plt.close(fig)


def test_zone_of_a_party_and_a_mediator_is_the_party_s_acceptable_set():
    setup = build_setup(load_scenario(find_scenario("istanbul-2025")))
    positions = {p.name: p.position for p in (*setup.parties, *setup.mediators)}
    U = all_utilities([positions["russia"], positions["united_states"]])
    r_russia = last_no_deal("istanbul-2025", ("russia",))[0]
    fig = draw(request("zone", "istanbul-2025", actors=("russia", "united_states")))
    label = artist(fig, "zone").get_label()
    assert f"{int((U[:, 0] >= r_russia).sum()):,} of" in label  # a mediator's floor is 0
    plt.close(fig)


def test_issues_regions_are_each_party_s_acceptable_cells_by_brute_force():
    scenario = load_scenario(find_scenario("istanbul-2022"))
    setup = build_setup(scenario)
    positions = [p.position for p in setup.parties]
    d = last_no_deal("istanbul-2022", ("russia", "ukraine"))
    agenda = scenario.agenda
    U = all_utilities(positions)
    held = OutcomeSpace(positions[0].utility().radices).decode(nash_bargaining(U, d))[0]
    first, second = agenda.index("territory"), agenda.index("security_guarantees")
    issues = load_issues()
    expected = np.zeros(
        (len(issues["territory"].levels), len(issues["security_guarantees"].levels))
    )
    for a in range(expected.shape[0]):
        for b in range(expected.shape[1]):
            package = held.copy()
            package[first], package[second] = a, b
            u = [float(p.utility()(package[None, :])[0]) for p in positions]
            expected[a, b] = (u[0] >= d[0]) + 2 * (u[1] >= d[1])
    fig = draw(request("issues", issues=("territory", "security_guarantees")))
    drawn = np.asarray(artist(fig, "regions").get_array()).T  # drawn with the issues as x, y
    assert np.array_equal(drawn, expected)
    assert (expected == 3).any(), "the slice through the Nash package has an overlap"
    plt.close(fig)


def test_games_tables_and_equilibria_are_the_core_games():
    scenario = load_scenario(find_scenario("istanbul-2022"))
    setup = build_setup(scenario)
    req = request("games")
    row = run("istanbul-2022").rounds.iloc[-1]
    inputs = game_inputs(req, setup, row)
    d = last_no_deal("istanbul-2022", ("russia", "ukraine"))
    assert np.allclose(inputs.no_deal, d)
    # By hand: five mediators, of which those holding sanctions over a party each add a penalty.
    A, B = ceasefire_game(
        d + inputs.war_costs,
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
        assert np.allclose(best.get_ydata(), rounds["utility_to_ukraine_of_offer_by_russia"])
        no_deal = next(a for a in values_ax.lines if a.get_gid() == "no-deal-russia")
        assert np.allclose(no_deal.get_ydata(), rounds["reservation_russia"])
    plt.close(fig)


def test_statuses_grid_equals_the_run_s_statuses_and_the_record():
    scenario = load_scenario(find_scenario("belarus-2022"))
    rounds = run("belarus-2022").rounds
    fig = draw(request("statuses", "belarus-2022"))
    codes = {status: k for k, status in enumerate(STATUS_COLOURS)}
    expected = record.statuses(rounds, scenario.agenda).replace(codes).to_numpy(dtype=float)
    assert np.array_equal(np.asarray(artist(fig, "statuses").get_array()), expected)
    documented = np.asarray(artist(fig, "documented").get_array())
    gomel = {o.issue: o.documented for o in load_outcomes() if o.meeting == "gomel"}
    for i, issue in enumerate(scenario.agenda):
        status = {"not_agreed": "open"}.get(gomel[issue], gomel[issue])
        assert documented[i, 0] == codes[status]
    plt.close(fig)


def test_statuses_read_new_columns_or_derive_them_from_today_s():
    today = pd.DataFrame(
        {
            "round": [1, 2, 3],
            "package_agreed": [False, False, True],
            "agreed_items": ["", "prisoners=all_for_all", "prisoners=all_for_all"],
            "converged_issues": ["nato", "nato;territory", ""],
        }
    )
    grid = record.statuses(today, ["nato", "territory", "prisoners"])
    assert grid[1].tolist() == ["partial", "open", "open"]
    assert grid[2].tolist() == ["partial", "partial", "agreed"]
    assert grid[3].tolist() == ["agreed"] * 3
    new = pd.DataFrame(
        {
            "round": [1, 2],
            "status_nato": ["not_agreed", "partial"],
            "status_prisoners": ["agreed", "breached"],
            "article_nato": ["", "neutral_status"],
            "article_prisoners": ["", "all_for_all"],
        }
    )
    assert record.statuses(new, ["nato", "prisoners"])[2].tolist() == ["partial", "breached"]
    assert record.articles(new, ["nato", "prisoners"])[2].tolist() == [
        "neutral_status",
        "all_for_all",
    ]
    assert record.articles(today, ["nato"]) is None


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
    assert record.best_offer_value(
        rounds.drop(columns=["text_value_a", "text_value_b"]), "a", ("a", "b")
    ).tolist() == [0.3]
