"""Does the model reproduce the documented record? Forecasts, scores, one fitted number.

- :mod:`~sim.backtest.run`      every documented meeting forecast by sweeps over the assumptions
- :mod:`~sim.backtest.scoring`  Brier score, accuracy, naive baselines

Imports :mod:`sim.sweeps` and below.
"""

from sim.backtest.run import Backtest, run_backtest, score_table
from sim.backtest.scoring import accuracy, brier_score

__all__ = ["Backtest", "accuracy", "brier_score", "run_backtest", "score_table"]
