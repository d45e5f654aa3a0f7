"""How keys read on charts and in tables: proper names, sentence case (``sim.labels``).

A sweep's choice ``turkey_and_us`` once printed as "Turkey And Us"; these are the
cases of the module's docstring, written out by hand.
"""

from __future__ import annotations

import pytest

from sim.labels import name, possessive, pretty


@pytest.mark.parametrize(
    ("key", "label"),
    [
        ("turkey_and_us", "Turkey and the United States"),
        ("france_germany", "France and Germany"),
        ("united_states", "The United States"),
        ("security_guarantees", "Security guarantees"),
        ("russia_war_cost", "Russia war cost"),
        ("nato", "NATO"),
        ("as_documented", "As documented"),
        ("plus_walk_away", "Plus walk away"),
    ],
)
def test_a_key_as_a_label(key, label):
    assert pretty(key) == label


def test_a_list_of_actors_in_a_sentence():
    assert name("france_germany_eu") == "France, Germany and the EU"
    assert name("us") == "the United States"
    assert name("and_turkey") == "and Turkey"  # not a list: "and" must stand between actors


def test_possessives():
    assert possessive("russia") == "Russia's"
    assert possessive("united_states") == "the United States'"
