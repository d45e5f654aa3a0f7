"""What the command line imports: ``python -X importtime`` of ``sim.cli``, and which heavy
stacks ``peacesim run --no-charts`` loads.

    python experiments/benchmarks/cli_imports.py [--repeats 5]

Each measurement is a fresh interpreter. Prints the best (least) cumulative import time
of ``sim.cli`` and of the largest packages it pulls in, then the modules of the sweep,
chart and Dask stacks present after a whole ``run --no-charts`` (there should be none;
``tests/test_cli.py`` checks it).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile

#: Stacks that ``peacesim run --no-charts`` has no use for.
NOT_FOR_RUN = (
    "matplotlib",
    "dask",
    "distributed",
    "SALib",
    "sim.sweeps.runner",
    "sim.sweeps.store",
    "sim.sweeps.design",
    "sim.sweeps.spec",
    "sim.charts.style",
)


def import_times(module: str) -> dict[str, float]:
    """Cumulative import time (s) of every module imported by ``import module``."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        capture_output=True,
        text=True,
        check=True,
    )
    times = {}
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, name = (part.strip() for part in line.split("|"))
        times[name] = int(cumulative) / 1e6
    return times


def loaded_by_run() -> list[str]:
    """The modules of :data:`NOT_FOR_RUN` loaded by a whole ``peacesim run --no-charts``."""
    with tempfile.TemporaryDirectory() as out:
        code = (
            "import sys; from sim.cli import main; "
            f"main(['run', 'istanbul-2022', '--no-charts', '--out', {out!r}]); "
            f"print(sorted(m for m in sys.modules if m.startswith({NOT_FOR_RUN!r})))"
        )
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
    return eval(done.stdout.splitlines()[-1])  # a list literal printed just above


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    repeats = parser.parse_args().repeats
    runs = [import_times("sim.cli") for _ in range(repeats)]
    best = {name: min(run.get(name, float("inf")) for run in runs) for name in runs[0]}
    print(f"import sim.cli: {best['sim.cli']:.3f} s (best of {repeats})")
    top = ("rich.console", "pydantic", "numpy", "pandas", "scipy", "sim.calibration", "sim.sweeps")
    for name in top:
        if name in best:
            print(f"  {name:<16} {best[name]:.3f} s")
    print("run --no-charts loads:", ", ".join(loaded_by_run()) or "none of", NOT_FOR_RUN)


if __name__ == "__main__":
    main()
