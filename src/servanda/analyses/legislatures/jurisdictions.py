"""Jurisdiction library: each state's ratification routes, legislature, calendar and elections.

One YAML file per state lives in ``servanda/data/jurisdictions/<ISO3>.yaml``. A file maps the
legal forms the state supports (``treaty``, ``statute``, ...) to a *route*: an ordered list of
stages (chamber votes with thresholds, negative procedures, upper-house delays, optional
constitutional review, executive ratification, deposit). Every stage, composition and election
carries its ``source`` and a ``verified`` flag.

Example:
    >>> usa = load_jurisdiction("USA")
    >>> [s.kind.value for s in usa.route("treaty").stages][:1]
    ['vote']
    >>> usa.route("treaty").stages[0].threshold.value
    'two_thirds_present'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from enum import StrEnum
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from servanda.diagnostics import Diagnostic, ServandaError
from servanda.io.yaml_source import SourceDocument, read_source
from servanda.language.loader import validation_diagnostics
from servanda.model.vocabulary import LegalFormKind


def data_root() -> Traversable:
    """The bundled ``servanda/data/jurisdictions`` folder."""
    return resources.files("servanda").joinpath("data", "jurisdictions")


class ThresholdKind(StrEnum):
    """How many yes votes a chamber vote needs."""

    MAJORITY_OF_VOTES_CAST = "majority_of_votes_cast"
    MAJORITY_OF_MEMBERS = "majority_of_members"
    TWO_THIRDS_PRESENT = "two_thirds_present"
    TWO_THIRDS_OF_MEMBERS = "two_thirds_of_members"
    THREE_FIFTHS_OF_MEMBERS = "three_fifths_of_members"


class StageKind(StrEnum):
    """What a stage of a ratification route is."""

    VOTE = "vote"
    NEGATIVE_PROCEDURE = "negative_procedure"
    UPPER_HOUSE_DELAY = "upper_house_delay"
    CONSTITUTIONAL_REVIEW = "constitutional_review"
    EXECUTIVE_SIGNATURE = "executive_signature"
    EXECUTIVE_RATIFICATION = "executive_ratification"
    DEPOSIT = "deposit"


class DayUnit(StrEnum):
    """Whether a stage's duration counts calendar days or sitting days of the legislature."""

    CALENDAR = "calendar"
    SITTING = "sitting"


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Stage(_Data):
    """One step of a route. Durations: ``min_days`` plus a discretised log-normal extra.

    ``probability`` is the chance the stage happens at all (e.g. a constitutional-review
    referral, or an objection vote under a negative procedure); ``p_block`` the chance it stops
    the instrument when it happens; ``bypass_probability`` the chance an executive waiver skips
    its waiting period (CRaG s.22, Canada's tabling-policy waiver).
    """

    kind: StageKind
    name: str | None = None
    chamber: str | None = None
    threshold: ThresholdKind | None = None
    cloture: ThresholdKind | None = Field(
        default=None, description="Extra threshold applied when the route option `cloture` is on (US Senate)."
    )
    min_days: int = Field(default=0, ge=0)
    median_extra_days: float = Field(default=0.0, ge=0)
    sigma: float = Field(default=0.6, gt=0)
    cap_days: int | None = Field(default=None, ge=0, description="Hard limit, e.g. Japan's 30-day rule.")
    cap_excludes_recess: bool = Field(
        default=False,
        description="The cap counts calendar days outside the calendar's recesses (Japan, Art. 60(2): "
        "'the period of recess excluded').",
    )
    unit: DayUnit = DayUnit.CALENDAR
    probability: float = 1.0
    p_block: float = 0.0
    bypass_probability: float = 0.0
    source: str
    verified: bool = True
    note: str | None = None

    @property
    def label(self) -> str:
        """Short human label, e.g. ``senate vote (two_thirds_present)``."""
        if self.name:
            return self.name
        if self.kind is StageKind.VOTE:
            return f"{self.chamber} vote ({self.threshold.value if self.threshold else '?'})"
        if self.chamber:
            return f"{self.chamber} {self.kind.value.replace('_', ' ')}"
        return self.kind.value.replace("_", " ")


