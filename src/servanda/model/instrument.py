"""The instrument model: the one source of truth for loader, checker, JSON Schema and docs.

An instrument file is YAML in format ``servanda/1``. Its top level is :class:`Instrument`;
every clause (:class:`Clause`) keeps its text and sources next to its encoding: triggers,
obligations, exceptions, enforcement mechanisms, funding commitments and institutions.

Example:
    >>> sorted(Instrument.model_fields)[:4]
    ['clauses', 'format', 'geometries', 'id']
    >>> [f for f in Clause.model_fields if f in CLAUSE_ELEMENT_KINDS] == list(CLAUSE_ELEMENT_KINDS)
    True
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeAlias

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StrictBool,
    StrictInt,
    Tag,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError

from servanda.model.codes import CurrencyCode, Ident, InstrumentId, PartyCode, PartyRef, suggest
from servanda.model.periods import BoundedDate, Duration
from servanda.model.vocabulary import (
    EVENT_CLASS_GROUPS,
    Action,
    ConditionKind,
    Discretion,
    EnforcementMechanism,
    EventClass,
    ExceptionEffect,
    FundingSource,
    InstitutionKind,
    InstrumentStatus,
    LegalFormKind,
    LockRequirement,
    Modality,
    Promptness,
    RatificationStatus,
    Renewal,
    Role,
    TriggerKind,
)

FORMAT_VERSION = "servanda/1"


def _check_event_class(value: str) -> str:
    allowed = {c.value for c in EventClass} | set(EVENT_CLASS_GROUPS)
    if value in allowed:
        return value
    raise PydanticCustomError(
        "event_class",
        "`{value}` is not an event class or class group",
        {"value": value, "suggestion": next(iter(suggest(value, allowed)), "")},
    )


#: An event class (`shelling`) or a class group (`armed_attack`).
EventClassName = Annotated[str, AfterValidator(_check_event_class)]


class Strict(BaseModel):
    """Base of every model: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


# --------------------------------------------------------------------------- sources


class Source(Strict):
    """A citable source: a treaty text, an official page, a news report."""

    id: Ident = Field(description="Identifier used by `sources` references, e.g. `nato_text`.")
    citation: str = Field(min_length=3, description="Full citation: author/issuer, title, date.")
    url: str | None = Field(default=None, description="Where the text can be read.")
    accessed: BoundedDate | None = Field(default=None, description="Date the URL was read.")


class SourceRef(Strict):
    """A reference from a clause to a source, with a pinpoint."""

    ref: Ident = Field(description="Id of an entry in the instrument's `sources`.")
    pinpoint: str | None = Field(default=None, description="Article, paragraph or page, e.g. `Art. 5`.")


# --------------------------------------------------------------------------- parties, form


class Party(Strict):
    """A state (ISO 3166 alpha-3) or organisation (`org:EU`) and its roles."""

    state: PartyCode = Field(description="ISO 3166-1 alpha-3 code (`UKR`) or organisation (`org:EU`).")
    roles: list[Role] = Field(min_length=1, description="party, guarantor, beneficiary, depositary.")
    name: str | None = Field(default=None, description="Display name when it differs from ISO's.")
    joined: BoundedDate | None = Field(
        default=None, description="Date it became bound (accession), if later than entry into force."
    )
    left: BoundedDate | None = Field(
        default=None, description="Date it ceased to be bound (withdrawal took effect)."
    )
    note: str | None = None


class LegalForm(Strict):
    """How the instrument binds, and where ratification stands."""

    kind: LegalFormKind = Field(description="The instrument's legal form.")
    ratification: RatificationStatus = Field(description="Ratification status.")
    note: str | None = Field(default=None, description="E.g. the congressional vote the form relies on.")
    sources: list[SourceRef] = Field(default_factory=list, description="Sources for the form.")


