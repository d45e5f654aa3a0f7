"""Which mediator levers the round acts on: the list the no-effect notes rely on.

:data:`sim.calibration.setup.ACTING_LEVERS` says which levers act in the round;
:mod:`sim.calibration.notes` warns about a mediator holding none of them.
Each lever is run alone here, against the same talks without a mediator:
a lever acts when it moves what mediators can move (a party's cost of
fighting on or belief, a deal tabled). A round that starts (or stops)
acting on a lever fails this test until the list follows.
"""

import pytest

from sim.calibration.seeds import LEVERS
from sim.calibration.setup import ACTING_LEVERS
from sim.talks import NegotiationModel
from tests.conftest import variant

ROUNDS = 4


def _trace(mediators: dict) -> list:
    """What mediators can touch, round by round: each party's cost of fighting on and
    belief, and the deals tabled for each table (the Belarus rounds without their
    host, so that a separable item, the corridors, is open for a broker)."""
    dated = [{"date": r.date, "label": r.label} for r in variant("belarus-2022").rounds]
    model = NegotiationModel(
        variant("belarus-2022", mediators=mediators, rounds=dated), seed=0, rounds=ROUNDS
    )
    trace = []
    while model.running:
        model.step()
        parties = [(p.war_cost, p.a, p.b) for p in model.parties]
        trace.append((parties, sorted((k, sorted(v)) for k, v in model.texts.items())))
    return trace


@pytest.fixture(scope="module")
def without_mediators():
    return _trace({})


@pytest.mark.parametrize("lever", LEVERS)
def test_a_lever_changes_the_run_exactly_when_it_is_listed_as_acting(lever, without_mediators):
    changed = _trace({"turkey": {"levers": [lever]}}) != without_mediators
    assert changed == (lever in ACTING_LEVERS), (
        f"{lever} {'acts' if changed else 'does not act'} in the round: "
        "update ACTING_LEVERS in sim/calibration/setup.py"
    )
