"""Analyses built on the instrument model: compare, ATOP coding, credibility, packages, ratification,
durability.

Their diagnostic codes (R5xx ratification, D6xx durability, C7xx credibility, P8xx packages) are part of
the one static catalogue in :mod:`servanda.diagnostics.catalogue`; importing this package has no side
effect.
"""
