"""The page ``peacesim app`` serves: ``solara run sim.app.page``.

The scenario comes from the environment variable ``PEACESIM_APP_SCENARIO``
(set by ``peacesim app SCENARIO``), default istanbul-2022; ``PEACESIM_APP_OVERRIDES``
(JSON of dotted-path overrides, set by ``peacesim app --posterior DIR``) starts it
from a posterior draw or the posterior mean. The browser tab carries peacesim's
title (:data:`TITLE`) and icon (``sim/app/assets/``, which ``peacesim app`` hands
to solara as its first place to look for assets).
"""

from __future__ import annotations

import os
from pathlib import Path

import solara
from mesa.visualization import SolaraViz

from sim.app.classroom import ClassroomModel
from sim.app.controls import model_params
from sim.app.views import COMPONENTS

SCENARIO = os.environ.get("PEACESIM_APP_SCENARIO", "istanbul-2022")
TITLE = f"peacesim classroom: {SCENARIO}"
#: The icon of the browser tab (favicon.png, favicon.svg).
ASSETS = Path(__file__).parent / "assets"

_params = model_params(SCENARIO, os.environ.get("PEACESIM_APP_OVERRIDES", "{}"))
MODEL = ClassroomModel(**{k: v["value"] if isinstance(v, dict) else v for k, v in _params.items()})


@solara.component
def Page():
    solara.Title(TITLE)
    SolaraViz(MODEL, components=COMPONENTS, model_params=_params, name=TITLE)
