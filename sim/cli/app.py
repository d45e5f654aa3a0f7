"""``peacesim app``: serve the classroom app on 127.0.0.1 until interrupted."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sim.cli import posterior
from sim.cli.common import UserError, console, resolve_scenario, warn, whole_number

#: solara's warning on each page load served over http (see :func:`command`).
SAMESITE_WARNING = "ignore:Cookies with samesite=none require https:UserWarning"

#: Highest TCP port (``--port``).
MAX_PORT = 2**16 - 1


def add_parser(sub) -> None:
    app = sub.add_parser("app", help="the classroom app in the browser (needs the .[app] extra)")
    app.add_argument("scenario", nargs="?", default="istanbul-2022", help="default istanbul-2022")
    app.add_argument("--port", type=whole_number(1, MAX_PORT), default=8765, help="default 8765")
    posterior.add_arguments(app)
    app.set_defaults(func=command)


def command(args: argparse.Namespace) -> None:
    """``peacesim app``: serve the classroom app on 127.0.0.1 until interrupted."""
    import contextlib
    import importlib.util
    import json
    import os
    import subprocess

    if (
        importlib.util.find_spec("solara") is None
        or importlib.util.find_spec("mesa.visualization") is None
    ):
        raise UserError("the app needs its optional dependencies: pip install -e '.[app]'")
    from sim.calibration.notes import no_effect
    from sim.calibration.setup import build_setup

    scenario = resolve_scenario(args.scenario)  # a bad scenario fails here, in one line
    warn(no_effect(scenario, build_setup(scenario)))  # the page shows them too
    assets = Path(__file__).parents[1] / "app" / "assets"  # not imported: solara loads it later
    overrides = {}
    if posterior.wanted(args):
        overrides = posterior.overrides(args, scenario)
    env = {
        **os.environ,
        "PEACESIM_APP_SCENARIO": args.scenario,
        "PEACESIM_APP_OVERRIDES": json.dumps(overrides),
        "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False",
        # The tab's title before the page sets it, and peacesim's icon before solara's.
        "SOLARA_THEME_TITLE": f"peacesim classroom: {scenario.name}",
        "SOLARA_ASSETS_EXTRA_LOCATIONS": str(assets),
        # Two warnings that are not the app's and that a teacher cannot act on: solara's
        # lint of hooks flags Mesa's SolaraViz (mesa/visualization/solara_viz.py), and
        # solara warns on every page load that a cookie cannot be cross-site over http,
        # which a page served on 127.0.0.1 does not need.
        "SOLARA_CHECK_HOOKS": "off",
        "PYTHONWARNINGS": ",".join(
            filter(None, (os.environ.get("PYTHONWARNINGS"), SAMESITE_WARNING))
        ),
    }
    command = [
        sys.executable,
        "-m",
        "solara",
        "run",
        "sim.app.page",
        "--host",
        "127.0.0.1",
        "--port",
        str(args.port),
        "--production",
    ]
    console.print(f"Serving {args.scenario} on http://127.0.0.1:{args.port} (Ctrl+C stops)")
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl+C is how a teacher stops it
        subprocess.run(command, env=env, check=False)
