"""How a fit runs: its population, seed and limits (no pyabc here, so that the
command line reads its defaults without loading the fit)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FitSettings:
    """How the fit runs (the defaults are those of ``peacesim fit``)."""

    population: int = 500  # accepted particles per generation
    generations: int = 8  # at most
    # Stop when a generation accepts fewer of its runs: the next would take over 20x
    # the population in runs, past the half hour a fit may take on 2 cores.
    min_acceptance: float = 0.05
    # At most this many runs in the generations: a generation whose predicted runs
    # would pass it is not started (about 27 minutes of runs on 2 cores at ~18 a second).
    max_runs: int = 30_000
    seed: int = 0

    def path(self) -> dict[str, int]:
        """The settings that decide the generations' particles; the others only
        decide where the fit stops, so a fit resumed with other limits goes on."""
        return {"population": self.population, "seed": self.seed}
