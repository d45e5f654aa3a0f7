import datetime as dt

import numpy as np
import pytest

from sim.calibration.positions import (
    Method,
    Override,
    calibrate_actor,
    calibrate_parties,
    normalise_weights,
)
from sim.calibration.seeds import load_issues

AGENDA_2022 = ["ceasefire", "territory", "nato", "security_guarantees", "crimea", "recognition"]
MARCH_21 = dt.date(2022, 3, 21)


@pytest.fixture(scope="module")
def positions():
    return calibrate_parties(["russia", "ukraine"], AGENDA_2022, MARCH_21)


def test_weights_are_a_distribution_and_values_in_unit_interval(positions):
    for position in positions.values():
        assert position.weights.sum() == pytest.approx(1.0)
        assert (position.weights > 0).all()
        for stance in position.stances:
            assert ((stance.values >= 0) & (stance.values <= 1)).all()


def test_demands_set_ideals(positions):
    issues = load_issues()
    russia, ukraine = positions["russia"], positions["ukraine"]
    assert issues["nato"].levels[russia.stance("nato").ideal] == "neutral_status"
    assert issues["crimea"].levels[russia.stance("crimea").ideal] == "recognised_russian"
    assert issues["ceasefire"].levels[ukraine.stance("ceasefire").ideal] == "full"


def test_intensity_three_rejections_are_red_lines(positions):
    ukraine = positions["ukraine"]
    crimea = ukraine.stance("crimea")
    assert crimea.red_lines.tolist() == [False, False, True]  # "recognised_russian" (S082)
    territory = ukraine.stance("territory")
    assert territory.red_lines[[2, 3]].all()  # "not a single inch" / "cannot give away"
    assert "S082" in crimea.sources


def test_signals_without_a_demand_keep_the_ideal_opposed_and_value_the_signal(positions):
    # Russia says it could accept guarantees for Ukraine (S075) but demands none.
    guarantees = positions["russia"].stance("security_guarantees")
    method = Method.from_assumptions()
    assert guarantees.ideal == 0 and not guarantees.stated  # none, inferred
    assert guarantees.values[1:].tolist() == [method.acceptable_value] * 2
    assert guarantees.accept_floor == pytest.approx(method.acceptable_value)


def test_conduct_codes_what_a_side_did_where_it_said_nothing(positions):
    # Russia states no territorial demand in 2022; its invasion and the troops it
    # sent into the 'republics' it recognised are its position (S147, S148).
    territory = positions["russia"].stance("territory")
    assert "conduct" in territory.basis and {"S147", "S148"} <= set(territory.sources)
    assert territory.ideal == 2  # the current front line
    assert territory.red_lines.tolist() == [True, False, False, False]  # all of Ukraine
    assert territory.values.tolist() == [0.0, 0.5, 1.0, 1.0]  # monotone: more is never worse
    assert territory.emphasis == 3.0


def test_silent_party_opposes_the_other_side():
    # On 2 March 2022 Ukraine had said nothing of a change of government; Russia
    # demanded one (S023): Ukraine's ideal is the other end of the scale.
    positions = calibrate_parties(["russia", "ukraine"], ["government"], dt.date(2022, 3, 2))
    government = positions["ukraine"].stance("government")
    assert government.basis.startswith("assumption")
    assert government.ideal == 0


def test_a_starting_point_is_not_an_ideal():
    # 2025: the front line is Ukraine's 'starting point for negotiations about
    # territory' (S142, a signal); its ideal stays all of Ukraine (S158).
    ukraine = calibrate_parties(["russia", "ukraine"], ["territory"], dt.date(2025, 6, 2))[
        "ukraine"
    ].stance("territory")
    method = Method.from_assumptions()
    assert ukraine.ideal == 0
    assert ukraine.values[2] == pytest.approx(method.acceptable_value)
    assert (np.diff(ukraine.values) <= 0).all()  # less territory is never worth more to it
    assert ukraine.red_lines.tolist() == [False, False, False, True]  # four regions


def test_red_lines_of_an_earlier_era_hold():
    # Russia's 2025 territorial terms (S129) do not undo its 2022 red line (S148).
    russia = calibrate_actor("russia", ["territory"], dt.date(2025, 5, 16), is_party=True)
    territory = russia.stance("territory")
    assert territory.ideal == 3 and territory.red_lines[0]


def test_statements_after_the_as_of_date_are_not_used():
    early = calibrate_actor("ukraine", ["crimea"], dt.date(2022, 2, 23), is_party=True)
    assert early.stance("crimea").sources == ()
    late = calibrate_actor("ukraine", ["crimea"], MARCH_21, is_party=True)
    assert late.stance("crimea").sources


def test_overrides_fix_a_weight_and_rescale_the_rest():
    plain = calibrate_actor("ukraine", AGENDA_2022, MARCH_21, is_party=True)
    fixed = calibrate_actor(
        "ukraine", AGENDA_2022, MARCH_21, is_party=True, override=Override(weights={"nato": 0.5})
    )
    assert fixed.weights[2] == pytest.approx(0.5)
    others = np.delete(np.arange(len(AGENDA_2022)), 2)
    np.testing.assert_allclose(
        fixed.weights[others], plain.weights[others] / plain.weights[others].sum() * 0.5
    )


def test_normalise_weights_by_hand():
    np.testing.assert_allclose(normalise_weights(np.array([1.0, 3.0]), {}), [0.25, 0.75])
    np.testing.assert_allclose(
        normalise_weights(np.array([1.0, 1.0, 2.0]), {0: 0.5}), [0.5, 1 / 6, 1 / 3]
    )
    with pytest.raises(ValueError):
        normalise_weights(np.ones(2), {0: 0.7, 1: 0.7})


def test_belarus_copies_russia():
    belarus = calibrate_actor("belarus", AGENDA_2022, MARCH_21, is_party=False)
    russia = calibrate_actor("russia", AGENDA_2022, MARCH_21, is_party=False)
    np.testing.assert_allclose(belarus.weights, russia.weights)
    assert belarus.actor == "belarus"


def test_emphasis_is_the_strongest_statement_not_the_count(positions):
    # Russia's neutrality demand is repeated in many statements, each at most
    # intensity 3: salience is the highest intensity, however often repeated.
    russia = positions["russia"]
    nato = russia.stance("nato")
    assert len(nato.sources) > 3 and nato.emphasis == 3.0
    emphasis = np.array([s.emphasis for s in russia.stances])
    position = [s.issue for s in russia.stances].index("nato")
    assert russia.weights[position] == pytest.approx(3.0 / emphasis.sum())