class FrontlineAt(Strict):
    """The control map of a front-line series as of a date: the line *frozen* on that date.

    The snapshot used is the one dated on that date or, failing that, the nearest earlier one (the checker
    reports which, V970); a date before the first snapshot is an error (V970), a missing series V960.
    """

    series: str = Field(
        description="A folder of dated snapshot files (or one snapshot file), relative to the instrument file; "
        "read as `servanda frontline` reads it (docs/frontline.md)."
    )
    date: BoundedDate | Literal["in_force", "signed"] = Field(
        description="The date the line is frozen: a date (e.g. the ceasefire's), or the instrument's "
        "`in_force` or `signed` date."
    )
    side: Literal["occupied", "held", "line"] = Field(
        default="occupied",
        description="`occupied`: the occupied area (occupied, CADR/CALR, Crimea); `held`: Ukraine's outline minus "
        "it; `line`: the line of contact, the occupied area's edge where it borders held territory, 2 km or more "
        "inside Ukraine's border and coast (a line: give it a `buffer_km`).",
    )


_BUFFER_DOC = (
    "Grow the geometry by this many kilometres on every side (each side of a line), measured in servanda's "
    "equal-area projection (not in degrees)."
)


def _one_source(model: GeometryPart | Geometry) -> None:
    given = [k for k in ("file", "frontline", "geometry") if getattr(model, k) is not None]
    if len(given) != 1:
        raise PydanticCustomError(
            "geometry_shape",
            "a geometry is exactly one of `file`, `frontline`, `geometry` (found {found})",
            {"found": ", ".join(f"`{k}`" for k in given) or "none"},
        )
    if model.feature is not None and model.file is None:
        raise PydanticCustomError(
            "geometry_shape", "`feature` selects features of a `file`", {"found": "feature"}
        )


class GeometryPart(Strict):
    """An operand of `union`, `intersect` or `minus`: a GeoJSON file (its features named `feature`), a front-line control map as of a date, or another named geometry; optionally grown by `buffer_km`."""

    file: str | None = Field(
        default=None, description="Path of a GeoJSON file, relative to the instrument file."
    )
    feature: str | None = Field(default=None, description="Only the features with this `properties.name`.")
    frontline: FrontlineAt | None = Field(
        default=None, description="The control map of a series as of a date."
    )
    geometry: Ident | None = Field(default=None, description="Another named geometry of this instrument.")
    buffer_km: float | None = Field(default=None, ge=0, le=1000, description=_BUFFER_DOC)

    @model_validator(mode="after")
    def _shape(self) -> GeometryPart:
        _one_source(self)
        return self


class Geometry(Strict):
    """A named geometry: a GeoJSON file, a front-line control map as of a date (`frontline`), or another named geometry (`geometry`); then grown by `buffer_km`, united with `union`, cut to `intersect` and reduced by `minus`, in that order. Longitude/latitude (WGS84); a boundary point counts as inside.

    ``{file: ukraine.geojson, minus: [{file: line_of_contact.geojson, feature: occupied_area}]}`` is the
    territory held by Ukraine: its outline minus the occupied area.
    ``{frontline: {series: frontline, date: 2025-12-14, side: line}, buffer_km: 15}`` is the zone within
    15 km of the line of contact frozen on 14 December 2025, on both sides.
    """

    file: str | None = Field(
        default=None, description="Path of a GeoJSON file, relative to the instrument file."
    )
    feature: str | None = Field(default=None, description="Only the features with this `properties.name`.")
    frontline: FrontlineAt | None = Field(
        default=None,
        description="The control map of a front-line series as of a date (the line frozen then).",
    )
    geometry: Ident | None = Field(default=None, description="Another named geometry of this instrument.")
    buffer_km: float | None = Field(default=None, ge=0, le=1000, description=_BUFFER_DOC)
    union: list[GeometryPart] = Field(default_factory=list, description="Geometries added to it.")
    intersect: list[GeometryPart] = Field(default_factory=list, description="Geometries it is cut to.")
    minus: list[GeometryPart] = Field(default_factory=list, description="Geometries subtracted from it.")
    description: str = Field(description="What the geometry represents, and its simplifications.")
    sources: list[SourceRef] = Field(default_factory=list)

    @model_validator(mode="after")
    def _shape(self) -> Geometry:
        _one_source(self)
        return self

    def parts(self) -> list[GeometryPart]:
        """Every operand of the set algebra, in the order applied."""
        return [*self.union, *self.intersect, *self.minus]


