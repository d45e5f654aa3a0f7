import pytest

from sim.forecast.deu import DEU_ACTORS

HEADER = ["prnrnmc", "isnrnmc", *(f"p{a}" for a in DEU_ACTORS), *(f"s{a}" for a in DEU_ACTORS)]
HEADER += ["rp", "out"]


def deu_text(issues: list[dict[str, str]], capability: dict[str, str] | None = None) -> str:
    """A DEU III file: header, capability line (1 for every actor unless given), issues."""
    caps = {f"p{a}": "1" for a in DEU_ACTORS} | (capability or {})
    lines = [HEADER, [caps.get(col, "") for col in HEADER]]
    lines += [[issue.get(col, "") for col in HEADER] for issue in issues]
    return "\n".join(",".join(line) for line in lines) + "\n"


#: Three issues: two actors (com 0, ep 100), a three-actor one, one with no positions.
SMALL = [
    {"prnrnmc": "1", "isnrnmc": "1", "pcom": "0", "pep": "100", "scom": "50", "sep": "100",
     "out": "70"},
    {"prnrnmc": "1", "isnrnmc": "2", "pcom": "0", "pep": "50", "pde": "100", "scom": "100",
     "sep": "100", "out": "40"},
    {"prnrnmc": "3", "isnrnmc": "5", "out": ""},
]  # fmt: skip


@pytest.fixture
def small_deu(tmp_path):
    path = tmp_path / "small.csv"
    path.write_text(deu_text(SMALL, {"pde": "2"}))
    return path
