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
    assert space._reporter is not None and not space._counters
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


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_runs_equal_the_reference_algorithms(path, monkeypatch):
    """Every record column, in every round, from the fast path and from the
    algorithms before issue 20 (a fresh space per run, zones counted by a scan)."""
    scenario = load_scenario(path)
    monkeypatch.setattr(tables, "_SPACES", OrderedDict())  # a space built here, for this test
    fast = run_model(NegotiationModel(scenario, seed=5, rounds=10))  # zones by broadcast passes
    with sorting_at_once(1.0):
        fast_record = run_record(scenario, seed=5, rounds=10)  # by walks of the sorted packages
    assert next(iter(tables._SPACES.values()))._reporter is not None
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
    expected = [index[classes == c][pareto_front(U[classes == c])] for c in np.unique(classes)]
    np.testing.assert_array_equal(space.front_index, np.sort(np.concatenate(expected)))