# --------------------------------------------------------------------------- triggers


class _PredicateBase(Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class AllOf(_PredicateBase):
    """`all`: every sub-predicate holds."""

    all: list[Predicate] = Field(description="Every sub-predicate holds.")


class AnyOf(_PredicateBase):
    """`any`: at least one sub-predicate holds."""

    any: list[Predicate] = Field(description="At least one sub-predicate holds.")


class Not(_PredicateBase):
    """`not`: the sub-predicate does not hold."""

    not_: Predicate = Field(alias="not", description="The sub-predicate does not hold.")


class EventClassIs(_PredicateBase):
    """`event_class`: the event's class is one of these classes or class groups."""

    event_class: list[EventClassName] = Field(
        description="The event's class is one of these classes or class groups."
    )


class ActorIn(_PredicateBase):
    """`actor`: the perpetrator is one of these."""

    actor: list[PartyRef] = Field(description="The perpetrator is one of these.")


class TargetIn(_PredicateBase):
    """`target`: the state attacked is one of these."""

    target: list[PartyRef] = Field(description="The state attacked is one of these.")


class CountryIn(_PredicateBase):
    """`country`: the event took place in one of these."""

    country: list[PartyRef] = Field(description="The event took place in one of these.")


#: What an event whose location is imprecise counts as when its precision disc straddles the edge.
Uncertain = Literal["match", "ignore"]
_UNCERTAIN_DOC = (
    "With an imprecise location (`geo_precision` 2-7), test the disc of its radius (2: 25 km, 3: 50 km, "
    "4-7: 100 km) instead of the point: entirely inside, entirely outside, or *uncertain*; `ignore`: an "
    "uncertain event does not match, `match`: it does. Without it the reported point is tested "
    "(and evidence near the edge is noted)."
)


class Inside(_PredicateBase):
    """`inside`: the event's location is inside this geometry."""

    inside: Ident = Field(description="The event's location is inside this geometry.")
    uncertain: Uncertain | None = Field(default=None, description=_UNCERTAIN_DOC)


class Outside(_PredicateBase):
    """`outside`: the event's location is outside this geometry."""

    outside: Ident = Field(description="The event's location is outside this geometry.")
    uncertain: Uncertain | None = Field(default=None, description=_UNCERTAIN_DOC)


class MinDeaths(_PredicateBase):
    """`min_deaths`: the event caused at least this many deaths."""

    min_deaths: StrictInt = Field(ge=0, description="The event caused at least this many deaths.")


class OnTargetTerritory(_PredicateBase):
    """`on_target_territory: true`: the event took place in the attacked state's own country."""

    on_target_territory: Literal[True] = Field(
        description="`true`: the event took place in the attacked state's own country."
    )


class PredicateKeys(_PredicateBase):
    """A test on one event. Exactly one key per predicate; compose with `all`, `any`, `not`.

    Lists of parties accept ISO codes and selectors (`$parties`, `$guarantors`, `$beneficiaries`).

    This is the documentation view of :data:`Predicate` (every key, all optional) and the validator of
    a mapping that does not have exactly one known key: its fields report bad values and unknown keys
    like any other mapping, then ``predicate_shape`` reports the count. It never validates successfully.
    """

    all: list[Predicate] | None = Field(default=None, description="Every sub-predicate holds.")
    any: list[Predicate] | None = Field(default=None, description="At least one sub-predicate holds.")
    not_: Predicate | None = Field(default=None, alias="not", description="The sub-predicate does not hold.")
    event_class: list[EventClassName] | None = Field(
        default=None, description="The event's class is one of these classes or class groups."
    )
    actor: list[PartyRef] | None = Field(default=None, description="The perpetrator is one of these.")
    target: list[PartyRef] | None = Field(default=None, description="The state attacked is one of these.")
    country: list[PartyRef] | None = Field(default=None, description="The event took place in one of these.")
    inside: Ident | None = Field(default=None, description="The event's location is inside this geometry.")
    outside: Ident | None = Field(default=None, description="The event's location is outside this geometry.")
    uncertain: Uncertain | None = Field(
        default=None, description="With `inside`/`outside`: " + _UNCERTAIN_DOC
    )
    min_deaths: StrictInt | None = Field(
        default=None, ge=0, description="The event caused at least this many deaths."
    )
    on_target_territory: Literal[True] | None = Field(
        default=None, description="`true`: the event took place in the attacked state's own country."
    )

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, title="Predicate")

    @model_validator(mode="after")
    def _exactly_one(self) -> PredicateKeys:
        keys = [name for name in type(self).model_fields if getattr(self, name) is not None]
        shown = ", ".join(f"`{type(self).model_fields[k].alias or k}`" for k in keys) or "nothing"
        raise PydanticCustomError(
            "predicate_shape",
            "a predicate has exactly one key (found {found}); combine tests with `all:` or `any:`",
            {"found": shown},
        )


