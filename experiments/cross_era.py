"""Do the rates of change carry the 2022 documents into the 2025 ones?

    .venv/bin/python experiments/cross_era.py [--seeds 40]

The documents describe two moments of one war: March 2022 and May-June 2025.
Each side's belief about the war, and its cost of fighting on, are calibrated
at both (``actors.*.belief.2022`` / ``.2025`` in ``seeds/assumptions.toml``).
The rates that move them between rounds (engagements that teach, misreading
that holds optimism up, mediators' calls, the growth of costs) are not in the
documents; but run from the 2022 calibration to 16 May 2025 they must arrive
inside the 2025 ranges, or the model contradicts its own sources. This script
runs the war's path (:mod:`sim.core.war`; no bargaining is needed) from the
March 2022 talks to 16 May 2025 for each rate over a grid, the others at
their central values, and prints where each side's chance of winning and cost
of fighting on end up, against the 2025 ranges. It calibrates on the
documents only; the record after the documents plays no part.
"""

from __future__ import annotations

import argparse
import datetime as dt

import numpy as np

from sim.calibration.scenario import (
    find_scenario,
    read_scenario_data,
    validate_scenario,
    with_overrides,
)
from sim.calibration.seeds import assumption
from sim.talks.model import NegotiationModel

MAY_2025 = dt.date(2025, 5, 16)
GRIDS = {
    "battlefield.engagement_rate": [0.5, 1, 2, 3, 4, 6, 8],
    "battlefield.misreading": [0.1, 0.2, 0.3, 0.4, 0.5],
    "levers.shuttle_calls": [0.0, 0.001, 0.002, 0.005],
    "actors.russia.pain": [0.0, 0.001, 0.0013, 0.002],
    "actors.ukraine.pain": [0.0, 0.002, 0.0025, 0.004],
}


def end_state(overrides: dict[str, float], seeds: int) -> tuple[np.ndarray, np.ndarray]:
    """Mean chance of winning and cost of fighting on of each side on 16 May 2025."""
    data = read_scenario_data(find_scenario("istanbul-2022"))
    scenario = validate_scenario(with_overrides(data, overrides), "cross-era")
    beliefs, costs = [], []
    for seed in range(seeds):
        model = NegotiationModel(scenario, seed=seed, until=MAY_2025, analyse=False)
        day = len(model.war.theta) - 1
        beliefs.append(model.war.win_probability(day))
        costs.append(model.war.cost[day])
        model.release()
    return np.mean(beliefs, axis=0), np.mean(costs, axis=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=40)
    args = parser.parse_args()
    ranges = {
        f"{side} {what}": assumption(f"actors.{side}.{what}.2025")
        for side in ("russia", "ukraine")
        for what in ("belief", "war_cost")
    }
    print("2025 ranges: " + "; ".join(f"{k} {a.low}-{a.high}" for k, a in ranges.items()))
    for path, grid in GRIDS.items():
        a = assumption(path)
        print(f"\n{path} (central {a.value}, range {a.low}-{a.high})")
        for value in grid:
            (pr, pu), (cr, cu) = end_state({f"assumptions.{path}": float(value)}, args.seeds)
            inside = (
                ranges["russia belief"].low <= pr <= ranges["russia belief"].high
                and ranges["ukraine belief"].low <= pu <= ranges["ukraine belief"].high
                and ranges["russia war_cost"].low <= cr <= ranges["russia war_cost"].high
                and ranges["ukraine war_cost"].low <= cu <= ranges["ukraine war_cost"].high
            )
            print(
                f"  {value:>7}: P(win) russia {pr:.2f} ukraine {pu:.2f}, "
                f"cost russia {cr:.3f} ukraine {cu:.3f}  {'inside' if inside else 'OUTSIDE'}"
            )


if __name__ == "__main__":
    main()