class Route(_Data):
    """The stages one legal form goes through in one state."""

    description: str
    stages: list[Stage] = Field(min_length=1)
    options: dict[str, bool] = Field(default_factory=dict, description="Defaults of route options (cloture).")
    source: str
    verified: bool = True
    note: str | None = None


class Bloc(_Data):
    """A party or caucus with its seats."""

    id: str
    name: str | None = None
    seats: int = Field(ge=0)
    government: bool = False
    family: str | None = None
    vacant: bool = Field(default=False, description="Vacant seats: counted in the total, never vote.")


class Composition(_Data):
    """A chamber's seats by bloc on a date."""

    as_of: date
    valid_until: date | None = None
    seats: int | None = Field(
        default=None, gt=0, description="Chamber size at that date, if not the chamber's current size."
    )
    blocs: list[Bloc] = Field(min_length=1)
    source: str
    verified: bool = True
    note: str | None = None
    proxy: bool = Field(default=False, description="Derived from another chamber (no data of its own).")

    @property
    def total(self) -> int:
        """Sum of seats over blocs (vacancies included)."""
        return sum(b.seats for b in self.blocs)

    @property
    def voting_blocs(self) -> list[Bloc]:
        """Blocs that vote (vacancies removed)."""
        return [b for b in self.blocs if not b.vacant and b.seats > 0]


class Chamber(_Data):
    """A legislative chamber; ``source``/``verified`` are for its size (``seats``)."""

    id: str
    name: str
    seats: int = Field(gt=0)
    source: str | None = Field(default=None, description="Source of the chamber's size.")
    verified: bool = False
    compositions: list[Composition] = Field(default_factory=list)
    parlgov: bool = Field(default=False, description="Use the bundled ParlGov history for this chamber.")
    proxy_of: str | None = Field(
        default=None, description="Chamber whose composition stands in when none is known."
    )
    newer_election: date | None = Field(
        default=None,
        description="Date of an election whose result is not in the data (compositions before it are stale).",
    )


class Recess(_Data):
    """A yearly recurring recess, ``MM-DD`` to ``MM-DD`` inclusive (may wrap the year end)."""

    start: str = Field(pattern=r"^\d\d-\d\d$")
    end: str = Field(pattern=r"^\d\d-\d\d$")
    label: str = ""


class LegislativeCalendar(_Data):
    """Which weekdays the legislature sits (0 = Monday) and its yearly recesses."""

    sitting_weekdays: list[int] = Field(default_factory=lambda: [0, 1, 2, 3, 4])
    recesses: list[Recess] = Field(default_factory=list)
    source: str
    verified: bool = False


class Agenda(_Data):
    """The agenda-setter delay: a routine log-normal delay, or with some probability a hold-out.

    Medians are calendar days for an *urgent* security instrument (NATO-accession-like); the
    instrument's ``priority`` scales the routine median (see ``_model_parameters.yaml``).
    """

    setter: str
    routine_median_days: float = Field(gt=0)
    routine_sigma: float = Field(default=0.8, gt=0)
    holdout_probability: float = 0.05
    holdout_median_days: float = Field(default=240.0, gt=0)
    holdout_sigma: float = Field(default=0.5, gt=0)
    rationale: str
    source: str
    verified: bool = False


class Election(_Data):
    """A recurring election that can change who controls the executive."""

    kind: str
    next: date
    takes_office: date | None = None
    interval_years: float = Field(gt=0)
    changes_executive: bool = True
    p_turnover: float | None = Field(
        default=None, description="P(the governing party/coalition changes); None: ParlGov base rate."
    )
    source: str
    verified: bool = False
    note: str | None = None


