import numpy as np
import pytest

from sim.core.games import ceasefire_game, demand_game, equilibria


def pure(eqs):
    return sorted(
        (int(r.argmax()), int(c.argmax())) for r, c in eqs if r.max() == 1 and c.max() == 1
    )


def test_ceasefire_without_pressure_is_a_prisoners_dilemma():
    # exploiting a truce (gain 0.2) beats the war cost saved (0.1): fighting dominates
    A, B = ceasefire_game([0.5, 0.5], [0.4, 0.4], [0.2, 0.2], [0.1, 0.1], [0.0, 0.0])
    np.testing.assert_allclose(A, [[0.5, 0.3], [0.7, 0.4]])
    np.testing.assert_allclose(B, A.T)
    eqs, method = equilibria(A, B)
    assert method == "support_enumeration"
    assert pure(eqs) == [(1, 1)] and len(eqs) == 1


def test_sanction_penalty_turns_it_into_a_stag_hunt():
    A, B = ceasefire_game([0.5, 0.5], [0.4, 0.4], [0.2, 0.2], [0.1, 0.1], [0.25, 0.25])
    eqs, _ = equilibria(A, B)
    assert pure(eqs) == [(0, 0), (1, 1)]
    # mixed: hold with p where 0.5 p + 0.3 (1 - p) = 0.45 p + 0.4 (1 - p), so p = 2/3
    mixed = [r for r, c in eqs if 0 < r[0] < 1]
    assert len(mixed) == 1 and mixed[0][0] == pytest.approx(2 / 3)


def test_matching_pennies_has_the_unique_mixed_equilibrium():
    A = np.array([[1.0, -1.0], [-1.0, 1.0]])
    eqs, _ = equilibria(A, -A)
    assert len(eqs) == 1
    np.testing.assert_allclose(eqs[0][0], [0.5, 0.5])


def test_demand_game_payoffs_and_efficient_pure_equilibria():
    u1 = np.linspace(0, 1, 5)
    front = np.column_stack([u1, 1 - u1])
    A, B, d0, d1 = demand_game(front, np.zeros(2), n_demands=5)
    np.testing.assert_allclose(d0, u1)
    np.testing.assert_allclose(d1, 1 - u1)
    # demands (0.5, 0.5) are compatible, (0.75, 0.5) are not
    assert (A[2, 2], B[2, 2]) == (0.5, 0.5)
    assert (A[3, 2], B[3, 2]) == (0.0, 0.0)
    eqs, method = equilibria(A, B)
    assert method in {"vertex_enumeration", "lemke_howson"}  # the demand game is degenerate
    # every pair of demands that exactly splits the frontier is a pure equilibrium
    assert {(i, i) for i in range(5)} <= set(pure(eqs))
    for r, c in eqs:
        assert r @ A @ c >= (A @ c).max() - 1e-9 and r @ B @ c >= (r @ B).max() - 1e-9


def test_demand_menu_is_capped_by_the_frontier_length():
    A, _B, d0, _ = demand_game(np.array([[0.4, 0.6], [0.6, 0.4]]), np.zeros(2), n_demands=6)
    assert A.shape == (2, 2) and d0.tolist() == [0.4, 0.6]


def test_every_reported_profile_is_an_equilibrium():
    rng = np.random.default_rng(0)
    for _ in range(20):
        A, B = rng.integers(0, 5, (3, 3)).astype(float), rng.integers(0, 5, (3, 3)).astype(float)
        eqs, _ = equilibria(A, B)
        assert eqs
        for r, c in eqs:
            assert r @ A @ c >= (A @ c).max() - 1e-9
            assert r @ B @ c >= (r @ B).max() - 1e-9


def test_tied_best_responses_flag_degenerate_games():
    from sim.core.games import has_tied_pure_best_responses

    assert not has_tied_pure_best_responses(
        np.array([[1.0, -1], [-1, 1]]), np.array([[-1.0, 1], [1, -1]])
    )
    A = np.array([[1.0, 1.0], [0.0, 2.0]])  # column 0: one best reply; row 0 of B ties
    assert has_tied_pure_best_responses(A, np.array([[3.0, 3.0], [1.0, 2.0]]))
