"""Durability: P(a guarantee is still in force at year t) from election calendars and exit difficulty.

See :mod:`servanda.analyses.durability.model` (the exact Markov chain) and
``docs/durability.md``.
"""

from servanda.analyses.durability.analysis import (
    DurabilityResult,
    analyse_durability,
    analyse_durability_all,
)
from servanda.analyses.durability.model import DurabilityInputs, SurvivalCurve, inputs_for, survival

__all__ = [
    "DurabilityInputs",
    "DurabilityResult",
    "SurvivalCurve",
    "analyse_durability",
    "analyse_durability_all",
    "inputs_for",
    "survival",
]