class Jurisdiction(_Data):
    """Everything servanda knows about one state's procedures."""

    code: str = Field(pattern=r"^[A-Z]{3}$")
    name: str
    system: str
    chambers: list[Chamber] = Field(default_factory=list)
    routes: dict[LegalFormKind, Route]
    calendar: LegislativeCalendar
    agenda: Agenda
    elections: list[Election] = Field(default_factory=list)
    early_turnover_per_year: float | None = Field(
        default=None,
        description="Yearly probability of a change of party in power between elections; None: ParlGov base rate.",
    )
    early_turnover_source: str = "ParlGov 2005-2023 base rate (see parlgov.early_turnover_rate)"
    notes: list[str] = Field(default_factory=list)

    def route(self, form: str | LegalFormKind) -> Route:
        """The route for a legal form, or a coded R502 diagnostic."""
        try:
            kind = LegalFormKind(form)
        except ValueError:
            raise ServandaError.one(
                "R502",
                f"`{form}` is not a legal form",
                f"{self.code}",
                hint="use one of: " + ", ".join(k.value for k in LegalFormKind),
            ) from None
        if kind not in self.routes:
            raise ServandaError.one(
                "R502",
                f"{self.name} has no route for legal form `{kind.value}`",
                f"jurisdictions/{self.code}.yaml: routes",
                hint="choose a supported form ("
                + ", ".join(k.value for k in self.routes)
                + ") or add the route with its source",
            )
        return self.routes[kind]

    def chamber(self, chamber_id: str) -> Chamber:
        """A chamber by id, or R507."""
        for c in self.chambers:
            if c.id == chamber_id:
                return c
        raise ServandaError.one(
            "R507",
            f"{self.name} has no chamber `{chamber_id}`",
            f"jurisdictions/{self.code}.yaml",
            hint="use one of: " + ", ".join(c.id for c in self.chambers),
        )


# --------------------------------------------------------------------------- loading


def _key(part: str) -> str | int:
    return int(part) if part.isdigit() else part


def locate(
    diagnostics: list[Diagnostic], where: str, document: SourceDocument | None = None
) -> list[Diagnostic]:
    """Diagnostics written against ``"where: a.b.0"``: the file is ``where``, the path is split off and,
    when the document is known, the span of that path is added (so they print as ``file:line:col``)."""
    prefix = f"{where}: "
    out = []
    for d in diagnostics:
        if d.span is None and (d.file == where or d.file.startswith(prefix)):
            path = d.file[len(prefix) :] if d.file != where else (d.path or "")
            span = None
            if document is not None and path:
                span = document.span_of(tuple(_key(p) for p in path.split(".")))
            d = replace(d, file=where, path=path or None, span=span)
        out.append(d)
    return out


def schema_diagnostics(
    exc: ValidationError,
    where: str,
    document: SourceDocument | None,
    root: type[BaseModel],
    fix: str,
    code_of: Callable[[tuple[Any, ...]], str] = lambda loc: "R506",
) -> list[Diagnostic]:
    """Pydantic errors as coded diagnostics: located by the loader's translation when the document is
    known (the loader's E2xx code kept as a note), else by their path inside ``where``."""
    out: list[Diagnostic] = []
    for err in exc.errors():
        loc = tuple(err.get("loc", ()))
        code = code_of(loc)
        if document is None:
            path = ".".join(str(p) for p in loc) or None
            out.append(Diagnostic(code, err["msg"], where, path=path, hint=fix))
            continue
        for d in validation_diagnostics([err], document, root):
            hint = d.hint.replace("docs/format.md", "docs/ratification.md") if d.hint else fix
            out.append(replace(d, code=code, file=where, hint=hint, notes=(*d.notes, f"{d.code}: {d.title}")))
    return out


def _probability_code(loc: tuple[Any, ...]) -> str:
    names = {"probability", "p_block", "bypass_probability", "holdout_probability", "p_turnover"}
    return "R504" if any(str(p) in names for p in loc) else "R506"


