"""Where the time of ``peacesim run SCENARIO`` goes, step by step, in one fresh process.

Run: python experiments/benchmarks/run_command.py [istanbul-2022]

Prints the CPU seconds (this process only, so other users of a shared machine
do not count) of each step the command takes: importing the command line,
importing the model stack (Mesa, pandas), building and running the model,
writing the tables, importing matplotlib and drawing the two charts. For the
whole command as the user sees it, time ``peacesim run SCENARIO [--no-charts]``
from outside (``/usr/bin/time -v``).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

STEPS: list[tuple[str, float]] = []


def step(label: str, start: float) -> float:
    now = time.process_time()
    STEPS.append((label, now - start))
    return now


def main() -> None:
    name = sys.argv[1] if len(sys.argv) > 1 else "istanbul-2022"
    out = Path(tempfile.mkdtemp(prefix="peacesim-run-"))
    t = time.process_time()
    from sim.cli.common import resolve_scenario

    t = step("import the command line (rich, pydantic, calibration)", t)
    from sim.talks.model import NegotiationModel
    from sim.talks.results import run_model, write_result

    t = step("import the model stack (Mesa and what it loads: pandas, networkx)", t)
    scenario = resolve_scenario(name)
    result = run_model(NegotiationModel(scenario, seed=0))
    t = step("build and run the model (games included; nashpy on first use)", t)
    write_result(result, out)
    t = step("write the tables", t)
    from sim.charts.run_charts import agreement_zone_chart, concession_chart

    t = step("import matplotlib and the chart module", t)
    agreement_zone_chart(result, scenario, out / "agreement-zone")
    concession_chart(result, out / "concessions")
    step("draw two charts, PNG and SVG each", t)
    total = sum(seconds for _, seconds in STEPS)
    print(f"peacesim run {name}: CPU seconds by step (this process only)")
    for label, seconds in STEPS:
        print(f"  {label:<68} {seconds:6.2f} s {seconds / total:5.0%}")
    print(f"  {'total (interpreter start-up not included)':<68} {total:6.2f} s")


if __name__ == "__main__":
    main()