#: Predicate kinds by the one key they are written with in a file.
PREDICATE_KINDS: dict[str, type[_PredicateBase]] = {
    "all": AllOf,
    "any": AnyOf,
    "not": Not,
    "event_class": EventClassIs,
    "actor": ActorIn,
    "target": TargetIn,
    "country": CountryIn,
    "inside": Inside,
    "outside": Outside,
    "min_deaths": MinDeaths,
    "on_target_territory": OnTargetTerritory,
}
_SHAPE_TAG = "PredicateKeys"


def _predicate_tag(value: Any) -> str | None:
    """The union member for ``value``: its class name, by its single key (``PredicateKeys`` otherwise)."""
    if isinstance(value, BaseModel):
        return type(value).__name__
    if isinstance(value, dict):
        known = [k for k in value if k in PREDICATE_KINDS]
        if len(known) == 1:
            return PREDICATE_KINDS[known[0]].__name__
        return _SHAPE_TAG
    return None  # not a mapping: reported like any other model


#: A test on one event: one class per kind, told apart by the one key it is written with.
if TYPE_CHECKING:  # what a validated predicate is, for the type checker
    Predicate: TypeAlias = (
        AllOf
        | AnyOf
        | Not
        | EventClassIs
        | ActorIn
        | TargetIn
        | CountryIn
        | Inside
        | Outside
        | MinDeaths
        | OnTargetTerritory
    )
else:
    #: (``PredicateKeys`` is in the validated union only to report malformed mappings; it never validates.)
    Predicate = Annotated[
        Annotated[AllOf, Tag("AllOf")]
        | Annotated[AnyOf, Tag("AnyOf")]
        | Annotated[Not, Tag("Not")]
        | Annotated[EventClassIs, Tag("EventClassIs")]
        | Annotated[ActorIn, Tag("ActorIn")]
        | Annotated[TargetIn, Tag("TargetIn")]
        | Annotated[CountryIn, Tag("CountryIn")]
        | Annotated[Inside, Tag("Inside")]
        | Annotated[Outside, Tag("Outside")]
        | Annotated[MinDeaths, Tag("MinDeaths")]
        | Annotated[OnTargetTerritory, Tag("OnTargetTerritory")]
        | Annotated[PredicateKeys, Tag(_SHAPE_TAG), SkipJsonSchema()],
        Discriminator(
            _predicate_tag,
            custom_error_type="predicate_type",
            custom_error_message="Input should be a valid dictionary or instance of Predicate",
        ),
    ]

#: Predicates that test the event itself (no sub-predicates).
Atom: TypeAlias = (
    EventClassIs | ActorIn | TargetIn | CountryIn | Inside | Outside | MinDeaths | OnTargetTerritory
)
#: Runtime tuples for ``isinstance``.
ATOM_TYPES: tuple[type[_PredicateBase], ...] = (
    EventClassIs,
    ActorIn,
    TargetIn,
    CountryIn,
    Inside,
    Outside,
    MinDeaths,
    OnTargetTerritory,
)
PREDICATE_TYPES: tuple[type[_PredicateBase], ...] = (AllOf, AnyOf, Not, *ATOM_TYPES)


