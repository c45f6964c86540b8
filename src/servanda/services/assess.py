"""``assess``: one chained answer — will each guarantor be bound, still bound, and honour, by an attack date?

For each guarantor of a package whose duties activate in an attack, and for the package: P(ratified by the
attack date) × P(still in force then | ratified) × P(honoured | in force, attack), every factor kept
visible, and P(at least k of n deliver) under an explicit correlation (default estimated from
Berkemeier & Fuhrmann 2018, see ``docs/assess.md``) with its sensitivity over 0…1.

Example:
    >>> out = assess("examples/ukraine-2025", on="2026-12-01", horizon="2028-12-01")
    >>> out.chain.n, out.chain.at.isoformat(), 0.0 <= out.chain.at_least()[1] <= 1.0
    (6, '2028-12-01', True)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from servanda.diagnostics import Diagnostic
from servanda.services._inputs import require_name
from servanda.services.errors import ServiceError, translated

if TYPE_CHECKING:
    from servanda.analyses.assess.chain import PackageChain

#: Default attack date: this many years after the analysis date.
DEFAULT_YEARS = 2.0


def _usage(code: str, message: str, location: str, hint: str) -> ServiceError:
    return ServiceError([Diagnostic(code, message, location, hint=hint)], exit_code=2)


def _date(value: date | datetime | str, option: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise _usage(
            "P818", f"`{option} {value}` is not a date", option, "write YYYY-MM-DD, e.g. 2028-12-01"
        ) from None


def attack_date(on: date, horizon: float | date | datetime | str) -> date:
    """The attack date: ``horizon`` itself if it is a date, else ``horizon`` years after ``on`` (P818).

    >>> attack_date(date(2026, 12, 1), 2.0)
    datetime.date(2028, 11, 30)
    """
    from servanda.analyses.durability.model import MAX_HORIZON_YEARS

    if isinstance(horizon, bool):
        raise TypeError("horizon must be a number of years, a date or an ISO date string, not a bool")
    if isinstance(horizon, int | float):
        if not math.isfinite(horizon) or not 0 <= horizon <= MAX_HORIZON_YEARS:
            raise _usage(
                "P818",
                f"a horizon of `{horizon:g}` years is outside 0..{MAX_HORIZON_YEARS}",
                "--at",
                "pass the attack date with `--at YYYY-MM-DD`",
            )
        return on + timedelta(days=round(float(horizon) * 365.25))
    at = _date(horizon, "--at")
    if at < on:
        raise _usage(
            "P818",
            f"the attack date {at.isoformat()} is before the analysis date {on.isoformat()}",
            "--at",
            "pass an attack date on or after `--on` (the chain looks forward)",
        )
    if (at - on).days > MAX_HORIZON_YEARS * 365.25:
        raise _usage(
            "P818",
            f"the attack date {at.isoformat()} is more than {MAX_HORIZON_YEARS} years after {on.isoformat()}",
            "--at",
            f"pass a date within {MAX_HORIZON_YEARS} years of the analysis date",
        )
    return at


@dataclass
class AssessResult:
    """The chained answer, the scenario that decided which duties activate, and the diagnostics."""

    chain: PackageChain
    scenario: str
    diagnostics: list[Any] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """JSON-ready mapping (format ``servanda-assess/1``)."""
        return {
            **self.chain.to_json(),
            "scenario": self.scenario,
            "diagnostics": [d.to_json() for d in self.diagnostics],
        }


def assess(
    package_dir: str | Path,
    *,
    on: date | datetime | str | None = None,
    horizon: float | date | datetime | str = DEFAULT_YEARS,
    correlation: float | None = None,
    k: int | None = None,
    scenario: str | Path | None = None,
    stances: str | Path | None = None,
    level: float = 0.9,
    priors: Mapping[str, float] | None = None,
) -> AssessResult:
    """Chained P(ratified by the attack) × P(in force | ratified) × P(honoured | in force) per guarantor,
    and P(at least k of n deliver) under the correlation ``correlation`` (default: the shipped estimate).

    ``on`` is the analysis date (default today); ``horizon`` the attack date, or years after ``on``
    (default 2). ``scenario`` is the attack (an events file; default the package's own scenarios, the
    first in which some duty activates) and decides only *which* duties activate. ``priors`` maps an
    obligation type (``military_aid``, ``economic_aid``, ``sanctions``, ``consultation``, ``armed_defence``)
    to your own P(honoured). Usage errors (exit 2): P815 (correlation, level), P818 (dates, k, priors).

    >>> r = assess("examples/ukraine-2025", on="2026-12-01", correlation=0.0, k=6)
    >>> r.chain.rho, r.chain.k, r.chain.rho_source
    (0.0, 6, 'given')
    """
    from servanda.analyses.assess.chain import chain
    from servanda.analyses.assess.correlation import default_correlation
    from servanda.analyses.assess.honour import TYPES
    from servanda.services.package import package
    from servanda.services.ratify import ratify

    require_name(package_dir, "package")
    if correlation is not None and not (math.isfinite(correlation) and 0.0 <= correlation <= 1.0):
        raise _usage(
            "P815",
            f"`--correlation {correlation:g}` is outside [0, 1]",
            "--correlation",
            "pass e.g. `--correlation 0.3`",
        )
    if not 0.0 < level < 1.0:
        raise _usage("P815", f"`--level {level:g}` is outside (0, 1)", "--level", "pass e.g. `--level 0.9`")
    for kind, value in (priors or {}).items():
        if kind not in TYPES or not (isinstance(value, int | float) and 0.0 <= value <= 1.0):
            raise _usage(
                "P818",
                f"prior `{kind}={value}` is not an obligation type with a probability in [0, 1]",
                "--prior",
                "use one of " + ", ".join(TYPES) + " with a value between 0 and 1",
            )
    on_day = date.today() if on is None else _date(on, "--on")
    at = attack_date(on_day, horizon)
    answers = package(package_dir, scenario=scenario, level=level)
    chosen = next((a for a in answers.answers if a.triggered), None)
    if chosen is None:
        labels = ", ".join(a.scenario.label for a in answers.answers)
        raise ServiceError(
            [
                Diagnostic(
                    "P819",
                    f"no guarantor's duty activates in the scenario(s) {labels}: nothing to assess",
                    str(package_dir),
                    hint="pass an attack with `--scenario FILE` (events that trigger the package's obligations)",
                )
            ],
            exit_code=1,
        )
    ratified = ratify(package_dir, stances=stances, as_of=on_day)
    analysis = ratified.analysis
    assert analysis is not None  # a package is never a historical case file
    since = {f["instrument"]: date.fromisoformat(f["in_force_since"]) for f in analysis.in_force}
    defaults = default_correlation()
    rho = defaults.default if correlation is None else float(correlation)
    n = len(chosen.triggered)
    if k is not None and not 1 <= k <= n:
        raise _usage(
            "P818",
            f"`--k {k}` is outside 1..{n} (guarantors with an activated duty)",
            "--k",
            f"pass 1 <= k <= {n}",
        )
    with translated(exit_code=1):
        result = chain(
            analysis.package.name,
            on_day,
            at,
            analysis.package.results,
            since,
            analysis.stances,
            chosen.guarantors,
            rho=rho,
            rho_source="default" if correlation is None else "given",
            correlation=defaults,
            k=k if k is not None else 1,
            level=level,
            priors=priors,
        )
    seen: set[tuple[str, str]] = set()
    diagnostics = []
    for d in [*result.diagnostics, *answers.diagnostics, *analysis.diagnostics]:
        # P816 (not yet in force) is what the chain models: its ratification factor says how likely entry is.
        if (d.code, d.message) not in seen and d.severity != "note" and d.code != "P816":
            seen.add((d.code, d.message))
            diagnostics.append(d)
    return AssessResult(result, chosen.scenario.label, diagnostics)
