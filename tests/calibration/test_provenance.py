import hashlib
import json

from sim.calibration.provenance import canonical_json, content_hash, provenance
from sim.calibration.scenario import load_scenario, read_scenario_data, validate_scenario
from tests.conftest import ROOT

ISTANBUL = ROOT / "scenarios" / "istanbul-2022.toml"


def test_the_hash_is_sha256_of_the_sorted_compact_json():
    scenario = load_scenario(ISTANBUL)
    data = scenario.model_dump(mode="json")
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert content_hash(scenario) == hashlib.sha256(text.encode()).hexdigest()
    assert canonical_json({"b": 1, "a": [1.5, "é"]}) == '{"a":[1.5,"é"],"b":1}'


def test_comments_and_layout_do_not_change_the_hash_but_values_do(tmp_path):
    text = ISTANBUL.read_text(encoding="utf-8")
    relaid = tmp_path / "relaid.toml"
    relaid.write_text("# a new comment\n" + text.replace("deadline = 8", "deadline   =   8"))
    assert content_hash(load_scenario(relaid)) == content_hash(load_scenario(ISTANBUL))
    data = read_scenario_data(ISTANBUL)
    data["deadline"] = 9
    assert content_hash(validate_scenario(data)) != content_hash(load_scenario(ISTANBUL))


def test_provenance_has_no_clock_or_host():
    about = provenance(load_scenario(ISTANBUL), 7, ["peacesim", "run", "x"])
    assert set(about) == {
        "package",
        "version",
        "scenario_sha256",
        "seeds_sha256",
        "seed",
        "command",
        "outside_documented_ranges",
    }
    assert about == provenance(load_scenario(ISTANBUL), 7, ["peacesim", "run", "x"])


def test_a_value_inside_its_domain_but_outside_its_range_is_allowed_and_recorded():
    data = read_scenario_data(ISTANBUL)
    data["parties"]["russia"]["belief"] = 0.99  # documented range [0.7, 0.95]
    data["assumptions"] = {"breach": {"default": 0.9}, "talks": {"text_ripeness": 0.15}}
    about = provenance(validate_scenario(data), 0, ["peacesim", "run", "x"])
    assert about["outside_documented_ranges"] == {
        "parties.russia.belief": {
            "assumption": "actors.russia.belief.2022",
            "value": 0.99,
            "range": [0.7, 0.95],
        },
        "assumptions.breach.default": {
            "assumption": "breach.default",
            "value": 0.9,
            "range": [0.0, 0.2],
        },
    }


def test_the_shipped_scenarios_stay_inside_the_documented_ranges():
    for path in sorted((ROOT / "scenarios").glob("*.toml")):
        about = provenance(load_scenario(path), 0, [])
        assert about["outside_documented_ranges"] == {}, path
