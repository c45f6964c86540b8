"""Stances: each bloc's support probability and cohesion on one instrument, as an input file.

A stance file (``servanda-stances/1``) gives, per jurisdiction, per bloc, ``support`` (the
probability a member of the bloc votes for the instrument) and ``cohesion`` (in (0, 1]; the
intra-class correlation of members' votes, see :mod:`servanda.analyses.ratification.votes`), with a rationale. Blocs not listed
fall back, in order, to the jurisdiction's ``families`` entry for the bloc's ParlGov party
family, its ``government``/``opposition`` entry, the file's ``defaults`` and the global defaults
in ``_model_parameters.yaml``. Durability inputs (``p_oppose_after_turnover``) and agenda
overrides live in the same file.

Example:
    >>> s = parse_stances({"format": "servanda-stances/1", "id": "t", "jurisdictions":
    ...     {"USA": {"blocs": {"R": {"support": 0.6, "cohesion": 0.5}}}}}, "t.yaml")
    >>> s.bloc("USA", "R", None, False).support
    0.6
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from servanda.analyses.legislatures.jurisdictions import (
    Election,
    jurisdiction_codes,
    locate,
    model_parameters,
    read_yaml,
    schema_diagnostics,
    unknown_jurisdiction,
)
from servanda.diagnostics import Diagnostic, ServandaError
from servanda.io.yaml_source import SourceDocument
from servanda.model.periods import BoundedDate


class _S(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BlocStance(_S):
    """Support probability and cohesion of one bloc."""

    support: float
    cohesion: float
    rationale: str | None = None


class AgendaOverride(_S):
    """Instrument-specific changes to a jurisdiction's agenda-setter delay."""

    routine_median_days: float | None = Field(default=None, gt=0)
    holdout_probability: float | None = None
    holdout_median_days: float | None = Field(default=None, gt=0)
    rationale: str | None = None


class JurisdictionStance(_S):
    """Stance inputs for one jurisdiction."""

    rationale: str | None = None
    sources: list[str] = Field(default_factory=list)
    blocs: dict[str, BlocStance] = Field(default_factory=dict)
    families: dict[str, BlocStance] = Field(default_factory=dict)
    government: BlocStance | None = None
    opposition: BlocStance | None = None
    options: dict[str, bool] = Field(default_factory=dict)
    agenda: AgendaOverride | None = None
    bypass_probability: float | None = Field(
        default=None, description="Overrides every stage's waiver probability."
    )
    p_oppose_after_turnover: float | None = None
    p_turnover: float | None = None
    prepared: bool = Field(
        default=False,
        description="Approval prepared before signature (parliament consents within 7 days); time to ratify.",
    )
    government_defeat: float | None = Field(
        default=None,
        description="P(a governing party turns against its own government's instrument); default "
        "`government_defeat_prior` (_model_parameters.yaml); 1 keeps the stances as written.",
    )
    elections: list[Election] | None = Field(
        default=None,
        description="Replaces the bundled election calendar (checked strictly: D601 if in the past).",
    )


class Defaults(_S):
    """File-wide fallbacks."""

    government: BlocStance | None = None
    opposition: BlocStance | None = None
    families: dict[str, BlocStance] = Field(default_factory=dict)
    p_oppose_after_turnover: float | None = None
    government_defeat: float | None = None


class StanceSet(_S):
    """A stance file."""

    format: str = "servanda-stances/1"
    id: str
    title: str | None = None
    illustrative: bool = True
    assumption_note: str | None = None
    as_of: BoundedDate | None = None
    priority: str = "normal"
    defaults: Defaults = Field(default_factory=Defaults)
    jurisdictions: dict[str, JurisdictionStance] = Field(default_factory=dict)
    _where: str | None = PrivateAttr(default=None)
    _document: SourceDocument | None = PrivateAttr(default=None)

    def locate(self, diagnostics: list[Diagnostic], code: str) -> list[Diagnostic]:
        """Findings about jurisdiction ``code``'s entry (written against ``"stances: a.b"``) located in
        the stance file this set was read from (``file:line:col``)."""
        if self._where is None:
            return diagnostics
        moved = [
            replace(d, file=f"{self._where}: jurisdictions.{code}.{d.file.partition(': ')[2]}")
            if d.span is None and d.file.startswith("stances: ")
            else d
            for d in diagnostics
        ]
        return locate(moved, self._where, self._document)

    def for_jurisdiction(self, code: str) -> JurisdictionStance:
        """The stance entry of a jurisdiction (empty if none)."""
        return self.jurisdictions.get(code, JurisdictionStance())

    def bloc(self, code: str, bloc_id: str, family: str | None, government: bool) -> BlocStance:
        """Resolve the stance of one bloc through the fallback chain."""
        js = self.for_jurisdiction(code)
        if bloc_id in js.blocs:
            return js.blocs[bloc_id]
        if family and family in js.families:
            return js.families[family]
        side = js.government if government else js.opposition
        if side is not None:
            return side
        if family and family in self.defaults.families:
            return self.defaults.families[family]
        side = self.defaults.government if government else self.defaults.opposition
        if side is not None:
            return side
        return global_default(government)

    def government_defeat(self, code: str) -> float:
        """Cap on P(a governing party of ``code`` turns against its own government's instrument).

        >>> empty_stances().government_defeat("JPN")
        0.03
        """
        value = self.for_jurisdiction(code).government_defeat
        if value is None:
            value = self.defaults.government_defeat
        if value is None:
            value = float(model_parameters()["government_defeat_prior"]["value"])
        return value

    def p_oppose(self, code: str) -> float | None:
        """P(a new government opposes the instrument), if given."""
        value = self.for_jurisdiction(code).p_oppose_after_turnover
        return value if value is not None else self.defaults.p_oppose_after_turnover


