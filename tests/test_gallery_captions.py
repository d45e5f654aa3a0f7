"""The README's figures and captions come from ``experiments/gallery.py``, not from a hand.

A caption stating a number (the round a package closes, the zone's size, a
sweep's share) is made from ``experiments/gallery/facts.json``; the quick
facts must be what the code gives now, the long ones what the stored results
(``experiments/results/``) give. When the model changes, these tests fail until
``python experiments/gallery.py`` (``--recompute`` for the long ones) is run.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys

import pytest

from tests.conftest import ROOT

#: An image of the gallery in Markdown or a MyST ``{image}`` directive, from any folder.
IMAGE = re.compile(r"(?:\]\(|\{image\}\s+)(?:\.\./)*(experiments/gallery/[^)\s]+\.png)")


def _gallery():
    spec = importlib.util.spec_from_file_location("gallery", ROOT / "experiments" / "gallery.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


gallery = _gallery()
FACTS = json.loads(gallery.FACTS.read_text(encoding="utf-8"))


def _as_stored(facts: dict) -> dict:
    """Facts as facts.json holds them (JSON: tuples as lists, keys as strings)."""
    return json.loads(json.dumps(facts))


@pytest.mark.parametrize("document", gallery.documents(), ids=lambda p: p.name)
def test_every_caption_is_made_from_the_facts(document):
    text = document.read_text(encoding="utf-8")
    blocks = list(gallery.BLOCK.finditer(text))
    for block in blocks:
        key = block["name"]
        assert block["body"] == gallery.FIGURES[key].caption(FACTS[key]), (
            f"{document.name}: the caption {key!r} is not the one its facts give; "
            "run python experiments/gallery.py"
        )


def test_every_figure_has_a_caption_somewhere():
    texts = [path.read_text(encoding="utf-8") for path in gallery.documents()]
    captioned = {b["name"] for text in texts for b in gallery.BLOCK.finditer(text)}
    assert captioned == set(gallery.FIGURES)


def test_every_figure_the_pages_show_is_made_by_the_gallery():
    texts = [path.read_text(encoding="utf-8") for path in gallery.documents()]
    shown = {path for text in texts for path in IMAGE.findall(text)}
    made = {f"experiments/gallery/{file}" for e in gallery.FIGURES.values() for file in e.files}
    made |= set(gallery.MADE_ELSEWHERE)
    assert shown and shown <= made, shown - made
    assert all((ROOT / path).is_file() for path in made)


@pytest.mark.parametrize("key", gallery.QUICK)
def test_the_quick_facts_are_what_the_code_gives_now(key):
    assert _as_stored(gallery.FIGURES[key].facts()) == FACTS[key], (
        f"{key}: the model no longer gives the stated facts; run python experiments/gallery.py"
    )


LONG = [k for k in gallery.FIGURES if k not in gallery.QUICK]


@pytest.mark.parametrize("key", LONG)
def test_the_long_facts_are_what_the_stored_results_give(key):
    assert _as_stored(gallery.FIGURES[key].facts()) == FACTS[key]


@pytest.mark.parametrize("key", LONG)
def test_stored_results_come_from_the_current_seeds_and_spec(key):
    stored = json.loads((gallery.RESULTS / f"{key}.json").read_text(encoding="utf-8"))
    assert stored == gallery.current_stamp(key), (
        f"{key}: stored results of other seeds or another spec; "
        f"run python experiments/gallery.py --recompute --only {key}"
    )


def test_a_caption_follows_its_facts():
    # The round a package closes, and the zone, as the plot caption states them.
    facts = {**FACTS["plot"], "agreed_in": 7, "zone_opens_in": 6, "zone_size": 49}
    caption = gallery.plot_caption(facts)
    assert "the zone opens in round 6 and the package closes in round 7 (49 package" in caption
    silent = gallery.plot_caption({**facts, "agreed_in": None, "zone_opens_in": None})
    assert "where no zone opens and no package closes" in silent
    text = "<!-- gallery:plot -->\nstale words\n<!-- /gallery:plot -->"
    assert gallery.with_captions(text, {"plot": facts}) == gallery.block("plot", caption)


def test_a_sobol_caption_says_when_its_indices_rank_nothing():
    facts = {**FACTS["sobol-agreement"], "same": 0.98}
    assert "do not rank the assumptions" in gallery.sobol_caption(facts)
    assert "do not rank" not in gallery.sobol_caption({**facts, "same": 0.7})


def test_each_sobol_analysis_varies_what_its_screen_keeps():
    for sobol, screen in gallery.SCREENS.items():
        kept = gallery.screened_in(gallery.sweep_summary(screen).effects)
        assert kept == FACTS[screen]["kept"]
        varied = list(gallery.spec_of(sobol).parameters)
        assert sorted(varied) == sorted(kept), f"{sobol}.toml should vary {kept}"
        screened = gallery.spec_of(screen).parameters
        assert sorted(screened) == sorted([*varied, *FACTS[sobol]["fixed"]])


def test_a_screen_keeps_what_reaches_half_the_largest_effect():
    import pandas as pd

    effects = pd.DataFrame({"parameter": ["a", "b", "c", "d"], "mu_star": [0.1, 0.4, 0.2, 0.19]})
    assert gallery.screened_in(effects) == ["b", "c"]


def test_a_sobol_caption_says_whether_its_intervals_meet_the_criterion():
    facts = FACTS["sobol-agreement"]
    assert "NOT within" in gallery.sobol_caption({**facts, "widest_top": 0.051})
    assert "NOT within" not in gallery.sobol_caption({**facts, "widest_top": 0.05})


def test_a_corner_caption_names_the_cells_where_the_outcome_happens_by_their_axes():
    import pandas as pd

    # Two seeds at each of four cells; only (x=1, y=20) closes, in one run of two.
    runs = pd.DataFrame({"y": [10, 10, 20, 20] * 2, "x": [0, 1, 0, 1] * 2})
    closed = pd.Series([0, 0, 0, 1, 0, 0, 0, 0], dtype=float)
    cells = gallery.heatmap_cells(runs, ["x", "y"], closed)
    assert cells["axes"] == ["x", "y"]
    assert cells["values"] == [[0, 10, 0], [0, 20, 0], [1, 10, 0], [1, 20, 0.5]]
    facts = {"label": "Share closed", "runs": 8, "horizon": "to 2025-11-30", "binary": True}
    caption = gallery.corner_caption({**facts, "mean": 0.0625, "cells": cells})
    assert "above 0 in 1 of 4 cells: 50% at x 1.0, y 20.0." in caption
