"""The house style of every chart: colour-blind-safe colours, PNG + SVG output.

Colours are the Okabe-Ito palette (Okabe & Ito 2008), safe for the common
colour-vision deficiencies; sequential scales use viridis. Each chart is
written as a 160 dpi PNG and an SVG whose bytes do not change between runs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt

from sim.labels import name as label_name

# With SVG_METADATA, keeps SVG output byte-stable between runs.
plt.rcParams["svg.hashsalt"] = "peacesim"

OKABE_ITO = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
}
PARTY_COLOURS = (OKABE_ITO["vermillion"], OKABE_ITO["blue"])
#: How the bargaining solutions and the negotiating text are marked on every
#: utility-space chart: KS as a large hollow diamond drawn under the Nash star,
#: so both show when they coincide.
MARKS: dict[str, dict[str, Any]] = {
    "ks": {
        "marker": "D",
        "s": 150,
        "facecolor": "none",
        "edgecolor": OKABE_ITO["purple"],
        "linewidth": 2,
        "label": "Kalai–Smorodinsky point",
    },
    "nash": {
        "marker": "*",
        "s": 170,
        "color": OKABE_ITO["green"],
        "edgecolor": "black",
        "linewidth": 0.6,
        "label": "Nash point",
    },
    "text": {
        "marker": "P",
        "s": 60,
        "color": OKABE_ITO["orange"],
        "edgecolor": "black",
        "linewidth": 0.5,
        "label": "The negotiating text",
    },
    # The agreement zone's packages: yellow dots outlined in black, drawn above the
    # Nash and KS marks so that a zone of a few packages under them still shows.
    "zone": {
        "marker": "o",
        "s": 14,
        "color": OKABE_ITO["yellow"],
        "edgecolor": "black",
        "linewidth": 0.4,
        "zorder": 7,
    },
}
SEQUENTIAL = "viridis"
# Keeps SVG output byte-stable between runs.
SVG_METADATA = {"Date": None, "Creator": "peacesim"}


def save_figure(fig: plt.Figure, path: Path, provenance: dict | None = None) -> list[Path]:
    """Write `fig` as ``path.png`` and ``path.svg``, close it, return both paths.

    `provenance` (:mod:`sim.calibration.provenance`) goes into both files'
    metadata as JSON: the PNG's ``Description`` text chunk and the SVG's
    Dublin Core ``dc:description``.
    """
    paths = [path.with_suffix(".png"), path.with_suffix(".svg")]
    about = {} if provenance is None else {"Description": json.dumps(provenance, sort_keys=True)}
    fig.savefig(paths[0], dpi=160, bbox_inches="tight", metadata={"Software": "peacesim", **about})
    fig.savefig(paths[1], bbox_inches="tight", metadata={**SVG_METADATA, **about})
    plt.close(fig)
    return paths


#: File formats :func:`save_as` writes, by the file's suffix.
FORMATS = (".png", ".svg", ".pdf")


def save_as(fig: plt.Figure, path: Path) -> Path:
    """Write `fig` in the format its suffix names (PNG, SVG or PDF), close it, return `path`.

    PNG at 160 dpi; SVG and PDF without a creation date, so the same figure
    gives the same bytes.
    """
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"{path}: expected a file ending in {', '.join(FORMATS)}")
    metadata = {".png": {"Software": "peacesim"}, ".svg": SVG_METADATA}.get(
        suffix, {"CreationDate": None, "Creator": "peacesim"}
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=160, bbox_inches="tight", metadata=metadata)
    plt.close(fig)
    return path


def war_value_lines(ax: plt.Axes, values: list[float], names: tuple[str, str]) -> None:
    """Each side's value of fighting on: vertical for the first side, horizontal for the second."""
    for draw, value, colour, name in zip(
        (ax.axvline, ax.axhline), values, PARTY_COLOURS, names, strict=True
    ):
        draw(value, color=colour, ls=":", lw=1.4, label=f"Fighting on, to {label_name(name)}")
