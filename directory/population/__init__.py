"""The synthetic population: households of children for training, tests and benchmarks.

    populate(engine, children, seed, today=None) -> PopulationReport

Only synthetic data: real local authorities with invented schools, practices, people and
addresses, Ofcom drama telephone numbers and RFC 2606 e-mail domains.
"""

from __future__ import annotations

from directory.population.populate import populate
from directory.population.report import PopulationReport

__all__ = ["PopulationReport", "populate"]
