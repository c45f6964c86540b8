"""Legislatures: the data ratification and durability both read.

Modules: :mod:`.jurisdictions` (each state's ratification routes, chambers, calendar and elections, and
their loader), :mod:`.parlgov` (the bundled ParlGov extract: dated seat shares and turnover rates),
:mod:`.legislature` (the seat composition of a chamber on a date) and :mod:`.stances` (each bloc's
support and cohesion on an instrument, from a ``servanda-stances/1`` file).

>>> from servanda.analyses.legislatures import load_jurisdiction
>>> load_jurisdiction("USA").route("treaty").stages[0].threshold.value
'two_thirds_present'
"""

from servanda.analyses.legislatures.jurisdictions import Jurisdiction, jurisdiction_for, load_jurisdiction
from servanda.analyses.legislatures.legislature import composition_at
from servanda.analyses.legislatures.stances import StanceSet, bundled_stances, empty_stances, load_stances

__all__ = [
    "Jurisdiction",
    "StanceSet",
    "bundled_stances",
    "composition_at",
    "empty_stances",
    "jurisdiction_for",
    "load_jurisdiction",
    "load_stances",
]
