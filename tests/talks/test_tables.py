import json
from collections import OrderedDict
from unittest import mock

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sim.talks.tables as tables
from sim.calibration.scenario import load_scenario
from sim.core.pareto import pareto_front
from sim.core.space import OutcomeSpace
from sim.talks.model import NegotiationModel
from sim.talks.record import run_record
from sim.talks.results import run_model
from sim.talks.tables import PackageSpace
from tests.conftest import SCENARIOS
from tests.core.strategies import bilateral_domains, domain_parties, enumerated


def test_streamed_space_gives_the_same_run_as_in_memory(scenario_variant):
    scenario = scenario_variant("antalya-2022")
    in_memory = run_model(NegotiationModel(scenario, seed=2))
    with (
        mock.patch.object(tables, "IN_MEMORY_OUTCOMES", 0),
        mock.patch.object(tables, "DEFAULT_CHUNK_SIZE", 5_000),  # 62,208 outcomes: 13 chunks
    ):
        model = NegotiationModel(scenario, seed=2)
        assert model.package_space._U is None
        streamed = run_model(model)
    pd.testing.assert_frame_equal(in_memory.rounds, streamed.rounds)
    pd.testing.assert_frame_equal(in_memory.density, streamed.density)
    np.testing.assert_array_equal(in_memory.frontier, streamed.frontier)


# --- the zone count and the package-space cache (issue 20) -------------------


@st.composite
def spaces_and_queries(draw):
    """A random two-party space, commitment classes, and per-class thresholds."""
    domain = draw(bilateral_domains(max_issues=5, max_levels=4))
    parties = domain_parties(domain)
    radices = parties[0].radices
    class_issues = draw(st.lists(st.integers(0, len(radices) - 1), max_size=2, unique=True))
    space = PackageSpace(OutcomeSpace(radices), parties, class_issues)
    # Thresholds on the utilities' own values (ties), between them, and beyond [0, 1].
    U = enumerated(parties)
    candidates = [*np.unique(U), -np.inf, np.inf, 1.5, 0.3333]
    one = st.sampled_from(candidates)
    shape = (space.n_classes, 2)
    thresholds = np.array(
        draw(st.lists(one, min_size=2 * space.n_classes, max_size=2 * space.n_classes))
    )
    issue = draw(st.one_of(st.none(), st.integers(0, len(radices) - 1)))
    at_least = draw(st.integers(-1, max(radices)))
    return space, thresholds.reshape(shape), issue, at_least, U


def sorting_at_once(longest_walk: float):
    """Packages sorted from the first zone, whatever the space's size: zones found by walking
    the sorted packages (`longest_walk` 1) or counted by a dominance counter (0, unless the
    zone is found without a step)."""
    return mock.patch.multiple(
        tables, PASSES_BEFORE_SORTING=0, SORTED_FROM=0, LONGEST_WALK=longest_walk
    )


@settings(max_examples=200)
@given(spaces_and_queries())
def test_zone_counts_equal_the_pass_over_every_package(drawn):
    space, thresholds, issue, at_least, U = drawn
    whole = space.zone_size(thresholds)  # by a pass, its zone kept for the next count
    by_pass = space.zone_size(thresholds, issue, at_least)
    space._last_zone = None
    with sorting_at_once(1.0):
        walked = space.zone_size(thresholds, issue, at_least)  # the dominance reporter
    assert (space._reporter is not None or whole == 0) and not space._counters
    space._last_zone = None
    with sorting_at_once(0.0):
        got = space.zone_size(thresholds, issue, at_least)  # the dominance counter
    assert issue in space._counters or space._last_zone is not None  # or a walk of none
    assert got == walked == by_pass == space.zone_size_by_scan(thresholds, issue, at_least)
    assert whole == space.zone_size_by_scan(thresholds)
    # ... and the zone's definition, package by package.
    levels = space.space.decode(np.arange(space.space.size))
    classes = space._class_of(np.arange(space.space.size))
    inside = (U >= thresholds[classes]).all(axis=1)
    if issue is not None:
        inside &= levels[:, issue] >= at_least
    assert got == int(inside.sum())


@settings(max_examples=200)
@given(spaces_and_queries())
def test_the_class_frontiers_say_whether_the_zone_is_open(drawn):
    space, thresholds, issue, at_least, _ = drawn
    whole = space.zone_size_by_scan(thresholds)
    assert space.zone_open(thresholds) == (whole > 0)
    # An empty zone is counted from the frontiers alone, and so is every part of it.
    assert space.zone_size(thresholds) == whole
    # Kept as no members where empty (no pass made), as a pass's mask otherwise.
    assert (space._last_zone[1].dtype != bool) == (whole == 0)
    assert space.zone_size(thresholds, issue, at_least) == space.zone_size_by_scan(
        thresholds, issue, at_least
    )


