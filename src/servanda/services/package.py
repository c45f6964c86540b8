"""``package``: which obligations of a package of guarantees activate in a scenario, and how likely.

Example:
    >>> out = package("examples/ukraine-2025", attack_at="35.14,47.84", date="2026-03-05", actor="RUS")
    >>> len(out.answers), out.to_json()["answers"][0]["scenario"]["label"] != ""
    (1, True)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

from servanda.diagnostics import Diagnostic, ServandaError
from servanda.services._inputs import require_name
from servanda.services.errors import ServiceError, translated
from servanda.services.evaluate import check_engine, engine_session

if TYPE_CHECKING:
    from servanda.analyses.packages.answer import PackageAnswer
    from servanda.analyses.packages.model import Package
    from servanda.analyses.packages.scenario import Scenario

MARGINALS = ("auto", "model", "reference")


def _error(code: str, message: str, location: str, hint: str, exit_code: int) -> ServiceError:
    return ServiceError([Diagnostic(code, message, location, hint=hint)], exit_code=exit_code)


@dataclass
class PackageResult:
    """One answer per scenario, the package's warnings, rejected scenario rows, and the texts to render them."""

    package: Package
    answers: list[PackageAnswer]
    warnings: list[Any] = field(default_factory=list)
    texts: dict[str, str | None] = field(default_factory=dict)

    @property
    def events_rejected(self) -> int:
        """Scenario rows rejected (each explained in the answer's scenario)."""
        return sum(a.scenario.counts.rejected for a in self.answers if a.scenario.counts is not None)

    @property
    def diagnostics(self) -> list[Any]:
        """Package warnings, then each answer's notes, without repeats."""
        seen: set[tuple[str, str]] = set()
        out = []
        for d in [*self.warnings, *(d for a in self.answers for d in a.diagnostics)]:
            if (d.code, d.message) not in seen:
                seen.add((d.code, d.message))
                out.append(d)
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "answers": [a.to_json() for a in self.answers],
            "diagnostics": [d.to_json() for d in self.warnings],
        }


def _scenarios(
    folder: Path,
    scenario: Path | None,
    attack_at: str | None,
    date: str | None,
    beneficiary: str,
    **attack: Any,
) -> list[Scenario]:
    from servanda.analyses.packages.scenario import SCENARIO_FORMAT, attack_scenario, load_scenario
    from servanda.io.reader import read_head

    out: list[Scenario] = []
    if scenario is not None:
        out.append(load_scenario(scenario))
    if attack_at is not None or date is not None:
        if attack_at is None:
            raise ServandaError(
                [
                    Diagnostic(
                        "P814",
                        "`--date` needs `--attack-at LON,LAT`",
                        "--date",
                        hint="e.g. `--attack-at 35.14,47.84 --date 2026-03-05`",
                    )
                ]
            )
        out.append(attack_scenario(attack_at, date, beneficiary=beneficiary, **attack))
    if not out:
        found = sorted((folder / "scenarios").glob("*.y*ml")) if (folder / "scenarios").is_dir() else []
        for path in found:
            head = read_head(path, 3000)
            if f"format: {SCENARIO_FORMAT}" in head:
                out.append(load_scenario(path))
    return out


def package(
    path: str | Path,
    *,
    scenario: str | Path | None = None,
    attack_at: str | None = None,
    date: str | None = None,
    actor: str | None = None,
    event_class: str = "missile_strike",
    deaths: int = 0,
    target: str | None = None,
    country: str | None = None,
    correlation: float = 0.0,
    marginals: str = "auto",
    level: float = 0.9,
    engine: str | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
) -> PackageResult:
    """Analyse a package (folder or ``package.yaml``) in a scenario file, one attack, or its bundled scenarios.

    Usage errors (exit 2): P815 (option out of range), P813 (no scenario file), P801 (no package), P812
    (no scenario at all). An invalid package or scenario raises its P8xx diagnostics (exit 1).

    The scenario is a file (``scenario``), one attack (``attack_at="LON,LAT"``, ``date``, ``actor`` ...),
    or else the package's own ``scenarios/`` folder. ``correlation`` is between guarantors (0–1);
    ``marginals`` is ``auto``, ``model`` or ``reference``; ``level`` the interval level.
    ``engine="dask"`` evaluates on one Dask cluster for every scenario (``workers`` local processes,
    default 2, or the ``scheduler`` at that address; V950/V951 when unreachable or malformed).

    >>> result = package("examples/ukraine-2025", attack_at="35.14,47.84", date="2026-03-05", actor="RUS")
    >>> len(result.answers), result.events_rejected
    (1, 0)
    """
    from servanda.analyses.packages.answer import analyse
    from servanda.analyses.packages.model import load_package
    from servanda.analyses.packages.scenario import SCENARIO_FORMAT

    require_name(path, "package")
    engine = check_engine(engine)
    if not 0.0 <= correlation <= 1.0:
        raise _error(
            "P815",
            f"`--correlation {correlation:g}` is outside [0, 1]",
            "--correlation",
            "pass e.g. `--correlation 0.3`",
            2,
        )
    if not 0.0 < level < 1.0:
        raise _error(
            "P815", f"`--level {level:g}` is outside (0, 1)", "--level", "pass e.g. `--level 0.9`", 2
        )
    if marginals not in MARGINALS:
        raise _error(
            "P815",
            f"`--marginals {marginals}` is not one of {', '.join(MARGINALS)}",
            "--marginals",
            "pass `--marginals auto`",
            2,
        )
    scenario_path = Path(scenario) if scenario is not None else None
    if scenario_path is not None and not scenario_path.is_file():
        raise _error(
            "P813",
            f"no scenario file `{scenario_path}`",
            str(scenario_path),
            "pass an events file (.yaml with `events:`), or `--attack-at LON,LAT --date YYYY-MM-DD`",
            2,
        )
    loaded = load_package(path)
    if not loaded.ok or loaded.package is None:
        # A missing package is a usage error (exit 2, like `check`); an invalid one exits 1.
        missing = any(d.code == "P801" for d in loaded.diagnostics)
        raise ServiceError(loaded.diagnostics, loaded.texts, 2 if missing else 1)
    pkg = loaded.package
    with translated(exit_code=1):
        scenarios = _scenarios(
            pkg.file.parent,
            scenario_path,
            attack_at,
            date,
            pkg.beneficiary,
            actor=actor,
            event_class=event_class,
            deaths=deaths,
            target=target,
            country=country,
        )
    if not scenarios:
        raise _error(
            "P812",
            "no scenario: give `--scenario FILE` or `--attack-at LON,LAT --date YYYY-MM-DD`",
            str(pkg.file),
            f"or put scenario files (format {SCENARIO_FORMAT}) in {pkg.file.parent / 'scenarios'}",
            2,
        )
    chosen = cast(Literal["auto", "model", "reference"], marginals)
    answers = []
    with engine_session(engine, scheduler, workers), translated(exit_code=2):
        for s in scenarios:
            answers.append(analyse(pkg, s, rho=correlation, marginals=chosen, level=level, engine=engine))
    warnings = [d for d in loaded.diagnostics if d.severity == "warning"]
    return PackageResult(pkg, answers, warnings, dict(loaded.texts))
