"""The comparison dimensions, their ordinal scales and the verdict rule (documented in ``docs/compare.md``).

Each dimension reads one side of the comparison into a :class:`Cell`: a short summary, the clauses it rests
on, and a *key* — a tuple compared lexicographically, larger is stronger — or ``None`` when the instrument
has nothing on that dimension. The verdict of an instrument against the baseline is:

* ``absent`` — the instrument has nothing on the dimension (whatever the baseline has);
* ``stronger`` — it has something and the baseline has nothing, or its key is larger;
* ``equivalent`` — equal keys; ``weaker`` — smaller key.

Example:
    >>> from servanda.api import load
    >>> nato = load("nato.nat@1949")
    >>> cell = DIMENSIONS[0].read(nato, Perspective.of(nato))
    >>> cell.summary, cell.key
    ('treaty, ratified', (3, 3))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from servanda.analyses.compare.practice import PracticeItem, practice_of
from servanda.analyses.query import (
    ARMED_ATTACK,
    ARMED_MEANS,
    THREATS,
    Citation,
    ObligationView,
    bearing,
    cite,
    cite_clause,
    guarantors,
    merge_citations,
    obligation_views,
    pinpoints,
    trigger_chain,
)
from servanda.model.instrument import Clause, Condition, Enforcement, Instrument, Obligation
from servanda.model.periods import Duration
from servanda.model.vocabulary import (
    ACTION_RANK,
    DISCRETION_RANK,
    Action,
    ConditionKind,
    EnforcementMechanism,
    InstitutionKind,
    LegalFormKind,
    Promptness,
    RatificationStatus,
    Renewal,
)
from servanda.semantics.cases import Case

# --------------------------------------------------------------------------- ordinal scales

LEGAL_FORM_RANK: dict[LegalFormKind, int] = {
    LegalFormKind.POLITICAL_DECLARATION: 0,
    LegalFormKind.SOLE_EXECUTIVE_AGREEMENT: 1,
    LegalFormKind.STATUTE: 2,
    LegalFormKind.CONGRESSIONAL_EXECUTIVE_AGREEMENT: 3,
    LegalFormKind.TREATY: 3,
}
RATIFICATION_RANK: dict[RatificationStatus, int] = {
    RatificationStatus.PROPOSED: 0,
    RatificationStatus.SIGNED: 1,
    RatificationStatus.PENDING: 2,
    RatificationStatus.RATIFIED: 3,
    RatificationStatus.NOT_REQUIRED: 3,
}
# ``report_to_unsc`` and ``inform`` are duties towards the Security Council or a legislature, not responses
# for the beneficiary, and are left out of the response obligations.
ACTION_LEVEL_NAMES = {
    5: "armed force",
    4: "assistance (means unspecified)",
    3: "military aid",
    2: "non-military measures",
    1: "consultation / reporting",
}
PROMPTNESS_RANK: dict[Promptness, int] = {
    Promptness.FORTHWITH: 3,
    Promptness.IMMEDIATELY: 3,
    Promptness.PROMPTLY: 2,
    Promptness.NONE: 0,
}
#: Conditions by how much further decision they put between the event and the duty (lower: less automatic).
AUTOMATICITY_RANK: dict[ConditionKind, int] = {
    ConditionKind.PRIOR_CONSULTATION: 0,
    ConditionKind.MUTUAL_AGREEMENT: 0,
    ConditionKind.UNSC_AUTHORISATION: 0,
    ConditionKind.CONSTITUTIONAL_PROCESSES: 1,
    ConditionKind.APPROPRIATIONS: 1,
    ConditionKind.NEUTRALITY_RESERVATION: 1,
    ConditionKind.OTHER: 1,
    ConditionKind.REQUEST_OF_PARTY: 2,
    ConditionKind.UN_CHARTER_ART_51: 3,
    ConditionKind.NON_PROVOCATION: 3,
}
AUTOMATICITY_NAMES = {
    3: "automatic",
    2: "on request of the attacked party",
    1: "subject to domestic procedure",
    0: "subject to a further joint decision",
}
INSTITUTION_LEVEL: dict[InstitutionKind, int] = {
    InstitutionKind.INTEGRATED_COMMAND: 3,
    InstitutionKind.FORWARD_DEPLOYED_FORCES: 3,
    InstitutionKind.BASING_RIGHTS: 3,
    InstitutionKind.COMMON_DEFENCE_POLICY: 3,
    InstitutionKind.STANDING_ORGANISATION: 2,
    InstitutionKind.JOINT_PLANNING: 2,
    InstitutionKind.MILITARY_AID_PROGRAMME: 2,
    InstitutionKind.TRAINING: 2,
    InstitutionKind.INTELLIGENCE_SHARING: 1,
    InstitutionKind.DEFENCE_INDUSTRIAL_COOPERATION: 1,
    InstitutionKind.NON_MILITARY_COOPERATION: 1,
}
INSTITUTION_NAMES = {3: "high", 2: "moderate", 1: "cooperation only"}
ENFORCEMENT_LEVEL: dict[EnforcementMechanism, int] = {
    EnforcementMechanism.SANCTIONS_SNAPBACK: 3,
    EnforcementMechanism.ESCROWED_FUNDS: 3,
    EnforcementMechanism.SUSPENSION_OF_BENEFITS: 3,
    EnforcementMechanism.ARBITRATION: 2,
    EnforcementMechanism.DISPUTE_SETTLEMENT: 2,
    EnforcementMechanism.MONITORING_MISSION: 1,
    EnforcementMechanism.SECURITY_COUNCIL_REFERRAL: 1,
    EnforcementMechanism.REPORTING: 1,
}
ENFORCEMENT_NAMES = {3: "self-executing", 2: "adjudication", 1: "monitoring / referral"}
#: A deadline this short (hours) counts as a hard clock, above "forthwith".
HARD_CLOCK_HOURS = 7 * 24


# --------------------------------------------------------------------------- cells


@dataclass(frozen=True)
class Cell:
    """One side of one dimension."""

    summary: str
    key: tuple[float, ...] | None
    citations: tuple[Citation, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def absent(self) -> bool:
        """Nothing on this dimension."""
        return self.key is None

    def to_json(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "summary": self.summary,
            "key": list(self.key) if self.key is not None else None,
            "citations": [c.to_json() for c in self.citations],
            "details": self.details,
        }


def verdict(subject: Cell, baseline: Cell) -> str:
    """``stronger``, ``equivalent``, ``weaker`` or ``absent`` (see the module docstring).

    >>> verdict(Cell("a", (2,)), Cell("b", (1,))), verdict(Cell("a", None), Cell("b", (1,)))
    ('stronger', 'absent')
    """
    if subject.key is None:
        return "absent"
    if baseline.key is None or subject.key > baseline.key:
        return "stronger"
    return "equivalent" if subject.key == baseline.key else "weaker"


@dataclass(frozen=True)
class Perspective:
    """Whose guarantee is read: the guarantor states and beneficiaries of the compared instrument.

    For the baseline, the same states are used where they are parties to it (the US in NATO when the US
    guarantee is compared); otherwise the baseline's own guarantors.
    """

    guarantors: tuple[str, ...]
    beneficiaries: tuple[str, ...]
    #: The layer of practice read with the text (``analyses/compare/practice.py``); empty: text only.
    practice: tuple[PracticeItem, ...] = ()

    @classmethod
    def of(
        cls, instrument: Instrument, like: Perspective | None = None, *, practice: bool = False
    ) -> Perspective:
        """The perspective of ``instrument`` (or ``like``'s states where they are parties to it).

        With ``practice``, the instrument's layer of practice (if any) is read with its text.
        """
        own = tuple(g for g in guarantors(instrument) if not g.startswith("org:"))
        bens = tuple(instrument.expand(["$beneficiaries"]))
        if like is not None:
            shared = tuple(g for g in like.guarantors if g in instrument.party_codes)
            if shared:
                own = shared
        return cls(own, bens, practice_of(instrument.id) if practice else ())


# --------------------------------------------------------------------------- response obligations


def action_rank(o: Obligation) -> int:
    """Rank of what must be done: armed force named as a means counts as armed force; ``assist`` with named
    means ranks as its strongest means (4 when no means are named).

    >>> from servanda.api import load
    >>> action_rank(load("nato.nat@1949").obligations()["assist"])
    5
    """
    if set(o.means) & ARMED_MEANS:
        return 5
    if o.action is Action.ASSIST and o.means:
        return max(ACTION_RANK.get(m, 0) for m in o.means)
    return ACTION_RANK.get(o.action, 0)


@dataclass
class Response:
    """An obligation a guarantor bears when the beneficiary is attacked or threatened."""

    view: ObligationView
    citations: list[Citation]

    @property
    def obligation(self) -> Obligation:
        """The obligation."""
        return self.view.obligation

    @property
    def action_rank(self) -> int:
        """Strength of what must be done (armed force named as a means counts as armed force)."""
        return action_rank(self.obligation)

    @property
    def strength(self) -> tuple[int, int]:
        """(action rank, discretion rank)."""
        return (self.action_rank, DISCRETION_RANK[self.obligation.discretion])

    def describe(self) -> str:
        """``assist incl. use_armed_force (deems_necessary)``."""
        o = self.obligation
        means = f" incl. {', '.join(m.value for m in o.means)}" if o.means else ""
        return f"{o.action.value}{means} ({o.discretion.value})"


def responses(instrument: Instrument, who: Perspective) -> list[Response]:
    """Triggered duties borne by the perspective's guarantors (any of them), strongest first."""
    out: list[Response] = []
    for view in obligation_views(instrument):
        o = view.obligation
        if o.trigger is None or not view.is_duty or ACTION_RANK.get(o.action, 0) == 0:
            continue
        if who.guarantors and not any(bearing(instrument, o, g).bears for g in who.guarantors):
            continue
        cites = merge_citations(
            [cite_clause(view.clause)], *(cite(instrument, t) for t in trigger_chain(instrument, o.trigger))
        )
        out.append(Response(view, cites))
    out.sort(key=lambda r: r.strength, reverse=True)
    return out


def _core(instrument: Instrument, who: Perspective) -> Response | None:
    found = responses(instrument, who)
    return found[0] if found else None


# --------------------------------------------------------------------------- dimensions


def legal_form(instrument: Instrument, who: Perspective) -> Cell:
    """Legal bindingness and ratification: (form rank, ratification rank)."""
    form = instrument.legal_form
    cites = [Citation(None, "legal form", pinpoints(form.sources))] if form.sources else []
    summary = f"{form.kind.value.replace('_', ' ')}, {form.ratification.value.replace('_', ' ')}"
    return Cell(
        summary,
        (LEGAL_FORM_RANK[form.kind], RATIFICATION_RANK[form.ratification]),
        tuple(cites),
        {"kind": form.kind.value, "ratification": form.ratification.value, "status": instrument.status.value},
    )


def _coverage(cases: list[Case]) -> int:
    classes = frozenset().union(*(c.classes for c in cases)) if cases else frozenset()
    level = 2 if classes >= ARMED_ATTACK else (1 if classes & ARMED_ATTACK else 0)
    return level + (1 if classes >= THREATS else 0)


def trigger_scope(instrument: Instrument, who: Perspective) -> Cell:
    """Trigger scope of the core obligation: (event coverage, any actor, anywhere)."""
    core = _core(instrument, who)
    if core is None:
        return Cell("no triggered obligation of a guarantor", None)
    cases = core.view.cases
    coverage = _coverage(cases)
    any_actor = any(not c.actor_restricted for c in cases)
    anywhere = any(not c.location_restricted for c in cases)
    kinds = {
        0: "other events only",
        1: "some kinds of armed attack",
        2: "any armed attack",
        3: "any armed attack or threat",
    }
    actors = sorted({a for c in cases for a in (c.actors or [])})
    areas = sorted({g for c in cases for g in c.inside} | {f"not {g}" for c in cases for g in c.outside})
    countries = sorted({x for c in cases for x in (c.countries or [])})
    own = ["the attacked state's own territory"] if any(c.own_territory for c in cases) else []
    where = "anywhere" if anywhere else "in " + ", ".join(areas + countries + own)
    who_text = "by anyone" if any_actor else "by " + ", ".join(actors)
    extra = " (severity threshold)" if any(c.threshold or c.min_deaths for c in cases) else ""
    summary = f"{kinds[coverage]}, {where}, {who_text}{extra}; trigger `{core.obligation.trigger}` ({core.view.trigger_kind})"
    return Cell(
        summary,
        (coverage, int(any_actor), int(anywhere)),
        tuple(core.citations),
        {
            "obligation": core.obligation.id,
            "trigger": core.obligation.trigger,
            "actors": actors,
            "areas": areas,
            "countries": countries,
        },
    )


def obligation_strength(instrument: Instrument, who: Perspective) -> Cell:
    """Strength of the strongest triggered duty: (action rank, discretion rank)."""
    core = _core(instrument, who)
    if core is None:
        return Cell("no triggered obligation of a guarantor", None)
    action, disc = core.strength
    summary = f"{core.describe()}: {ACTION_LEVEL_NAMES.get(action, 'other')}; `{core.obligation.id}`"
    return Cell(summary, (action, disc), tuple(core.citations), {"obligation": core.obligation.id})


def _clock(o: Obligation) -> tuple[float, ...]:
    """How soon: (clock level, −hours); hard deadline ≤ 7 days 4 > forthwith 3 > promptly 2 > longer deadline 1."""
    if o.deadline is not None:
        hours = o.deadline.within.approx_days() * 24
        return (4.0, -hours) if hours <= HARD_CLOCK_HOURS else (1.0, -hours)
    return (float(PROMPTNESS_RANK[o.promptness]), 0.0)


def clock_key(r: Response) -> tuple[float, ...]:
    """Rank of a response clock: first *what* must be done (action rank), then how soon (:func:`_clock`).

    A clock on a stronger duty beats any clock on a weaker one: "assist forthwith" (armed force, 5) ranks
    above "consult within 24 hours" (consultation, 1), whatever the hours.
    """
    return (float(r.action_rank), *_clock(r.obligation))


def _clock_text(o: Obligation) -> str:
    if o.deadline is not None:
        return f"{o.action.value} within {o.deadline.within}"
    return (
        f"{o.action.value} {o.promptness.value}"
        if o.promptness is not Promptness.NONE
        else f"{o.action.value}: no clock"
    )


def response_clock(instrument: Instrument, who: Perspective) -> Cell:
    """The clock on the strongest clocked duty: what must be done first (action rank), then how soon."""
    found = [r for r in responses(instrument, who) if _clock(r.obligation)[0] > 0]
    if not found:
        return Cell("no clock on any triggered obligation", None)
    found.sort(key=clock_key, reverse=True)
    best = found[0]
    others = [r for r in found[1:4] if r.obligation.id != best.obligation.id]
    shown = [best, *others]
    summary = "; ".join(f"{_clock_text(r.obligation)} (`{r.obligation.id}`)" for r in shown)
    cites = merge_citations(*(r.citations for r in shown))
    return Cell(
        summary,
        clock_key(best),
        tuple(cites),
        {"obligation": best.obligation.id, "action": ACTION_LEVEL_NAMES.get(best.action_rank, "other")},
    )


def _words(text: str) -> str:
    return " ".join(text.lower().replace("[...]", " ").split())


def _clauses_quoting(instrument: Instrument, conditions: list[Condition]) -> list[Clause]:
    """Clauses whose text holds a condition's quoted words (e.g. NATO Art. 11 for ``constitutional_processes``)."""
    quotes = [_words(c.text) for c in conditions if c.text and len(c.text) >= 20]
    return [cl for cl in instrument.clauses if cl.text and any(q in _words(cl.text) for q in quotes)]


def automaticity(instrument: Instrument, who: Perspective) -> Cell:
    """How the core obligation activates: automatic > on request > domestic procedure > further joint decision."""
    core = _core(instrument, who)
    if core is None:
        return Cell("no triggered obligation of a guarantor", None)
    conditions = core.obligation.conditions
    level = min([3, *(AUTOMATICITY_RANK[c.kind] for c in conditions)])
    excepted = [x.id for c in instrument.clauses for x in c.exceptions if core.obligation.id in x.to]
    shown = ", ".join(c.kind.value for c in conditions) or "no conditions"
    summary = f"{AUTOMATICITY_NAMES[level]} ({shown})" + (
        f"; exceptions: {', '.join(excepted)}" if excepted else ""
    )
    exception_cites = [cite(instrument, x) for x in excepted]
    condition_cites = [cite_clause(c) for c in _clauses_quoting(instrument, conditions)]
    return Cell(
        summary,
        (level, -len(excepted)),
        tuple(merge_citations(core.citations, condition_cites, *exception_cites)),
        {
            "obligation": core.obligation.id,
            "conditions": [c.kind.value for c in conditions],
            "exceptions": excepted,
        },
    )


def institutional_depth(instrument: Instrument, who: Perspective) -> Cell:
    """Institutions: (depth level high/moderate/cooperation, number of distinct kinds)."""
    kinds: dict[InstitutionKind, list[Citation]] = {}
    for clause in instrument.clauses:
        for inst in clause.institutions:
            kinds.setdefault(inst.kind, []).append(cite_clause(clause))
        for o in clause.obligations:
            if o.standing and o.action in (Action.STATION_FORCES, Action.GRANT_BASING):
                kinds.setdefault(InstitutionKind.BASING_RIGHTS, []).append(cite_clause(clause))
    practised = [p for p in who.practice if p.kind not in {k.value for k in kinds}]
    if not kinds and not practised:
        return Cell("no institutions", None)
    text_level = max((INSTITUTION_LEVEL[k] for k in kinds), default=0)
    level = max([text_level, *(p.level for p in practised)])
    names = ", ".join(sorted(k.value for k in kinds)) or "none in the text"
    summary = f"{INSTITUTION_NAMES[level]}: {names}"
    if practised:
        in_text = INSTITUTION_NAMES.get(text_level, "none")
        summary += f"; as practised: {', '.join(p.kind for p in practised)} (text alone: {in_text})"
    practice_cites = [Citation(None, f"as practised: {p.kind}", (p.source, p.url)) for p in practised]
    return Cell(
        summary,
        (level, len(kinds) + len(practised)),
        tuple(merge_citations(*kinds.values(), practice_cites)),
        {"kinds": sorted(k.value for k in kinds), "practice": [p.to_json() for p in practised]},
    )


def duration(instrument: Instrument, who: Perspective) -> Cell:
    """Term and renewal: indefinite or self-renewing > renewable by agreement > fixed; longer is stronger."""
    term = instrument.term
    cites = tuple(cite(instrument, term.clause))
    if term.length == "unspecified":
        return Cell("the text sets no term", None, cites)
    if term.length == "indefinite":
        return Cell("no fixed term (indefinite)", (3.0, 0.0), cites, {"length": "indefinite"})
    if term.length == "until_event":
        text = f"until {term.ends_on}" if term.ends_on else "until a stated event"
        return Cell(text, (2.0, 0.0), cites, {"length": "until_event", "ends_on": term.ends_on})
    assert isinstance(term.length, Duration)
    days = term.length.approx_days()
    if term.renewal is Renewal.AUTOMATIC:
        level, text = 3.0, "renews automatically"
    elif term.renewal is Renewal.BY_MUTUAL_AGREEMENT:
        level, text = 2.0, "renewable by agreement"
    else:
        level, text = 1.0, "no renewal" if term.renewal is Renewal.NONE else "renewal not stated"
    return Cell(
        f"{term.length}, {text}",
        (level, 0.0 if level == 3.0 else days),
        cites,
        {"length": str(term.length), "renewal": term.renewal.value},
    )


def withdrawal(instrument: Instrument, who: Perspective) -> Cell:
    """Exit: locked > notice only after a minimum term > notice (longer stronger) > at will."""
    term = instrument.term
    w = term.withdrawal
    cites = merge_citations(cite(instrument, w.clause), cite(instrument, term.clause))
    locks = [lk for lk in term.locks if not who.guarantors or lk.state in who.guarantors]
    binding = LEGAL_FORM_RANK[instrument.legal_form.kind] > 0
    notice_days = w.notice.approx_days() if w.notice else 0.0
    if locks:
        lock_cites = [
            Citation(None, f"lock `{lk.id}` ({lk.state})", (lk.legal_basis, *pinpoints(lk.sources)))
            for lk in locks
        ]
        reqs = "; ".join(f"{lk.state}: {' or '.join(r.value for r in lk.requires)}" for lk in locks)
        return Cell(
            f"locked ({reqs})",
            (4.0, notice_days),
            tuple(merge_citations(cites, lock_cites)),
            {"locks": [lk.id for lk in locks]},
        )
    if w.allowed == "unspecified":
        return Cell("exit terms not known (text not verified)", None, tuple(cites))
    if not w.allowed:
        if binding:
            return Cell("no withdrawal clause (general treaty law applies)", (3.0, 0.0), tuple(cites))
        return Cell("no withdrawal clause; not legally binding", (1.0, 0.0), tuple(cites))
    if w.earliest_after is not None:
        return Cell(
            f"notice {w.notice or 'none'}, not before {w.earliest_after} in force",
            (3.0, w.earliest_after.approx_days() + notice_days),
            tuple(cites),
        )
    if w.notice is not None:
        return Cell(f"notice {w.notice}", (2.0, notice_days), tuple(cites))
    return Cell("at will (no notice period)", (1.0, 0.0), tuple(cites))


def enforcement_side(instrument: Instrument, e: Enforcement, who: Perspective) -> str:
    """``guarantor`` when a mechanism holds a defaulting guarantor to its word, else ``aggressor``.

    A mechanism is against a guarantor when its ``against`` names one of the instrument's guarantors (or
    those read), or when it names nobody and answers the breach of an obligation a guarantor bears. Any
    other mechanism (snap-back of sanctions on the attacker, escrowed assets of the attacker, monitoring a
    ceasefire) imposes costs on the aggressor or a third party, not on a guarantor that defaults.

    >>> from servanda.api import load
    >>> usa = load("examples/ukraine-2025/usa.yaml")
    >>> e = usa.clause_of("sanctions_snapback").enforcement[0]
    >>> enforcement_side(usa, e, Perspective.of(usa))
    'aggressor'
    """
    held = set(who.guarantors) | {g for g in guarantors(instrument) if not g.startswith("org:")}
    against = set(instrument.expand(list(e.against)))
    if against & held:
        return "guarantor"
    if not against:
        obligations = instrument.obligations()
        for oid in e.answers_breach_of:
            o = obligations.get(oid)
            if o is not None and any(bearing(instrument, o, g).bears for g in held):
                return "guarantor"
    return "aggressor"


def _enforcement(instrument: Instrument, who: Perspective, side: str) -> Cell:
    found: dict[EnforcementMechanism, list[Citation]] = {}
    for clause in instrument.clauses:
        for e in clause.enforcement:
            if enforcement_side(instrument, e, who) == side:
                found.setdefault(e.mechanism, []).append(cite_clause(clause))
    if not found:
        return Cell("none", None)
    level = max(ENFORCEMENT_LEVEL[m] for m in found)
    names = ", ".join(sorted(m.value for m in found))
    return Cell(
        f"{ENFORCEMENT_NAMES[level]}: {names}", (level, len(found)), tuple(merge_citations(*found.values()))
    )


def enforcement(instrument: Instrument, who: Perspective) -> Cell:
    """Enforcement against a defaulting guarantor: self-executing > adjudication > monitoring; more kinds."""
    return _enforcement(instrument, who, "guarantor")


def aggressor_costs(instrument: Instrument, who: Perspective) -> Cell:
    """Costs pre-committed against the aggressor (snap-back, escrow, attribution): same scale as enforcement."""
    return _enforcement(instrument, who, "aggressor")


def funding(instrument: Instrument, who: Perspective) -> Cell:
    """Funding: some commitment free of appropriations > all subject to appropriations; amounts shown."""
    items = [(clause, f) for clause in instrument.clauses for f in clause.funding]
    if who.guarantors:
        items = [(c, f) for c, f in items if set(instrument.expand(f.by)) & set(who.guarantors)] or items
    if not items:
        return Cell("none", None)
    level = 2 if any(not f.subject_to_appropriations for _, f in items) else 1
    parts = [
        f"{f.amount / 1e9:g} bn {f.currency} {'a year' if f.per == 'year' else 'in total'}"
        f"{' (subject to appropriations)' if f.subject_to_appropriations else ''}"
        for _, f in items
    ]
    per_year: dict[str, float] = {}
    for _, f in items:
        if f.per == "year":
            per_year[f.currency] = per_year.get(f.currency, 0.0) + f.amount
    return Cell(
        "; ".join(parts),
        (float(level),),
        tuple(merge_citations([cite_clause(c) for c, _ in items])),
        {"per_year": per_year},
    )


@dataclass(frozen=True)
class Dimension:
    """A documented comparison dimension."""

    id: str
    title: str
    rule: str
    read: Callable[[Instrument, Perspective], Cell]


DIMENSIONS: tuple[Dimension, ...] = (
    Dimension("legal_form", "Legal bindingness & ratification", "form rank, then ratification rank", legal_form),
    Dimension("trigger_scope", "Trigger scope (what, where, by whom)", "attack coverage, then any actor, then anywhere", trigger_scope),
    Dimension("obligation", "Obligation strength & discretion", "action rank, then discretion rank", obligation_strength),
    Dimension("clock", "Response clock", "clock on the strongest clocked duty: action rank first, then hard deadline ≤ 7 days > forthwith/immediately > promptly > longer deadline; shorter first", response_clock),
    Dimension("automaticity", "Automaticity", "automatic > on request > domestic procedure > joint decision; fewer exceptions", automaticity),
    Dimension("institutions", "Institutional depth", "high > moderate > cooperation; then number of kinds (text, plus the cited layer of practice when included)", institutional_depth),
    Dimension("duration", "Duration & renewal", "indefinite/self-renewing > renewable by agreement > fixed; then length", duration),
    Dimension("withdrawal", "Withdrawal notice & locks", "locked > after minimum term > notice > at will; then time to exit", withdrawal),
    Dimension("enforcement", "Enforcement against a defaulting guarantor", "self-executing > adjudication > monitoring; then number of kinds", enforcement),
    Dimension("aggressor_costs", "Costs on the aggressor", "self-executing > adjudication > monitoring; then number of kinds", aggressor_costs),
    Dimension("funding", "Funding", "commitment free of appropriations > subject to appropriations", funding),
)  # fmt: skip
