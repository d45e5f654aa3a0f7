"""pyabc samplers whose generations do not depend on where or when a simulation ran.

pyabc's parallel samplers reseed every worker from the operating system's
entropy (``np.random.seed()``), so two identical fits differ. These keep
pyabc's evaluation-parallel scheme (``EPSMixin``, used by its
``ConcurrentFutureSampler`` and ``DaskDistributedSampler``): simulations are
numbered in the order they are started, run wherever a worker is free, and a
generation takes every simulation up to the n-th accepted one *in that
order*, whichever finished first (Klinger, Rickert & Hasenauer 2018, pyABC:
distributed, likelihood-free inference, Bioinformatics 34(20); the
start-order rule keeps fast simulations from biasing the sample). Here each
simulation first seeds numpy's and Python's global generators from the fit's
seed, the generation and its own number (:func:`seeded_batch`), so it
proposes the same particle and runs the same seed wherever it runs; the
generation is then a function of the fit's seed alone, in one process, on a
local pool or on a Dask cluster.

The number of evaluations stored for a generation is that of the
simulations it took (up to the n-th accepted one), which does not depend on
timing; simulations started past it and discarded are counted apart
(:attr:`SeededSampling.started`).
"""

from __future__ import annotations

import random
from concurrent.futures import Future
from typing import Any

import cloudpickle
import numpy as np
from pyabc.population import SampleFactory
from pyabc.sampler import ConcurrentFutureSampler, DaskDistributedSampler

from sim.sweeps.runner import IN_FLIGHT_PER_WORKER, Backend, DaskBackend, PoolBackend


def seeded_batch(
    seed: int, generation: int, simulate_pickle: bytes, _batch_size: int, numbers: list[int]
) -> list[tuple[Any, bool, int]]:
    """Run pyabc's `simulate_one` once per simulation number, each seeded by
    ``(seed, generation + 1, number)`` (the calibration sample is generation -1).

    Returns what ``EPSMixin`` expects of a job: ``(particle, accepted, number)``.
    """
    simulate_one = cloudpickle.loads(simulate_pickle)
    done = []
    for number in numbers:
        state = np.random.SeedSequence([seed, generation + 1, number]).generate_state(4)
        np.random.seed(state)  # noqa: NPY002 - pyabc draws from numpy's global state
        random.seed(int(state[0]))
        particle = simulate_one()
        done.append((particle, particle.accepted, number))
    return done


class InlineExecutor:
    """An executor that runs each call at once in this process (one worker)."""

    def submit(self, function, *args: Any, **kwargs: Any) -> Future:
        future: Future = Future()
        try:
            future.set_result(function(*args, **kwargs))
        except Exception as exc:  # handed to the caller through the future, as a pool would
            future.set_exception(exc)
        return future


class SeededClient:
    """An executor or Dask client as ``EPSMixin`` uses it, each job run by :func:`seeded_batch`."""

    def __init__(self, inner: Any, seed: int, dask: bool = False) -> None:
        self.inner = inner
        self.seed = seed
        self.generation = 0  # set by the sampler before each generation
        self.options = {"pure": False} if dask else {}

    def submit(self, _pyabc_function, simulate_pickle: bytes, batch_size: int, numbers: list[int]):
        return self.inner.submit(
            seeded_batch,
            self.seed,
            self.generation,
            simulate_pickle,
            batch_size,
            numbers,
            **self.options,
        )


class SeededSampling:
    """Mixed into pyabc's evaluation-parallel samplers (see the module docstring)."""

    client: SeededClient
    nr_evaluations_: int

    def setup(self, in_flight: int) -> None:
        # Rejected particles are kept so that a generation's evaluations can be counted.
        self.sample_factory = SampleFactory(record_rejected=True)
        self.in_flight = in_flight
        self.started = 0

    def client_cores(self) -> int:
        """Jobs kept in flight: a few per worker, so that no worker waits for the next."""
        return self.in_flight

    def sample_until_n_accepted(self, n, simulate_one, t, **kwargs):
        self.client.generation = t
        sample = super().sample_until_n_accepted(n, simulate_one, t, **kwargs)  # type: ignore[misc]
        self.started += self.nr_evaluations_
        self.nr_evaluations_ = len(sample.all_particles)
        return sample


class SeededFutureSampler(SeededSampling, ConcurrentFutureSampler):
    """pyabc's concurrent-futures sampler, seeded: a local pool or this process."""


class SeededDaskSampler(SeededSampling, DaskDistributedSampler):
    """pyabc's Dask sampler, seeded: a Dask cluster."""


class DaskExecutor:
    """A Dask client as an executor: every call is a new task (``pure=False``)."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def submit(self, function, *args: Any, **kwargs: Any):
        return self.client.submit(function, *args, pure=False, **kwargs)


def executor_of(backend: Backend) -> Any:
    """Something with ``submit`` on the sweeps' `backend`: its pool, its Dask client
    or this process."""
    if isinstance(backend, DaskBackend):
        return DaskExecutor(backend.client)
    return backend.executor() if isinstance(backend, PoolBackend) else InlineExecutor()


def seeded_sampler(backend: Backend, seed: int) -> SeededSampling:
    """The seeded sampler on the sweeps' `backend`: its pool, its Dask client, or this process."""
    in_flight = IN_FLIGHT_PER_WORKER * backend.workers
    sampler: SeededSampling
    if isinstance(backend, DaskBackend):
        sampler = SeededDaskSampler(dask_client=SeededClient(backend.client, seed, dask=True))
    else:
        sampler = SeededFutureSampler(cfuture_executor=SeededClient(executor_of(backend), seed))
    sampler.setup(in_flight if backend.workers > 1 else 1)
    return sampler
