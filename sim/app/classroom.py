"""The model the app runs: a scenario rebuilt from the teacher's controls.

SolaraViz rebuilds the model on Reset by calling its class with the
controls' values as keywords, so the controls are this class's arguments.
"""

from __future__ import annotations

from typing import Any

from sim.app.controls import build_scenario
from sim.calibration.notes import no_effect
from sim.talks.model import NegotiationModel

#: Rounds the classroom runs past the documented ones, so a class can watch
#: beliefs converge and the zone open (or not); a teaching choice, not a calibration.
EXTRA_ROUNDS = 8


class ClassroomModel(NegotiationModel):
    """The talks of `scenario` with the controls applied, run past its documented rounds.

    Parameters
    ----------
    scenario
        A shipped scenario's name or a scenario file.
    seed
        Seed of the model's random generator.
    **kwargs
        Values of the controls of :func:`sim.app.controls.model_params` (SolaraViz
        checks a model's keywords against its signature and accepts any only
        when the catch-all is named ``kwargs``).
    """

    def __init__(self, scenario: str = "istanbul-2022", seed: int = 0, **kwargs: Any) -> None:
        talks = build_scenario(scenario, kwargs)
        super().__init__(talks, seed=seed, rounds=len(talks.rounds) + EXTRA_ROUNDS)
        self.controls = {"scenario": scenario, "seed": seed, **kwargs}
        #: Settings of this scenario that change nothing, shown above the round log.
        self.notes = no_effect(talks, self.setup, self.calendar)