class Threshold(Strict):
    """Severity over a rolling window: fires when the window holds enough deaths and events."""

    @model_validator(mode="after")
    def _whole_days(self) -> Threshold:
        if self.window.unit.value == "hours" or self.window.amount < 1:
            raise PydanticCustomError(
                "window_days",
                "a window is a whole number of days (at least 1), not `{window}`",
                {"window": str(self.window)},
            )
        return self

    window: Duration = Field(
        description="Length of the rolling window, inclusive of both ends, e.g. `7 days`."
    )
    min_deaths: StrictInt = Field(
        default=0, ge=0, description="Deaths summed over matching events in the window."
    )
    min_events: StrictInt = Field(default=1, ge=1, description="Number of matching events in the window.")
    per_target: StrictBool = Field(
        default=True,
        description="Count each attacked state separately (default) or sum over all of them (`false`).",
    )


class Territory(Strict):
    """`territory`: a trigger over a front-line series, not over events.

    Fires, for `target`, on the first snapshot date (after the line's date) on which the area gained by
    `side_gaining` since the reference line reaches `min_km2` (km², ellipsoidal): the reference is the line
    frozen on the `line` geometry's date (`against: frozen`), or the line as it stood when the `window`
    began (the nearest snapshot on or before its first day, never before the frozen date), or the previous
    snapshot (`against: previous` without a window). With `within` only gains inside that geometry count;
    with `reaches` the gain must also touch that geometry (a place or a buffer zone).
    """

    @model_validator(mode="after")
    def _whole_days(self) -> Territory:
        if self.window is not None and (self.window.unit.value == "hours" or self.window.amount < 1):
            raise PydanticCustomError(
                "window_days",
                "a window is a whole number of days (at least 1), not `{window}`",
                {"window": str(self.window)},
            )
        return self

    line: Ident = Field(
        description="A geometry defined with `frontline:`: its series is watched, and its date is the frozen line."
    )
    target: PartyCode = Field(description="The state whose held territory is measured (the firing's target).")
    against: Literal["frozen", "previous"] = Field(
        default="frozen",
        description="`frozen`: compare with the line frozen on the `line` geometry's date; `previous`: with the "
        "previous snapshot (or the start of the `window`).",
    )
    side_gaining: Literal["occupier", "holder"] = Field(
        default="occupier",
        description="`occupier`: the occupied area grows (an advance); `holder`: it shrinks.",
    )
    min_km2: float = Field(
        default=0.0, ge=0, le=1e6, description="Area gained (km²) needed; a gain must be > 0."
    )
    window: Duration | None = Field(
        default=None, description="Measure the gain over this rolling window (inclusive), e.g. `30 days`."
    )
    within: Ident | None = Field(default=None, description="Only gains inside this geometry count.")
    reaches: Ident | None = Field(
        default=None, description="The gain must touch this geometry (a named place, a buffer zone)."
    )


class Trigger(Strict):
    """A condition that activates obligations or enforcement.

    Either `match` (with an optional `threshold`), a composition (`all_of`/`any_of`) or `territory` (a
    front-line series), and optionally `unless`.
    """

    id: Ident
    kind: TriggerKind = Field(description="What the trigger represents.")
    description: str | None = None
    match: Predicate | None = Field(default=None, description="Which single events count.")
    threshold: Threshold | None = Field(default=None, description="Severity needed over a rolling window.")
    all_of: list[Ident] | None = Field(default=None, description="Fires once every listed trigger has fired.")
    any_of: list[Ident] | None = Field(default=None, description="Fires once any listed trigger has fired.")
    territory: Territory | None = Field(
        default=None, description="Fires on a change of the front line (see `Territory`)."
    )
    unless: list[Ident] = Field(
        default_factory=list, description="Does not fire if any of these fired first."
    )
    counts_from: Literal["signed", "in_force"] | BoundedDate | None = Field(
        default=None,
        description="Only events on or after this date count (`signed`, `in_force` or a date): "
        '"future armed attack".',
    )

    @model_validator(mode="after")
    def _one_body(self) -> Trigger:
        bodies = [b for b in ("match", "all_of", "any_of", "territory") if getattr(self, b) is not None]
        if len(bodies) != 1:
            raise PydanticCustomError(
                "trigger_shape",
                "a trigger has exactly one of `match`, `all_of`, `any_of`, `territory` (found {found})",
                {"found": ", ".join(f"`{b}`" for b in bodies) or "none"},
            )
        if self.threshold is not None and self.match is None:
            raise PydanticCustomError("trigger_shape", "`threshold` needs `match`", {"found": "threshold"})
        return self