def parse_jurisdiction(data: Any, where: str, document: SourceDocument | None = None) -> Jurisdiction:
    """Validate a mapping as a :class:`Jurisdiction`; raise coded diagnostics on bad input."""
    try:
        jur = Jurisdiction.model_validate(data)
    except ValidationError as exc:
        fix = "see docs/ratification.md, 'Data files'"
        diags = schema_diagnostics(exc, where, document, Jurisdiction, fix, _probability_code)
        raise ServandaError(diags, {where: document.text if document else None}) from None
    try:
        check_jurisdiction(jur, where)
    except ServandaError as exc:
        raise ServandaError(
            locate(exc.diagnostics, where, document), {where: document.text if document else None}
        ) from None
    return jur


def check_jurisdiction(jur: Jurisdiction, where: str) -> None:
    """Semantic checks: probabilities in range, seat totals, chamber references."""
    diags: list[Diagnostic] = []
    chamber_ids = {c.id for c in jur.chambers}
    for ci, chamber in enumerate(jur.chambers):
        for k, comp in enumerate(chamber.compositions):
            size = comp.seats or chamber.seats
            if comp.total != size:
                diags.append(
                    Diagnostic(
                        "R503",
                        f"{chamber.name} composition of {comp.as_of} adds up to {comp.total} seats, "
                        f"the chamber has {size}",
                        f"{where}: chambers.{ci}.compositions.{k}",
                        hint="correct the bloc seats, or add a bloc `{id: vacant, seats: N, vacant: true}`",
                    )
                )
        if chamber.proxy_of is not None and chamber.proxy_of not in chamber_ids:
            diags.append(
                Diagnostic(
                    "R507",
                    f"proxy_of names unknown chamber `{chamber.proxy_of}`",
                    f"{where}: chambers.{ci}",
                    hint="use one of: " + ", ".join(sorted(chamber_ids)),
                )
            )
    for form, route in jur.routes.items():
        for si, stage in enumerate(route.stages):
            at = f"{where}: routes.{form.value}.stages.{si}"
            for name in ("probability", "p_block", "bypass_probability"):
                value = getattr(stage, name)
                if not 0.0 <= value <= 1.0:
                    diags.append(
                        Diagnostic(
                            "R504",
                            f"{name} {value!r} is outside [0, 1]",
                            at,
                            hint="write a probability between 0 and 1",
                        )
                    )
            if stage.kind in (StageKind.VOTE, StageKind.NEGATIVE_PROCEDURE):
                if stage.chamber not in chamber_ids:
                    diags.append(
                        Diagnostic(
                            "R507",
                            f"stage names unknown chamber `{stage.chamber}`",
                            at,
                            hint="use one of: " + ", ".join(sorted(chamber_ids)) or "add the chamber",
                        )
                    )
                if stage.kind is StageKind.VOTE and stage.threshold is None:
                    diags.append(
                        Diagnostic(
                            "R506",
                            "a vote stage needs `threshold`",
                            at,
                            hint="add e.g. `threshold: majority_of_votes_cast`",
                        )
                    )
    if not 0.0 <= jur.agenda.holdout_probability <= 1.0:
        diags.append(
            Diagnostic(
                "R504",
                "agenda.holdout_probability outside [0, 1]",
                f"{where}: agenda",
                hint="write a probability between 0 and 1",
            )
        )
    for ei, el in enumerate(jur.elections):
        if el.p_turnover is not None and not 0.0 <= el.p_turnover <= 1.0:
            diags.append(
                Diagnostic(
                    "D602",
                    f"p_turnover {el.p_turnover!r} outside [0, 1]",
                    f"{where}: elections.{ei}",
                    hint="write a probability between 0 and 1",
                )
            )
    if diags:
        raise ServandaError(diags)


