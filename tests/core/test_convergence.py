import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sim.core.convergence import accepted_articles


def test_by_hand():
    values = np.array([1.0, 0.6, 0.5, 0.9, 0.3])
    rejected = np.array([False, False, False, True, False])
    floors = np.array([np.inf, 0.6, np.inf, np.inf, 0.25])
    # the ideal; a level it said it could accept; short of what it needs; rejected;
    # better than the least it said it could accept
    assert accepted_articles(values, rejected, floors, 0.7).tolist() == [
        True,
        True,
        False,
        False,
        True,
    ]
    # a side that needs little from the text accepts more of it
    assert accepted_articles(values, rejected, floors, 0.5).tolist() == [
        True,
        True,
        True,
        False,
        True,
    ]


unit = st.floats(0.0, 1.0, allow_nan=False)


@given(
    st.integers(1, 8).flatmap(
        lambda k: st.tuples(
            arrays("float64", k, elements=unit),
            arrays("float64", k, elements=unit),
        )
    ),
    st.floats(0.0, 1.2),
)
def test_a_side_that_accepts_every_article_on_its_threshold_accepts_the_whole_text(vw, threshold):
    """If every article gives v_j >= T, the text gives sum w_j v_j >= T (weights sum to 1)."""
    values, raw = vw
    weights = (raw + 1e-3) / (raw + 1e-3).sum()
    k = len(values)
    accepted = accepted_articles(values, np.zeros(k, bool), np.full(k, np.inf), threshold)
    if accepted.all():
        assert weights @ values >= threshold - 1e-9


@given(arrays("float64", 5, elements=unit), st.floats(0.0, 1.0), st.floats(0.0, 1.0))
def test_needing_less_never_makes_a_side_accept_fewer_articles(values, t, less):
    floors, rejected = np.full(5, np.inf), np.zeros(5, bool)
    strict = accepted_articles(values, rejected, floors, t)
    lenient = accepted_articles(values, rejected, floors, t - less)
    assert (lenient | ~strict).all()