# --------------------------------------------------------------------------- obligations


class Deadline(Strict):
    """When an obligation falls due, counted from the trigger (see the rounding policy)."""

    @model_validator(mode="after")
    def _positive(self) -> Deadline:
        if self.within.amount < 1:
            raise PydanticCustomError(
                "zero_duration",
                "a deadline of {within} is no deadline; use `promptness: immediately`",
                {"within": str(self.within)},
            )
        return self

    within: Duration = Field(description="Time allowed after the trigger, e.g. `24 hours`.")
    inclusive: StrictBool = Field(default=True, description="Acting exactly at the due instant is on time.")


class Condition(Strict):
    """A condition qualifying an obligation."""

    kind: ConditionKind
    text: str | None = Field(default=None, description="The qualifying words, quoted.")


class Obligation(Strict):
    """A deontic statement: who must / may / must not do what, for whom, when."""

    id: Ident
    modality: Modality = Field(description="obligation, permission, prohibition or right.")
    bearer: list[PartyRef] = Field(min_length=1, description="Who bears it: codes or selectors.")
    beneficiary: list[PartyRef] = Field(default_factory=list, description="For whom; default none stated.")
    action: Action = Field(description="What is to be done (closed vocabulary).")
    means: list[Action] = Field(default_factory=list, description="Means named, e.g. `use_armed_force`.")
    discretion: Discretion = Field(description="How much choice the bearer keeps.")
    promptness: Promptness = Field(default=Promptness.NONE)
    trigger: Ident | None = Field(default=None, description="Trigger that activates it.")
    standing: StrictBool = Field(
        default=False, description="Applies from entry into force without a trigger."
    )
    deadline: Deadline | None = None
    conditions: list[Condition] = Field(default_factory=list)
    prevails_over: list[Ident] = Field(default_factory=list, description="Obligations this one overrides.")
    note: str | None = None

    @model_validator(mode="after")
    def _activation(self) -> Obligation:
        if self.standing and self.trigger is not None:
            raise PydanticCustomError(
                "activation_shape",
                "an obligation is either `standing: true` or has a `trigger`, not both",
                {},
            )
        return self


class ExceptionRule(Strict):
    """A defeasible exception to one or more obligations (Catala-style)."""

    id: Ident
    to: list[Ident] = Field(min_length=1, description="Obligations it applies to.")
    when: Ident = Field(description="Trigger whose firing (on or before activation) makes it apply.")
    effect: ExceptionEffect
    modify_discretion: Discretion | None = Field(default=None, description="With effect `modify`.")
    modify_deadline: Deadline | None = Field(default=None, description="With effect `modify`.")
    prevails_over: list[Ident] = Field(default_factory=list, description="Exceptions this one overrides.")
    any_target: StrictBool = Field(
        default=False,
        description="Apply whichever state the `when` trigger fired against (e.g. an attack *by* the "
        "beneficiary); by default only a firing against the same state counts.",
    )


class Enforcement(Strict):
    """An enforcement mechanism tied to the breaches that set it off."""

    id: Ident
    mechanism: EnforcementMechanism
    by: list[PartyRef] = Field(min_length=1)
    against: list[PartyRef] = Field(default_factory=list)
    activated_by: Ident = Field(description="Trigger describing the breach in events.")
    answers_breach_of: list[Ident] = Field(
        default_factory=list, description="Obligations whose breach it answers."
    )
    description: str | None = None


