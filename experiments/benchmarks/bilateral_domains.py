"""The bilateral domains of the side-by-side benchmark, and peacesim's side of it.

No NegMAS here: fresh processes that time peacesim import this module only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from measure import best_of

from sim.calibration import calibrate_parties, load_scenario
from sim.core import AdditiveUtility, analyse_streamed, pareto_front, stream_utilities
from sim.core.alternating_offers import BOULWARE, CONCEDER, alternating_offers

ROOT = Path(__file__).resolve().parents[2]
PARTIES = ("russia", "ukraine")
TALKS_ISSUES = 8
#: The disagreement point of the talks domains (Russia, Ukraine): the 2022
#: reservation values of seeds/assumptions.toml before the model derived the
#: value of fighting on from beliefs (issue 14's measurements used them); a
#: benchmark parameter, not a calibration.
TALKS_DISAGREEMENT = (0.55, 0.45)
NEGOTIATIONS, STEPS = 200, 100


@dataclass(frozen=True)
class Domain:
    name: str
    parties: tuple[AdditiveUtility, AdditiveUtility]
    reservation: np.ndarray

    @property
    def size(self) -> int:
        return int(np.prod(self.parties[0].radices))

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "reservation": self.reservation.tolist(),
            "parties": [
                {
                    "weights": p.weights.tolist(),
                    "values": [v.tolist() for v in p.values],
                    "red_lines": None if p.red_lines is None else [m.tolist() for m in p.red_lines],
                }
                for p in self.parties
            ],
        }


def talks_parties(agenda: list[str] | None = None) -> tuple[AdditiveUtility, AdditiveUtility]:
    """Russia and Ukraine as calibrated for istanbul-2022, over `agenda` (default its first 8)."""
    scenario = load_scenario(ROOT / "scenarios" / "istanbul-2022.toml")
    agenda = agenda or list(scenario.agenda[:TALKS_ISSUES])
    positions = calibrate_parties(PARTIES, agenda, scenario.calibration_date)
    return tuple(positions[p].utility() for p in PARTIES)


def talks_domain() -> Domain:
    """Russia and Ukraine over the first eight istanbul-2022 issues, as of its calibration date."""
    return Domain(f"talks, {TALKS_ISSUES} issues", talks_parties(), np.array(TALKS_DISAGREEMENT))


def random_domain(exponent: int, seed: int = 0) -> Domain:
    """`exponent` issues of 10 levels, uniform values, Dirichlet weights, no red lines."""
    rng = np.random.default_rng(seed)
    parties = tuple(
        AdditiveUtility(
            rng.dirichlet(np.ones(exponent)), tuple(rng.uniform(size=10) for _ in range(exponent))
        )
        for _ in range(2)
    )
    return Domain(f"random 10^{exponent}", parties, np.array([0.4, 0.4]))


def utilities(domain: Domain) -> np.ndarray:
    """Every outcome's utilities, shape (n, 2)."""
    return np.concatenate([U for _, U in stream_utilities(domain.parties)], axis=1).T


def enumerated_front(domain: Domain) -> np.ndarray:
    U = utilities(domain)
    return U[pareto_front(U)]


def negotiations(domain: Domain) -> list[int | None]:
    """The agreements of 200 Boulware-against-Conceder negotiations of 100 steps."""
    return [
        alternating_offers(
            utilities(domain), (BOULWARE, CONCEDER), domain.reservation, STEPS
        ).agreement
        for _ in range(NEGOTIATIONS)
    ]


def analysis_seconds(exponent: int, repeat: int) -> float:
    """Scaling job (run by a fresh process): the streamed analysis of a random domain."""
    domain = random_domain(exponent)
    return best_of(repeat, lambda: analyse_streamed(domain.parties, domain.reservation))[0]


def imports_only() -> float:
    """Scaling baseline: a process that has imported peacesim and done nothing."""
    return 0.0
