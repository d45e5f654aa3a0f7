"""How keys read in tables and charts: proper names for actors, sentence case for the rest.

A key is a name of the seeds or of a spec (``security_guarantees``,
``united_states``, a sweep's choice ``turkey_and_us``). Read as a label:

- a key made only of actors (and ``and``) is a list of proper names:
  ``turkey_and_us`` -> "Turkey and the United States", ``france_germany`` ->
  "France and Germany";
- any other key is a phrase in sentence case, with abbreviations and names
  kept as written: ``security_guarantees`` -> "Security guarantees",
  ``russia_war_cost`` -> "Russia war cost", ``nato`` -> "NATO".
"""

from __future__ import annotations

#: Actors of ``seeds/`` (and the short forms a spec may use), as written in a sentence.
NAMES = {
    "russia": "Russia",
    "ukraine": "Ukraine",
    "turkey": "Turkey",
    "france": "France",
    "germany": "Germany",
    "israel": "Israel",
    "belarus": "Belarus",
    "united_states": "the United States",
    "us": "the United States",
    "usa": "the United States",
    "eu": "the EU",
    "uk": "the United Kingdom",
    "un": "the UN",
}
#: Words inside a phrase that keep their own spelling (abbreviations, names).
WORDS = {
    "nato": "NATO",
    "eu": "EU",
    "us": "US",
    "usa": "USA",
    "uk": "UK",
    "un": "UN",
    "ks": "KS",
    **{k: v.removeprefix("the ") for k, v in NAMES.items() if "_" not in k and len(k) > 3},
}


def _actors(words: list[str]) -> list[str] | None:
    """The actors `words` name in turn (``and`` between them allowed), or None if any is not one."""
    found, i = [], 0
    while i < len(words):
        pair = "_".join(words[i : i + 2])
        if pair in NAMES and i + 1 < len(words):
            found.append(NAMES[pair])
            i += 2
        elif words[i] in NAMES:
            found.append(NAMES[words[i]])
            i += 1
        elif words[i] == "and" and found and i + 1 < len(words):
            i += 1
        else:
            return None
    return found or None


def name(key: str) -> str:
    """A key as written in the middle of a sentence.

    ``united_states`` -> "the United States"; ``turkey_and_us`` -> "Turkey and
    the United States"; ``france_germany_eu`` -> "France, Germany and the EU";
    ``security_guarantees`` -> "security guarantees".
    """
    words = [w for w in key.replace("-", "_").split("_") if w]
    actors = _actors([w.lower() for w in words])
    if actors is not None:
        return actors[0] if len(actors) == 1 else f"{', '.join(actors[:-1])} and {actors[-1]}"
    return " ".join(_phrase(words))


def _phrase(words: list[str]) -> list[str]:
    """Words of a phrase, names and abbreviations spelt as such (``united_states`` as one)."""
    out, i = [], 0
    while i < len(words):
        pair = "_".join(words[i : i + 2]).lower()
        if pair in NAMES and i + 1 < len(words):
            out.append(NAMES[pair].removeprefix("the "))
            i += 2
        else:
            out.append(WORDS.get(words[i].lower(), words[i]))
            i += 1
    return out


def pretty(key: str) -> str:
    """A key as a label or title: :func:`name` with its first letter in capitals.

    ``security_guarantees`` -> "Security guarantees"; ``united_states`` -> "The
    United States"; ``nato`` -> "NATO".
    """
    return capital(name(key))


def capital(text: str) -> str:
    """`text` with its first letter in capitals (the start of a label)."""
    return text[:1].upper() + text[1:]


def possessive(key: str) -> str:
    """An actor's name with its possessive: "Russia's", "the United States'"."""
    text = name(key)
    return f"{text}'" if text.endswith("s") else f"{text}'s"
