import json

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from PIL import Image

from sim.charts.fit_charts import (
    HISTOGRAM_BINS,
    assumption_label,
    effective_note,
    marginals_chart,
    marginals_figure,
    reliability_figure,
    width_ratio_figure,
)
from sim.fit.posterior import Posterior
from sim.fit.priors import Prior

RNG = np.random.default_rng(0)
PRIORS = tuple(Prior(f"table.p{i}", 0.5, 0.0, 1.0 + i) for i in range(7))
PARTICLES = pd.DataFrame(
    {
        "generation": 2,
        "particle": range(50),
        "weight": RNG.uniform(0.5, 1.5, 50),
        "distance": 0.1,
        **{
            p.path: RNG.uniform(p.low, p.low + (p.high - p.low) / (i + 1), 50)
            for i, p in enumerate(PRIORS)
        },
    }
)
POSTERIOR = Posterior(PARTICLES, PRIORS, {})


def test_every_assumption_has_its_panel_with_the_weighted_posterior():
    intervals = POSTERIOR.intervals()
    fig = marginals_figure(PARTICLES, intervals)
    assert len(fig.axes) == len(PRIORS)
    weights = PARTICLES["weight"] / PARTICLES["weight"].sum()
    for ax, prior in zip(fig.axes, PRIORS, strict=True):
        bars = [p for p in ax.patches if p.get_gid() == f"posterior:{prior.path}"]
        heights = np.array([b.get_height() for b in bars])
        expected, _ = np.histogram(
            PARTICLES[prior.path],
            bins=HISTOGRAM_BINS,
            range=(prior.low, prior.high),
            weights=weights,
            density=True,
        )
        np.testing.assert_allclose(heights, expected)
        assert ax.get_xlim() == (prior.low, prior.high)
    plt.close(fig)


def test_width_ratios_drawn_are_the_tables_smallest_on_top():
    intervals = POSTERIOR.intervals()
    fig = width_ratio_figure(intervals)
    ax = fig.axes[0]
    widths = [bar.get_width() for bar in ax.patches]
    assert widths == sorted(intervals["width_ratio"], reverse=True)  # drawn bottom up
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[-1] == assumption_label(intervals.sort_values("width_ratio")["path"].iloc[0])
    plt.close(fig)


def test_the_charts_warn_when_the_weights_have_collapsed():
    even = effective_note(49.5, 50, 7)
    assert even == "effective sample size 49.5 of 50 weighted particles"
    assert "collapsed" in effective_note(1.4, 200, 37)
    collapsed = PARTICLES.assign(weight=[1.0] + [1e-9] * 49)
    fig = marginals_figure(collapsed, Posterior(collapsed, PRIORS, {}).intervals())
    assert "effective sample size 1.0 of 50" in fig.texts[0].get_text()
    assert "collapsed" in fig.texts[0].get_text()
    plt.close(fig)
    fig = width_ratio_figure(POSTERIOR.intervals(), (1.0, 50))
    assert "collapsed" in fig.axes[0].get_title(loc="left")
    plt.close(fig)


def test_reliability_points_are_the_tables():
    table = pd.DataFrame(
        {
            "sample": ["in sample", "in sample", "out of sample"],
            "forecaster": ["posterior", "central calibration", "posterior"],
            "low": [0.0, 0.9, 0.1],
            "high": [0.1, 1.0, 0.2],
            "events": [3, 2, 4],
            "forecast": [0.05, 0.95, 0.15],
            "observed": [0.0, 1.0, 0.25],
        }
    )
    fig = reliability_figure(table)
    points = {c.get_gid(): c.get_offsets().tolist() for ax in fig.axes for c in ax.collections}
    assert points["in sample:posterior"] == [[0.05, 0.0]]
    assert points["out of sample:posterior"] == [[0.15, 0.25]]
    assert points["in sample:central calibration"] == [[0.95, 1.0]]
    plt.close(fig)


def test_charts_carry_the_fits_provenance(tmp_path):
    about = {"seed": 3, "record_sha256": "abc"}
    png, svg = marginals_chart(PARTICLES, POSTERIOR.intervals(), tmp_path / "m", about)
    assert json.loads(Image.open(png).text["Description"]) == about
    assert "record_sha256" in svg.read_text()


@pytest.mark.parametrize(
    ("path", "label"),
    [
        ("actors.russia.belief.2022", "russia · belief · 2022"),
        ("commitment.ukraine.base_risk", "commitment · ukraine · base risk"),
    ],
)
def test_assumption_labels(path, label):
    assert assumption_label(path) == label
