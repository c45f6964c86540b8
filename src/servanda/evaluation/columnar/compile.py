"""Compile an instrument's predicates into polars expressions over the canonical event frame.

Each predicate becomes one boolean expression, never null (a null column value makes an atom
False, exactly as the reference's ``is not None`` tests):

* ``event_class`` → ``is_in`` over the classes and groups expanded;
* ``actor`` / ``target`` / ``country`` → ``is_in`` over the literal codes, or over the parties a
  selector names *and* bound on the event's date: the party's accession (``joined``, else entry into
  force) on or before it and its withdrawal (``left``) after it, looked up per row with
  ``replace_strict`` (the first entry of a party wins, as in :meth:`Instrument.bound_on`);
  ``target`` tests the attacked state, ``target`` else ``country``;
* ``inside`` / ``outside`` → a precomputed boolean column per geometry (see :mod:`.spatial`);
  rows without coordinates are neither inside nor outside; with ``uncertain:``, the columns of the
  derived geometries (the geometry shrunk and grown by each precision radius,
  :func:`servanda.semantics.geometry.derived_name`) chosen per row by ``geo_precision``: certainly
  inside / certainly outside, exactly :func:`servanda.semantics.geometry.classify`;
* ``min_deaths`` → ``deaths >= n`` (missing deaths count as 0);
* ``on_target_territory`` → a country, and no target or the target equal to it;
* ``all`` / ``any`` / ``not`` → ``&`` / ``|`` / ``~`` (``all: []`` is True, ``any: []`` False).

Example:
    >>> from servanda.model.instrument import AllOf, EventClassIs, MinDeaths
    >>> import polars as pl
    >>> frame = pl.DataFrame({"event_class": ["shelling", "protest"], "deaths": [3, None]})
    >>> expr = predicate_expr(AllOf(all=[EventClassIs(event_class=["armed_attack"]), MinDeaths(min_deaths=2)]), None)
    >>> frame.select(expr.alias("m"))["m"].to_list()
    [True, False]
"""

from __future__ import annotations

from datetime import date
from typing import assert_never

import polars as pl

from servanda.model.instrument import (
    ActorIn,
    AllOf,
    AnyOf,
    CountryIn,
    EventClassIs,
    Inside,
    Instrument,
    MinDeaths,
    Not,
    OnTargetTerritory,
    Outside,
    Predicate,
    TargetIn,
)
from servanda.semantics.geometry import PRECISION_KM, RADII_KM, derived_name
from servanda.semantics.predicates import expand_classes

#: Instrument selectors, whose parties count only while bound (event selectors stay literal).
SELECTORS = ("$parties", "$guarantors", "$beneficiaries")
#: The attacked state: the target if given, else the country where the event happened.
ATTACKED = pl.coalesce(pl.col("target"), pl.col("country"))
_EARLIEST = date(1, 1, 1)
_LATEST = date(9999, 12, 31)


def geometry_column(name: str) -> str:
    """Name of the precomputed column that says whether a row lies inside geometry ``name``."""
    return f"__inside__{name}"


def placement_exprs(name: str) -> tuple[pl.Expr, pl.Expr]:
    """(certainly inside, certainly outside) of each located row against geometry ``name``, by precision."""
    precision = pl.col("geo_precision").fill_null(1)
    point = pl.col(geometry_column(name))
    radius = pl.lit(100.0)
    for level, km in sorted(PRECISION_KM.items(), reverse=True):
        radius = pl.when(precision == level).then(pl.lit(km)).otherwise(radius)
    inside = point
    outside = ~point
    for r in RADII_KM:
        core = pl.col(geometry_column(derived_name(name, "core", r)))
        hull = pl.col(geometry_column(derived_name(name, "hull", r)))
        inside = pl.when(radius == r).then(core).otherwise(inside)
        outside = pl.when(radius == r).then(~hull).otherwise(outside)
    located = pl.col("lon").is_not_null() & pl.col("lat").is_not_null()
    return (located & inside).fill_null(False), (located & outside).fill_null(False)