def global_default(government: bool) -> BlocStance:
    """The global default stance for government or opposition blocs (``_model_parameters.yaml``)."""
    d = model_parameters()["default_stance"]["government" if government else "opposition"]
    return BlocStance(
        support=float(d["support"]), cohesion=float(d["cohesion"]), rationale=d.get("rationale")
    )


def empty_stances() -> StanceSet:
    """A stance set with no entries (global defaults everywhere)."""
    return StanceSet(id="defaults", illustrative=True, assumption_note="global defaults only")


def _check_bloc(b: BlocStance, where: str, out: list[Diagnostic]) -> None:
    if not 0.0 <= b.support <= 1.0:
        out.append(
            Diagnostic(
                "R504",
                f"support {b.support!r} is outside [0, 1]",
                where,
                hint="write support as a probability, e.g. 0.8 (not 80)",
            )
        )
    if not 0.0 < b.cohesion <= 1.0:
        out.append(
            Diagnostic(
                "R504",
                f"cohesion {b.cohesion!r} is outside (0, 1]",
                where,
                hint="cohesion is an intra-class correlation: 1 = votes as one, near 0 = independent",
            )
        )


def parse_stances(data: Any, where: str, document: SourceDocument | None = None) -> StanceSet:
    """Validate a stance mapping; bad input becomes coded diagnostics (R501, R504, R506), located at
    ``file:line:col`` when the ``document`` it was read from is given."""
    texts = {where: document.text if document else None}
    try:
        ss = StanceSet.model_validate(data)
    except ValidationError as exc:
        fix = "see docs/ratification.md, 'Stance files'"
        raise ServandaError(schema_diagnostics(exc, where, document, StanceSet, fix), texts) from None
    diags: list[Diagnostic] = []
    known = set(jurisdiction_codes())
    for side in ("government", "opposition"):
        b = getattr(ss.defaults, side)
        if b is not None:
            _check_bloc(b, f"{where}: defaults.{side}", diags)
    for fam, b in ss.defaults.families.items():
        _check_bloc(b, f"{where}: defaults.families.{fam}", diags)
    for code, js in ss.jurisdictions.items():
        at = f"{where}: jurisdictions.{code}"
        if code not in known:
            diags.append(unknown_jurisdiction(code, at))
        for bid, b in js.blocs.items():
            _check_bloc(b, f"{at}.blocs.{bid}", diags)
        for fam, b in js.families.items():
            _check_bloc(b, f"{at}.families.{fam}", diags)
        for side in ("government", "opposition"):
            b = getattr(js, side)
            if b is not None:
                _check_bloc(b, f"{at}.{side}", diags)
        for name in ("bypass_probability", "p_oppose_after_turnover", "p_turnover", "government_defeat"):
            v = getattr(js, name)
            if v is not None and not 0.0 <= v <= 1.0:
                code_ = "D602" if name.startswith("p_") else "R504"
                diags.append(
                    Diagnostic(
                        code_,
                        f"{name} {v!r} is outside [0, 1]",
                        f"{at}.{name}",
                        hint="write a probability between 0 and 1",
                    )
                )
        if js.agenda is not None and js.agenda.holdout_probability is not None:
            hp = js.agenda.holdout_probability
            if not 0.0 <= hp <= 1.0:
                diags.append(
                    Diagnostic(
                        "R504",
                        f"holdout_probability {hp!r} is outside [0, 1]",
                        f"{at}.agenda",
                        hint="write a probability between 0 and 1",
                    )
                )
    v = ss.defaults.p_oppose_after_turnover
    if v is not None and not 0.0 <= v <= 1.0:
        diags.append(
            Diagnostic(
                "D602",
                f"p_oppose_after_turnover {v!r} is outside [0, 1]",
                f"{where}: defaults",
                hint="write a probability between 0 and 1",
            )
        )
    if ss.priority not in model_parameters()["priority_multiplier"]:
        diags.append(
            Diagnostic(
                "R506",
                f"unknown priority `{ss.priority}`",
                f"{where}: priority",
                hint="use one of: " + ", ".join(model_parameters()["priority_multiplier"]),
            )
        )
    if diags:
        raise ServandaError(locate(diags, where, document), texts)
    ss._where, ss._document = where, document
    return ss


def load_stances(path: str | Path) -> StanceSet:
    """Load and validate a stance file."""
    doc = read_yaml(path)
    return parse_stances(doc.data, str(path), doc)


def bundled_stances(name: str) -> StanceSet:
    """A stance file shipped in ``servanda/data/stances/<name>.yaml``."""
    from importlib import resources

    where = f"data/stances/{name}.yaml"
    doc = read_yaml(resources.files("servanda").joinpath("data", "stances", f"{name}.yaml"), where=where)
    return parse_stances(doc.data, where, doc)
