"""The app started from a posterior draw (``peacesim app --posterior DIR``): the draw's
assumptions reach the model and set the sliders' starting values."""

import json

from sim.app.controls import build_scenario, model_params
from sim.calibration.scenario import flatten

OVERRIDES = json.dumps(
    {
        "assumptions.actors.russia.belief.2022": 0.72,
        "assumptions.commitment.ukraine.guarantee_effect": 0.5,
        "assumptions.talks.text_ripeness": 0.2,
    }
)


def test_sliders_start_at_the_posteriors_values():
    params = model_params("istanbul-2022", OVERRIDES)
    assert params["overrides"] == OVERRIDES  # a fixed parameter: kept on Reset
    assert params["belief_russia"]["value"] == 0.72
    assert params["guarantee_effect_ukraine"]["value"] == 0.5
    assert model_params("istanbul-2022")["belief_russia"]["value"] == 0.85  # the seeds'


def test_the_model_is_built_with_the_draw_and_the_controls_on_top():
    values = {
        key: v["value"]
        for key, v in model_params("istanbul-2022", OVERRIDES).items()
        if isinstance(v, dict)
    }
    scenario = build_scenario("istanbul-2022", {**values, "overrides": OVERRIDES})
    assert flatten(scenario.assumptions)["talks.text_ripeness"] == 0.2
    assert scenario.parties["russia"].belief == 0.72
    moved = build_scenario(
        "istanbul-2022", {**values, "belief_russia": 0.9, "overrides": OVERRIDES}
    )
    assert moved.parties["russia"].belief == 0.9