def party_expr(column: pl.Expr, refs: list[str], instrument: Instrument | None) -> pl.Expr:
    """Whether ``column`` names a code in ``refs`` (selectors: a party bound on the row's date)."""
    literals = [r for r in refs if r not in SELECTORS]
    selectors = [r for r in refs if r in SELECTORS]
    expr = column.is_in(literals) if literals else None
    if selectors and instrument is not None:
        members = instrument.expand(selectors, None)
        starts: dict[str, date] = {}
        ends: dict[str, date] = {}
        for party in instrument.parties:
            if party.state in members and party.state not in starts:
                starts[party.state] = party.joined or instrument.in_force or _EARLIEST
                ends[party.state] = party.left or _LATEST
        keys = list(starts)
        if keys:
            # the party's position in ``keys`` (null for any other code): one Enum cast, then the
            # accession (and withdrawal) dates gathered by position; null compares as False
            code = column.cast(pl.Enum(keys), strict=False).to_physical()
            first = pl.lit(pl.Series([starts[k] for k in keys], dtype=pl.Date)).gather(code)
            bound = pl.col("date") >= first
            if any(ends[k] < _LATEST for k in keys):
                last = pl.lit(pl.Series([ends[k] for k in keys], dtype=pl.Date)).gather(code)
                bound = bound & (pl.col("date") < last)
            expr = bound if expr is None else expr | bound.fill_null(False)
    return pl.lit(False) if expr is None else expr.fill_null(False)


def predicate_expr(predicate: Predicate, instrument: Instrument | None) -> pl.Expr:
    """A boolean polars expression that holds on exactly the rows ``predicate`` holds for."""
    match predicate:
        case AllOf():
            parts = [predicate_expr(part, instrument) for part in predicate.all]
            return pl.all_horizontal(parts) if parts else pl.lit(True)
        case AnyOf():
            parts = [predicate_expr(part, instrument) for part in predicate.any]
            return pl.any_horizontal(parts) if parts else pl.lit(False)
        case Not():
            return ~predicate_expr(predicate.not_, instrument)
        case EventClassIs():
            classes = sorted(c.value for c in expand_classes(predicate.event_class))
            return pl.col("event_class").is_in(classes).fill_null(False)
        case ActorIn():
            return party_expr(pl.col("actor"), list(predicate.actor), instrument)
        case TargetIn():
            return party_expr(ATTACKED, list(predicate.target), instrument)
        case CountryIn():
            return party_expr(pl.col("country"), list(predicate.country), instrument)
        case Inside() | Outside():
            name = predicate.inside if isinstance(predicate, Inside) else predicate.outside
            located = pl.col("lon").is_not_null() & pl.col("lat").is_not_null()
            if predicate.uncertain is None:
                point = pl.col(geometry_column(name))
                return point if isinstance(predicate, Inside) else located & ~point
            inside, outside = placement_exprs(name)
            if isinstance(predicate, Inside):
                return inside if predicate.uncertain == "ignore" else located & ~outside
            return outside if predicate.uncertain == "ignore" else located & ~inside
        case MinDeaths():
            return pl.col("deaths").fill_null(0) >= predicate.min_deaths
        case OnTargetTerritory():
            country = pl.col("country")
            return (
                country.is_not_null() & (pl.col("target").is_null() | (pl.col("target") == country))
            ).fill_null(False)
        case _:
            assert_never(predicate)


def necessary_expr(predicate: Predicate, instrument: Instrument | None) -> pl.Expr | None:
    """A cheap test that every row ``predicate`` holds for passes (``None``: no such test).

    Filtering on it first lets the full predicate run on fewer rows: class and code memberships
    (selectors as the set of their parties, dates aside) and death counts; ``all`` keeps the parts
    that have one, ``any`` needs one for every part.

    >>> from servanda.model.instrument import EventClassIs, Not
    >>> necessary_expr(Not(not_=EventClassIs(event_class=["cyber_attack"])), None) is None
    True
    """
    match predicate:
        case AllOf():
            found = [e for e in (necessary_expr(p, instrument) for p in predicate.all) if e is not None]
            return pl.all_horizontal(found) if found else None
        case AnyOf():
            parts = [necessary_expr(p, instrument) for p in predicate.any]
            found = [p for p in parts if p is not None]
            return pl.any_horizontal(found) if found and len(found) == len(parts) else None
        case EventClassIs() | MinDeaths():
            return predicate_expr(predicate, instrument)
        case ActorIn():
            return _members(pl.col("actor"), predicate.actor, instrument)
        case TargetIn():
            return _members(ATTACKED, predicate.target, instrument)
        case CountryIn():
            return _members(pl.col("country"), predicate.country, instrument)
        case _:
            return None


def _members(column: pl.Expr, refs: list[str], instrument: Instrument | None) -> pl.Expr | None:
    """``column`` names one of ``refs`` or a party a selector among them names (dates aside)."""
    codes = {r for r in refs if r not in SELECTORS}
    selectors = [r for r in refs if r in SELECTORS]
    if selectors:
        if instrument is None:
            return None
        codes |= set(instrument.expand(selectors, None))
    return column.is_in(sorted(codes)).fill_null(False)