def test_an_empty_zone_is_not_passed_over(scenario_variant):
    space = NegotiationModel(scenario_variant("istanbul-2022"), seed=0).package_space
    closed = np.full((space.n_classes, 2), 2.0)  # no utility reaches 2
    with mock.patch.object(tables, "class_zone", side_effect=AssertionError("a pass")):
        assert space.zone_size(closed) == 0
        assert space.zone_size(closed, issue=0, at_least=1) == 0
    opened = np.zeros((space.n_classes, 2))
    assert space.zone_size(opened) == space.space.size


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_runs_equal_the_reference_algorithms(path, monkeypatch):
    """Every record column, in every round, from the fast path and from the
    algorithms before issue 20 (a fresh space per run, zones counted by a scan)."""
    scenario = load_scenario(path)
    monkeypatch.setattr(tables, "_SPACES", OrderedDict())  # a space built here, for this test
    fast = run_model(NegotiationModel(scenario, seed=5, rounds=10))  # zones by broadcast passes
    with sorting_at_once(1.0):
        fast_record = run_record(scenario, seed=5, rounds=10)  # by walks of the sorted packages
    tables._SPACES.clear()
    with sorting_at_once(0.0):
        counted_record = run_record(scenario, seed=5, rounds=10)  # mostly by dominance counters
    monkeypatch.setenv(tables.REFERENCE_VARIABLE, "1")
    model = NegotiationModel(scenario, seed=5, rounds=10)
    assert model.package_space.reference
    reference = run_model(model)
    pd.testing.assert_frame_equal(fast.rounds, reference.rounds)
    pd.testing.assert_frame_equal(fast.density, reference.density)
    assert fast.summary == reference.summary
    # NaN == NaN in JSON text: the records are equal value for value.
    assert json.dumps(run_record(scenario, seed=5, rounds=10)) == json.dumps(fast_record)
    assert json.dumps(counted_record) == json.dumps(fast_record)


def test_a_package_space_is_built_once_for_runs_with_the_same_utilities(scenario_variant):
    base = NegotiationModel(scenario_variant("istanbul-2022"), seed=0)
    other_beliefs = NegotiationModel(
        scenario_variant("istanbul-2022", **{"parties.russia.belief": 0.6}), seed=1
    )
    assert other_beliefs.package_space is base.package_space
    assert not base.package_space._U.flags.writeable  # shared: nobody may write into it
    # The table a run bargains on (its history, its agreement) is its own.
    assert other_beliefs.package is not base.package
    other_values = NegotiationModel(
        scenario_variant("istanbul-2022", **{"assumptions.method.curvature": 1.0}), seed=0
    )
    assert other_values.package_space is not base.package_space


def test_the_cache_keeps_the_last_spaces_used(scenario_variant, monkeypatch):
    monkeypatch.setattr(tables, "_SPACES", OrderedDict())
    monkeypatch.setattr(tables, "CACHED_PACKAGES", 62_208)  # antalya-2022's space alone
    first = NegotiationModel(scenario_variant("belarus-2022"), seed=0).package_space
    assert NegotiationModel(scenario_variant("belarus-2022"), seed=1).package_space is first
    NegotiationModel(scenario_variant("antalya-2022"), seed=0)
    assert NegotiationModel(scenario_variant("belarus-2022"), seed=0).package_space is not first
    monkeypatch.setenv(tables.REFERENCE_VARIABLE, "1")
    again = NegotiationModel(scenario_variant("belarus-2022"), seed=0).package_space
    assert again.reference and again is not tables.package_space(
        again.space, again.utilities, again.class_issues
    )


@settings(max_examples=100)
@given(spaces_and_queries(), st.sampled_from([None, 1, 7]))
def test_class_frontiers_are_each_class_pareto_front(drawn, chunk):
    space, _thresholds, _issue, _at_least, U = drawn
    if chunk is not None:  # the same space streamed in chunks of `chunk` outcomes
        with (
            mock.patch.object(tables, "IN_MEMORY_OUTCOMES", 0),
            mock.patch.object(tables, "DEFAULT_CHUNK_SIZE", chunk),
        ):
            space = PackageSpace(space.space, space.utilities, space.class_issues)
    index = np.arange(space.space.size)
    classes = space._class_of(index)
    expected = []
    for c in np.unique(classes):
        front = index[classes == c][pareto_front(U[classes == c])]
        # a class worth nothing to either side (every package crosses a red line of
        # each) is stood for by its first package
        expected.append(front[:1] if (U[front] <= 0).all() else front)
    np.testing.assert_array_equal(space.front_index, np.sort(np.concatenate(expected)))


def test_one_package_stands_for_a_class_worth_nothing_to_either_side():
    U = np.array([[0.0, 0.0], [0.0, 0.0], [0.0, 0.0]])
    np.testing.assert_array_equal(tables.one_worthless(U, np.array([0, 1, 2])), [0])
    mixed = np.array([[0.0, 0.0], [0.5, 0.0], [0.0, 0.0], [0.0, 0.5]])
    np.testing.assert_array_equal(tables.one_worthless(mixed, np.array([1, 3])), [1, 3])
    np.testing.assert_array_equal(tables.one_worthless(mixed, np.array([0, 2, 3])), [0, 3])


def test_the_2022_space_keeps_a_few_hundred_candidates(istanbul_2022):
    # Before one package stood for a class worth nothing to either side (NATO membership,
    # which Russia rejects, with full demilitarisation, which Ukraine rejects), that
    # class put some 15,000 packages into every round.
    model = NegotiationModel(istanbul_2022, seed=0)
    assert model.package.levels.shape[0] < 1000