def jurisdiction_codes() -> list[str]:
    """ISO3 codes of every bundled jurisdiction file.

    >>> len(jurisdiction_codes())
    35
    """
    root = data_root()
    return sorted(p.name[:-5] for p in root.iterdir() if re.fullmatch(r"[A-Z]{3}\.yaml", p.name))


def read_yaml(path: str | Path | Traversable, code: str = "R506", where: str | None = None) -> SourceDocument:
    """Read a data file with the strict positional reader; a file that cannot be read or parsed raises
    ``code`` diagnostics at ``file:line:col`` (the reader's own code kept as a note)."""
    doc = read_source(Path(str(path)))
    name = where or str(path)
    if doc.data is None or doc.diagnostics:
        problems = [
            replace(
                d,
                code=code,
                file=name,
                hint=d.hint or "fix the YAML syntax (indentation, colons, quotes)",
                notes=(*d.notes, f"{d.code}: {d.title}"),
            )
            for d in doc.diagnostics
        ] or [Diagnostic(code, "the file is empty", name, hint="see docs/ratification.md")]
        raise ServandaError(problems, {name: doc.text})
    return doc


#: Where a user learns how to write a jurisdiction file (cited in R501).
HOW_TO_ADD = (
    "docs/ratification.md ('1. Routes and stages' and '4. Legislatures as dated data'); copy a similar "
    "state's file (e.g. DNK.yaml) and give every route, chamber, calendar and election a `source`"
)


def unknown_jurisdiction(code: str, location: str = "jurisdiction") -> Diagnostic:
    """R501 for a state without a bundled jurisdiction file.

    A valid ISO 3166 alpha-3 code names a real state that servanda has no ratification data for: the
    diagnostic says so and how to add the file, and suggests no other country. Only a code that is not
    ISO 3166 gets a "did you mean".

    >>> unknown_jurisdiction("CHE").message
    'no jurisdiction file for Switzerland (CHE): servanda has no ratification data for this state'
    >>> unknown_jurisdiction("USB").hint.startswith("did you mean `USA`?")
    True
    """
    from servanda.model.codes import is_state_code, state_name, suggest

    codes = jurisdiction_codes()
    bundled = "bundled: " + ", ".join(codes)
    if is_state_code(code):
        return Diagnostic(
            "R501",
            f"no jurisdiction file for {state_name(code)} ({code}): servanda has no ratification data "
            "for this state",
            location,
            hint=f"add src/servanda/data/jurisdictions/{code}.yaml as described in {HOW_TO_ADD}; {bundled}",
        )
    near = suggest(code, codes)
    hint = f"did you mean `{near[0]}`? " if near else ""
    return Diagnostic(
        "R501",
        f"unknown jurisdiction `{code}`: not an ISO 3166 alpha-3 state code",
        location,
        hint=hint + "write the state's ISO3 code; " + bundled,
    )


@cache
def load_jurisdiction(code: str) -> Jurisdiction:
    """Load a bundled jurisdiction by ISO3 code; unknown codes raise R501 (see :func:`unknown_jurisdiction`)."""
    if code not in jurisdiction_codes():
        raise ServandaError([unknown_jurisdiction(code)])
    doc = read_yaml(data_root().joinpath(f"{code}.yaml"), where=f"jurisdictions/{code}.yaml")
    return parse_jurisdiction(doc.data, f"jurisdictions/{code}.yaml", doc)


def jurisdiction_for(code: str, location: str) -> Jurisdiction:
    """:func:`load_jurisdiction`, with an unknown state reported (R501) at ``location``."""
    if code not in jurisdiction_codes():
        raise ServandaError([unknown_jurisdiction(code, location or "jurisdiction")])
    return load_jurisdiction(code)


def model_parameters() -> dict[str, Any]:
    """Global model parameters (``_model_parameters.yaml``) with their rationale."""
    where = "jurisdictions/_model_parameters.yaml"
    data = read_yaml(data_root().joinpath("_model_parameters.yaml"), where=where).data
    assert isinstance(data, dict)
    return data
