"""What the instrument language means, once: predicates, selectors, geometries, time windows, cases.

Sits above :mod:`servanda.model` and below :mod:`servanda.language` and :mod:`servanda.evaluation`.
The checker's witness search, the evaluators and the analyses (ATOP, compare, packages) all ask
these modules, so a predicate holds, is described and is case-split in exactly one place:

* :mod:`~servanda.semantics.predicates` — truth of a predicate on one event (:func:`holds`), its
  atoms, its short description, the geometries it tests; dispatch is by predicate type;
* :mod:`~servanda.semantics.selectors` — `$parties`, `$guarantors`, `$beneficiaries` and the
  firing-relative `$target` / `$other_parties`, with membership dates;
* :mod:`~servanda.semantics.geometry` — named geometries (GeoJSON, shapely; boundary is inside);
* :mod:`~servanda.semantics.time` — `counts_from`, rolling windows, due instants;
* :mod:`~servanda.semantics.cases` — symbolic case analysis (disjunctive normal form of triggers);
* :mod:`~servanda.semantics.obligations` — when two obligations oppose each other.

Example:
    >>> from servanda.model.instrument import MinDeaths
    >>> from servanda.semantics.predicates import describe
    >>> describe(MinDeaths(min_deaths=3))
    'min_deaths 3'
"""
