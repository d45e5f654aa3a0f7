import datetime as dt
import shutil
from collections import OrderedDict

import numpy as np
import pytest

import sim.calibration.positions as positions_module
from sim.calibration.positions import (
    Method,
    Override,
    calibrate_actor,
    calibrate_parties,
    normalise_weights,
)
from sim.calibration.seeds import load_assumptions, load_issues, seeds_dir
from sim.core.utility import RED_LINE_UTILITY

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


def test_russias_claim_to_four_regions_rules_out_handing_them_back():
    # 2025: Russia claims the four regions (S130, S161); a withdrawal to the
    # pre-invasion lines would hand them back, so it rejects it; the front line
    # is short of its terms (S129) but not ruled out.
    territory = calibrate_actor("russia", ["territory"], dt.date(2025, 5, 16), is_party=True)
    rejected = territory.stance("territory").rejects()
    assert rejected.tolist() == [True, True, False, False]
    early = calibrate_actor("russia", ["territory"], MARCH_21, is_party=True)
    assert early.stance("territory").rejects().tolist() == [True, False, False, False]


def test_a_package_with_a_rejected_level_is_worth_nothing():
    # Ukraine rejects full demilitarisation (S074, S150: 'a state with its own
    # army and navy'), not as a red line: in a package it is still ruled out,
    # whatever the other articles give; nothing else in its best package changes.
    agenda = [*AGENDA_2022, "demilitarisation"]
    ukraine = calibrate_actor("ukraine", agenda, MARCH_21, is_party=True)
    j = agenda.index("demilitarisation")
    stance = ukraine.stances[j]
    assert stance.rejects()[3] and not stance.red_lines[3]
    utility = ukraine.utility()
    best = np.array([[int(np.argmax(s.values)) for s in ukraine.stances]])
    disarmed = best.copy()
    disarmed[0, j] = 3
    assert utility(best)[0] > 0.9
    assert utility(disarmed)[0] == RED_LINE_UTILITY


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


# --- the per-process cache of positions (issue 20) ------------------------------


def _equal_positions(a, b):
    assert a.actor == b.actor
    np.testing.assert_array_equal(a.weights, b.weights)
    for x, y in zip(a.stances, b.stances, strict=True):
        assert (x.issue, x.ideal, x.emphasis, x.basis, x.sources, x.stated, x.accept_floor) == (
            y.issue,
            y.ideal,
            y.emphasis,
            y.basis,
            y.sources,
            y.stated,
            y.accept_floor,
        )
        np.testing.assert_array_equal(x.values, y.values)
        np.testing.assert_array_equal(x.red_lines, y.red_lines)
        np.testing.assert_array_equal(x.rejects(), y.rejects())


@pytest.mark.parametrize(
    ("actor", "is_party", "override"),
    [
        ("russia", True, None),
        ("ukraine", True, Override(weights={"nato": 0.5}, ideal={"crimea": "recognised_russian"})),
        ("turkey", False, None),
        ("belarus", False, None),
    ],
)
def test_a_cached_position_is_the_calibration_done_afresh(actor, is_party, override, monkeypatch):
    method = Method.from_assumptions({"curvature": 1.3})
    monkeypatch.setattr(positions_module, "_POSITIONS", OrderedDict())
    args = (actor, AGENDA_2022, MARCH_21)
    first = calibrate_actor(*args, is_party=is_party, method=method, override=override)
    again = calibrate_actor(*args, is_party=is_party, method=method, override=override)
    assert again is first  # from the cache
    fresh = positions_module._calibrate_actor(*args, is_party, None, method, override or Override())
    _equal_positions(first, fresh)
    # Shared by the runs of a process: nobody may write into it.
    assert not first.weights.flags.writeable
    assert not any(s.values.flags.writeable or s.red_lines.flags.writeable for s in first.stances)
    with pytest.raises(ValueError):
        first.weights[0] = 1.0


def test_other_arguments_are_other_positions(monkeypatch):
    monkeypatch.setattr(positions_module, "_POSITIONS", OrderedDict())
    base = calibrate_actor("ukraine", AGENDA_2022, MARCH_21, is_party=True)
    changed = [
        calibrate_actor("ukraine", AGENDA_2022, MARCH_21, is_party=False),
        calibrate_actor("ukraine", AGENDA_2022[:-1], MARCH_21, is_party=True),
        calibrate_actor("ukraine", AGENDA_2022, dt.date(2022, 2, 28), is_party=True),
        calibrate_actor(
            "ukraine",
            AGENDA_2022,
            MARCH_21,
            is_party=True,
            method=Method.from_assumptions({"curvature": 0.5}),
        ),
        calibrate_actor(
            "ukraine", AGENDA_2022, MARCH_21, is_party=True, opponent_ideals={"nato": 0}
        ),
        calibrate_actor(
            "ukraine",
            AGENDA_2022,
            MARCH_21,
            is_party=True,
            override=Override(weights={"nato": 0.5}),
        ),
    ]
    assert all(c is not base for c in changed)
    assert len(positions_module._POSITIONS) == 1 + len(changed)


def test_the_cache_keeps_the_last_positions_and_follows_the_seeds(tmp_path, monkeypatch):
    monkeypatch.setattr(positions_module, "_POSITIONS", OrderedDict())
    monkeypatch.setattr(positions_module, "CACHED_POSITIONS", 2)
    first = calibrate_actor("russia", AGENDA_2022, MARCH_21, is_party=True)
    calibrate_actor("ukraine", AGENDA_2022, MARCH_21, is_party=True)
    assert calibrate_actor("russia", AGENDA_2022, MARCH_21, is_party=True) is first
    calibrate_actor("turkey", AGENDA_2022, MARCH_21, is_party=False)  # drops ukraine
    assert len(positions_module._POSITIONS) == 2
    # Other seeds (loaded afresh): calibrated afresh from them, not taken from the cache.
    folder = tmp_path / "seeds"
    shutil.copytree(seeds_dir(), folder)
    monkeypatch.setenv("PEACESIM_SEEDS", str(folder))
    load_assumptions.cache_clear()
    try:
        other = calibrate_actor("russia", AGENDA_2022, MARCH_21, is_party=True)
        assert other is not first
        _equal_positions(other, first)  # the same files
    finally:
        monkeypatch.delenv("PEACESIM_SEEDS")
        load_assumptions.cache_clear()