class Funding(Strict):
    """A funding commitment."""

    id: Ident
    by: list[PartyRef] = Field(min_length=1)
    to: list[PartyRef] = Field(min_length=1)
    amount: float = Field(gt=0, description="Amount in `currency` units (not thousands).")
    currency: CurrencyCode
    per: Literal["year", "total"] = Field(description="Whether `amount` is per year or for the whole period.")
    start: BoundedDate | None = None
    end: BoundedDate | None = None
    source: FundingSource
    subject_to_appropriations: StrictBool
    obligation: Ident | None = Field(default=None, description="The obligation the funding serves.")

    @model_validator(mode="after")
    def _period(self) -> Funding:
        if self.start and self.end and self.end < self.start:
            raise PydanticCustomError(
                "date_order",
                "`end` ({end}) is before `start` ({start})",
                {"end": str(self.end), "start": str(self.start)},
            )
        return self


class Institution(Strict):
    """Institutional depth created by the clause (ATOP's intcom, base, organ1, milcon, milaid)."""

    id: Ident
    kind: InstitutionKind
    parties: list[PartyRef] = Field(default_factory=list)
    planned: StrictBool = Field(
        default=False, description="Intended or conditional, not yet established (not coded as existing)."
    )
    description: str | None = None


class Clause(Strict):
    """One article or paragraph: its text, sources and encoding."""

    id: Ident = Field(description="Stable AKN-style id, e.g. `art_5__para_1`.")
    label: str = Field(description="How lawyers cite it, e.g. `Article 5`.")
    text: str = Field(min_length=1, description="The clause text (or a short quotation) as written.")
    sources: list[SourceRef] = Field(min_length=1, description="Where the text comes from.")
    note: str | None = None
    triggers: list[Trigger] = Field(default_factory=list)
    obligations: list[Obligation] = Field(default_factory=list)
    exceptions: list[ExceptionRule] = Field(default_factory=list)
    enforcement: list[Enforcement] = Field(default_factory=list)
    funding: list[Funding] = Field(default_factory=list)
    institutions: list[Institution] = Field(default_factory=list)


#: The element lists of a :class:`Clause`, each with what one of its elements is called in messages.
CLAUSE_ELEMENT_KINDS: dict[str, str] = {
    "triggers": "trigger",
    "obligations": "obligation",
    "exceptions": "exception",
    "enforcement": "enforcement",
    "funding": "funding",
    "institutions": "institution",
}


# --------------------------------------------------------------------------- duration


class WithdrawalLock(Strict):
    """A rule outside the withdrawal clause that makes exit harder (e.g. 22 U.S.C. 1928f)."""

    id: Ident
    state: PartyCode = Field(description="The state whose withdrawal is locked.")
    requires: list[LockRequirement] = Field(min_length=1, description="Any one of these permits withdrawal.")
    legal_basis: str = Field(description="The statute or clause, e.g. `22 U.S.C. 1928f`.")
    clause: Ident | None = Field(default=None, description="Clause of this instrument that creates the lock.")
    sources: list[SourceRef] = Field(min_length=1)


class Withdrawal(Strict):
    """Exit terms."""

    allowed: StrictBool | Literal["unspecified"] = Field(
        description="Whether the text provides for withdrawal or termination; `unspecified` when the text is not known."
    )
    notice: Duration | None = Field(default=None, description="Time from notice to effect.")
    earliest_after: Duration | None = Field(default=None, description="No notice before this time in force.")
    clause: Ident | None = Field(default=None, description="Clause with the withdrawal terms.")


class Term(Strict):
    """Duration, renewal and exit."""

    length: Duration | Literal["indefinite", "until_event", "unspecified"] = Field(
        description="Fixed term, `indefinite`, `until_event` (ends when a stated event occurs, e.g. NATO "
        "accession), or `unspecified` when the text is silent."
    )
    ends_on: str | None = Field(default=None, description="With `until_event`: the event that ends it.")

    @model_validator(mode="after")
    def _positive_length(self) -> Term:
        if not isinstance(self.length, str) and self.length.amount < 1:
            raise PydanticCustomError(
                "zero_duration", "a term of {length} ends before it starts", {"length": str(self.length)}
            )
        return self

    renewal: Renewal = Renewal.UNSPECIFIED
    renewal_length: Duration | None = None
    withdrawal: Withdrawal
    locks: list[WithdrawalLock] = Field(default_factory=list)
    clause: Ident | None = Field(default=None, description="Clause with the duration terms.")


