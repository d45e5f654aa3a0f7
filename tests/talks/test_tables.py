from unittest import mock

import numpy as np
import pandas as pd

import sim.talks.tables as tables
from sim.talks.model import NegotiationModel
from sim.talks.results import run_model


def test_streamed_space_gives_the_same_run_as_in_memory(scenario_variant):
    scenario = scenario_variant("antalya-2022")
    in_memory = run_model(NegotiationModel(scenario, seed=2))
    with (
        mock.patch.object(tables, "IN_MEMORY_OUTCOMES", 0),
        mock.patch.object(tables, "DEFAULT_CHUNK_SIZE", 5_000),  # 62,208 outcomes: 13 chunks
    ):
        model = NegotiationModel(scenario, seed=2)
        assert model.package_space._U is None
        streamed = run_model(model)
    pd.testing.assert_frame_equal(in_memory.rounds, streamed.rounds)
    pd.testing.assert_frame_equal(in_memory.density, streamed.density)
    np.testing.assert_array_equal(in_memory.frontier, streamed.frontier)
