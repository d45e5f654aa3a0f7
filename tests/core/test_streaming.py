import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.core.bargaining import kalai_smorodinsky, nash_bargaining
from sim.core.pareto import pareto_front
from sim.core.streaming import addend_tables, analyse_streamed, stream_utilities
from sim.core.utility import AdditiveUtility
from sim.core.zone import agreement_zone
from tests.core.strategies import bilateral_domains, domain_parties, enumerated


def test_hand_built_stream_in_c_order_with_a_red_line():
    a = AdditiveUtility(
        [0.5, 0.5], ([0.0, 1.0], [1.0, 0.0, 0.5]), ([False, False], [False, True, False])
    )
    pieces = list(stream_utilities([a], chunk=3))
    assert [start for start, _ in pieces] == [0, 3]
    got = np.concatenate([U[0] for _, U in pieces])
    # Outcomes (0,0) (0,1) (0,2) (1,0) (1,1) (1,2); level 1 of issue 1 is a red line.
    np.testing.assert_array_equal(got, [0.5, 0.0, 0.25, 1.0, 0.0, 0.75])
    np.testing.assert_array_equal(addend_tables(a)[1], [0.5, -np.inf, 0.25])


@settings(max_examples=200, deadline=None)
@given(bilateral_domains(max_issues=6), st.integers(1, 40))
def test_streamed_utilities_are_bit_identical_to_the_whole_array(domain, chunk):
    parties = domain_parties(domain)
    pieces = list(stream_utilities(parties, chunk))
    starts = [start for start, _ in pieces]
    assert starts == sorted(starts) and starts[0] == 0
    streamed = np.concatenate([U for _, U in pieces], axis=1).T
    np.testing.assert_array_equal(streamed, enumerated(parties))


@settings(max_examples=200, deadline=None)
@given(
    bilateral_domains(max_issues=6),
    st.integers(1, 64),
    st.sampled_from([1, 7, 4096]),
    st.sampled_from([0.0, 0.25, 0.5]),
)
def test_streamed_analysis_equals_the_whole_array_analysis(domain, chunk, bins, r):
    parties = domain_parties(domain)
    U = enumerated(parties)
    d = np.array([r, r])
    got = analyse_streamed(parties, d, chunk=chunk, bins=bins)
    front = pareto_front(U)
    assert got.size == U.shape[0]
    assert got.zone_size == int(agreement_zone(U, d).sum())
    np.testing.assert_array_equal(got.front_index, front)
    np.testing.assert_array_equal(got.front_U, U[front])
    assert got.nash == nash_bargaining(U, d)
    assert got.kalai_smorodinsky == kalai_smorodinsky(U, d)


def test_streamed_analysis_is_bilateral():
    a = AdditiveUtility([1.0], ([0.0, 1.0],))
    with pytest.raises(ValueError, match="two utilities"):
        analyse_streamed([a, a, a], np.zeros(3))


def test_streamed_analysis_of_a_larger_space_with_default_chunks():
    rng = np.random.default_rng(0)
    radices = (7,) * 6
    parties = [
        AdditiveUtility(
            rng.dirichlet(np.ones(6)),
            tuple(rng.uniform(size=r) for r in radices),
            tuple(rng.uniform(size=r) < 0.1 for r in radices),
        )
        for _ in range(2)
    ]
    U = enumerated(parties)
    d = np.array([0.3, 0.35])
    got = analyse_streamed(parties, d)
    np.testing.assert_array_equal(got.front_index, pareto_front(U))
    assert got.zone_size == int(agreement_zone(U, d).sum())
    assert (got.nash, got.kalai_smorodinsky) == (nash_bargaining(U, d), kalai_smorodinsky(U, d))