# --------------------------------------------------------------------------- instrument


class Instrument(Strict):
    """A security guarantee or benchmark instrument."""

    format: Literal["servanda/1"] = Field(description="Format version: `servanda/1`.")
    id: InstrumentId = Field(description="Id with version, e.g. `nato.nat@1949`.")
    title: str = Field(min_length=3)
    short_title: str | None = None
    status: InstrumentStatus
    illustrative: StrictBool = Field(default=False, description="True for hypothetical instruments.")
    illustrative_note: str | None = Field(default=None, description="Required when illustrative.")
    signed: BoundedDate | None = None
    in_force: BoundedDate | None = None
    terminated: BoundedDate | None = None
    sources: list[Source] = Field(min_length=1)
    parties: list[Party] = Field(min_length=1)
    legal_form: LegalForm
    geometries: dict[Ident, Geometry] = Field(default_factory=dict)
    term: Term
    clauses: list[Clause] = Field(min_length=1)

    @model_validator(mode="after")
    def _illustrative(self) -> Instrument:
        if self.illustrative and not self.illustrative_note:
            raise PydanticCustomError(
                "illustrative_note",
                "an illustrative instrument needs `illustrative_note` saying what it is and citing reporting",
                {},
            )
        return self

    # ------------------------------------------------------------- navigation helpers

    def parties_with(self, role: Role) -> list[str]:
        """Codes of the parties holding ``role``."""
        return [p.state for p in self.parties if role in p.roles]

    @property
    def party_codes(self) -> list[str]:
        """Codes of every party, in file order."""
        return [p.state for p in self.parties]

    def triggers(self) -> dict[str, Trigger]:
        """Every trigger by id."""
        return {t.id: t for c in self.clauses for t in c.triggers}

    def obligations(self) -> dict[str, Obligation]:
        """Every obligation by id."""
        return {o.id: o for c in self.clauses for o in c.obligations}

    def clause_of(self, element_id: str) -> Clause | None:
        """The clause that defines an element id."""
        for clause in self.clauses:
            for group in (
                clause.triggers,
                clause.obligations,
                clause.exceptions,
                clause.enforcement,
                clause.funding,
                clause.institutions,
            ):
                if any(getattr(e, "id", None) == element_id for e in group):
                    return clause
        return None

    def bound_on(self, code: str, day: date | None) -> bool:
        """Whether party ``code`` is bound on ``day`` (between its accession and withdrawal); non-parties: True."""
        if day is None:
            return True
        for party in self.parties:
            if party.state == code:
                start = party.joined or self.in_force
                if start is not None and day < start:
                    return False
                return party.left is None or day < party.left
        return True

    def expand(self, refs: list[str], on: date | None = None) -> list[str]:
        """Codes named by ``refs``, selectors expanded (event selectors are left as they are).

        With ``on``, selectors name only the parties bound on that day (accession and withdrawal dates).
        """
        out: list[str] = []
        for ref in refs:
            if ref == "$parties":
                out.extend(c for c in self.party_codes if self.bound_on(c, on))
            elif ref == "$guarantors":
                out.extend(c for c in self.parties_with(Role.GUARANTOR) if self.bound_on(c, on))
            elif ref == "$beneficiaries":
                out.extend(c for c in self.parties_with(Role.BENEFICIARY) if self.bound_on(c, on))
            else:
                out.append(ref)
        return list(dict.fromkeys(out))


_MODELS: tuple[type[BaseModel], ...] = (*PREDICATE_TYPES, PredicateKeys, GeometryPart, Geometry)
for _model in _MODELS:
    _model.model_rebuild()
