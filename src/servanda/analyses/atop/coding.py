"""Code an instrument into ATOP alliance-level and member-level variables (rules: ``docs/atop.md``).

Every value is a :class:`Coded`: the ATOP code, the rule that produced it, the clauses it rests on, and —
when the encoding cannot decide between codes — ``value=None`` with the ``candidates`` left open. A value
is never guessed: undecided variables are exported as empty cells.

Example:
    >>> from servanda.api import load
    >>> coding = code_instrument(load("nato.nat@1949"))
    >>> coding.value("defense"), coding.value("offense"), coding.value("speclgth"), coding.value("length")
    (1, 0, 3, 0)
    >>> coding.member_value("USA", "defcoloc")
    1
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from servanda.analyses.atop.cow import cow_code
from servanda.analyses.query import (
    DECLARATION,
    PROMISE,
    Citation,
    ObligationView,
    bearing,
    cite,
    cite_clause,
    members,
    merge_citations,
    obligation_views,
    trigger_chain,
)
from servanda.model.instrument import Instrument
from servanda.model.periods import Duration
from servanda.model.vocabulary import (
    Action,
    ConditionKind,
    InstitutionKind,
    InstrumentStatus,
    Modality,
    Renewal,
    TimeUnit,
)
from servanda.semantics.cases import Case

#: Trigger kinds whose obligations answer an attack on a member (ATOP defense).
ATTACK_KINDS = frozenset({"attack", "threat_of_attack", "nuclear_aggression", "breach"})
#: Trigger kinds whose active-support obligations are not a response to an attack (ATOP offense).
OFFENSE_KINDS = frozenset({"situation"})

PLEDGES = ("defense", "offense", "neutral", "nonagg", "consul")

#: Columns shared by the alliance- and member-level files: dates/duration and pledges (first part) …
_COMMON_HEAD: tuple[str, ...] = (
    "ineffect", "bilat", "speclgth", "length", "renounce", "proren", "renewlgt",
    "defense", "offense", "neutral", "nonagg", "consul", "active",
    "conditio", "defcon", "offcon", "neucon", "concon",
)  # fmt: skip
#: … and depth and economic provisions (last part).
_COMMON_TAIL: tuple[str, ...] = (
    "asymm", "noothall", "milcon", "milaid", "intcom", "organ1", "orgpurp1", "base", "nomicoop", "ecaid",
)  # fmt: skip

#: Alliance-level columns, in ATOP 4.01 order (a subset; see docs/atop.md).
ALLIANCE_COLUMNS: tuple[str, ...] = (
    "atopid", "begyr", "begmo", "begday", "endyr", "endmo", "endday", *_COMMON_HEAD, *_COMMON_TAIL,
)  # fmt: skip

#: Member-level condition columns (ATOP member file), per pledge.
CONDITION_COLUMNS: tuple[str, ...] = (
    "defcoadv", "defcoloc", "defcocon", "defconum", "defcodem", "defconpr",
    "offcoadv", "offcoloc", "offcocon", "offconum", "offcodem",
    "neucoadv", "neucoloc", "neucocon", "neuconum", "neucodem", "neuconpr", "neucoatt",
    "concoadv", "concoloc", "concocon", "concoreq",
)  # fmt: skip

#: Member-level columns, in ATOP 4.01 order (a subset).
MEMBER_COLUMNS: tuple[str, ...] = (
    "atopid", "member", "yrent", "moent", "dayent", "yrexit", "moexit", "dayexit",
    *_COMMON_HEAD, *CONDITION_COLUMNS, *_COMMON_TAIL,
)  # fmt: skip

#: Variables whose value is the same for every member (copied from the alliance level).
SHARED_VARIABLES: tuple[str, ...] = (
    "ineffect",
    "bilat",
    "speclgth",
    "length",
    "renounce",
    "proren",
    "renewlgt",
    "asymm",
    "noothall",
    "milcon",
    "milaid",
    "intcom",
    "organ1",
    "orgpurp1",
    "base",
    "nomicoop",
    "ecaid",
)


@dataclass(frozen=True)
class Coded:
    """One coded ATOP variable.

    >>> Coded(None, "base.basing", candidates=(1, 2, 3)).cell()
    ''
    """

    value: int | None
    rule: str
    evidence: tuple[Citation, ...] = ()
    candidates: tuple[int, ...] = ()
    note: str | None = None

    @property
    def decided(self) -> bool:
        """The encoding decides the code."""
        return self.value is not None

    def cell(self) -> str:
        """CSV cell: the code, or empty when undecided."""
        return "" if self.value is None else str(self.value)

    def to_json(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        out: dict[str, Any] = {"value": self.value, "rule": self.rule}
        if self.value is None and self.candidates:
            out["candidates"] = list(self.candidates)
        if self.note:
            out["note"] = self.note
        out["evidence"] = [c.to_json() for c in self.evidence]
        return out


def _fixed(value: int, rule: str, evidence: Iterable[Citation] = (), note: str | None = None) -> Coded:
    return Coded(value, rule, tuple(evidence), (), note)


def _open(
    candidates: Iterable[int], rule: str, evidence: Iterable[Citation] = (), note: str | None = None
) -> Coded:
    cands = tuple(sorted(set(candidates)))
    if len(cands) == 1:
        return Coded(cands[0], rule, tuple(evidence), (), note)
    return Coded(None, rule, tuple(evidence), cands, note)


def _any(items: Iterable[Coded], rule: str, note: str | None = None) -> Coded:
    """Three-valued OR of 0/1 codes: 1 if any is 1, undecided if any is undecided, else 0."""
    items = list(items)
    ones = [c for c in items if c.value == 1]
    if ones:
        return _fixed(1, rule, merge_citations(*(c.evidence for c in ones)), note)
    open_ = [c for c in items if c.value is None]
    if open_:
        return Coded(None, rule, tuple(merge_citations(*(c.evidence for c in open_))), (0, 1), note)
    return _fixed(0, rule, (), note)


@dataclass
class AtopCoding:
    """An instrument coded into ATOP variables, alliance- and member-level."""

    instrument_id: str
    title: str
    alliance: dict[str, Coded]
    members: dict[str, dict[str, Coded]]
    notes: list[str] = field(default_factory=list)

    def value(self, variable: str) -> int | None:
        """Alliance-level code (None if undecided)."""
        return self.alliance[variable].value

    def member_value(self, member: str, variable: str) -> int | None:
        """Member-level code of ``member`` (ISO3)."""
        return self.members[member][variable].value

    def alliance_row(self) -> dict[str, str]:
        """One CSV row: ``servanda_id``, ``servanda_title`` and the ATOP columns."""
        row = {"servanda_id": self.instrument_id, "servanda_title": self.title}
        row.update({c: self.alliance[c].cell() for c in ALLIANCE_COLUMNS})
        return row

    def member_rows(self) -> list[dict[str, str]]:
        """One CSV row per member: ``servanda_id``, ``servanda_member`` (ISO3) and the ATOP columns."""
        rows = []
        for member, coded in self.members.items():
            row = {"servanda_id": self.instrument_id, "servanda_member": member}
            row.update({c: coded[c].cell() for c in MEMBER_COLUMNS})
            rows.append(row)
        return rows

    def features(self) -> dict[str, float | None]:
        """Alliance-level values keyed by ATOP column (None = undecided), without identifiers and dates."""
        skip = {"atopid", "begyr", "begmo", "begday", "endyr", "endmo", "endday"}
        return {
            k: (None if v.value is None else float(v.value))
            for k, v in self.alliance.items()
            if k not in skip
        }

    def to_json(self) -> dict[str, Any]:
        """JSON-ready mapping with the rule and evidence of every value."""
        return {
            "instrument": self.instrument_id,
            "title": self.title,
            "alliance": {k: v.to_json() for k, v in self.alliance.items()},
            "members": {m: {k: v.to_json() for k, v in coded.items()} for m, coded in self.members.items()},
            "notes": self.notes,
        }


# --------------------------------------------------------------------------- pledges per member


def _obligation_cites(instrument: Instrument, view: ObligationView) -> list[Citation]:
    trig = trigger_chain(instrument, view.obligation.trigger) if view.obligation.trigger else []
    return merge_citations([cite_clause(view.clause)], *(cite(instrument, t) for t in trig))


def _own_territory_only(case: Case, member: str) -> bool:
    return case.countries is not None and set(case.countries) <= {member} and not case.inside


def _defending_cases(instrument: Instrument, view: ObligationView, member: str) -> list[Case]:
    """Cases in which ``member`` must act for another state attacked outside ``member``'s own territory."""
    how = bearing(instrument, view.obligation, member)
    if not (how.always or how.when_other_attacked):
        return []
    out = []
    for case in view.cases:
        targets = case.possible_targets()
        if targets is not None and not (targets - {member}):
            continue  # only ever attacks on the member itself
        if _own_territory_only(case, member):
            continue  # defending its own territory is not an alliance pledge
        out.append(case)
    return out


def _pledge(routes: list[tuple[ObligationView, list[Case]]], instrument: Instrument, rule: str) -> Coded:
    promise = [(v, c) for v, c in routes if v.obligation.discretion in PROMISE]
    declared = [(v, c) for v, c in routes if v.obligation.discretion in DECLARATION]
    if promise:
        return _fixed(1, rule, merge_citations(*(_obligation_cites(instrument, v) for v, _ in promise)))
    if declared:
        return Coded(
            None,
            rule,
            tuple(merge_citations(*(_obligation_cites(instrument, v) for v, _ in declared))),
            (0, 1),
            "only a statement of intent or policy: ATOP codes written promises; undecided",
        )
    return _fixed(0, rule)


def _conditions(
    prefix: str,
    routes: list[tuple[ObligationView, list[Case]]],
    pledged: Coded,
    instrument: Instrument,
    *,
    request: bool = False,
    provocation: bool = False,
    attack_detail: bool = True,
) -> dict[str, Coded]:
    """``{prefix}coadv``, ``{prefix}coloc``, … for one pledge (all 0 when the pledge is absent)."""
    names = [f"{prefix}coadv", f"{prefix}coloc", f"{prefix}cocon"]
    if attack_detail:
        names += [f"{prefix}conum", f"{prefix}codem"]
    if provocation:
        names.append(f"{prefix}conpr")
    if request:
        names.append(f"{prefix}coreq")
    if pledged.value == 0:
        return {n: _fixed(0, f"{prefix}.no_pledge") for n in names}
    used = [(v, c) for v, c in routes if v.obligation.discretion in PROMISE] or routes
    cases = [c for _, cs in used for c in cs]
    cites = merge_citations(*(_obligation_cites(instrument, v) for v, _ in used))
    parties = set(instrument.party_codes)
    out: dict[str, Coded] = {}
    adv = bool(cases) and all(c.actor_restricted for c in cases)
    out[f"{prefix}coadv"] = _fixed(int(adv), "condition.adversary", cites if adv else ())
    restricted = bool(cases) and all(c.location_restricted for c in cases)
    region = any(
        c.has_region or c.excluded_countries or (c.countries is not None and not set(c.countries) <= parties)
        for c in cases
    )
    loc = restricted and region
    out[f"{prefix}coloc"] = _fixed(int(loc), "condition.location", cites if loc else ())
    other = [v for v, _ in used if any(k.kind is ConditionKind.OTHER for k in v.obligation.conditions)]
    unreadable = [f"{prefix}cocon"] + ([f"{prefix}conum", f"{prefix}codem"] if attack_detail else [])
    for name in unreadable:
        if other:
            out[name] = Coded(
                None,
                "condition.unexpressible",
                tuple(merge_citations(*(_obligation_cites(instrument, v) for v in other))),
                (0, 1),
                "a condition of kind `other` may be this one; undecided",
            )
        else:
            out[name] = _fixed(0, "condition.unexpressible")
    if provocation:
        npr = bool(used) and all(
            any(k.kind is ConditionKind.NON_PROVOCATION for k in v.obligation.conditions) for v, _ in used
        )
        out[f"{prefix}conpr"] = _fixed(int(npr), "condition.non_provocation", cites if npr else ())
    if request:
        req = bool(used) and all(
            any(k.kind is ConditionKind.REQUEST_OF_PARTY for k in v.obligation.conditions) for v, _ in used
        )
        out[f"{prefix}coreq"] = _fixed(int(req), "condition.request", cites if req else ())
    return out


def _member_pledges(instrument: Instrument, views: list[ObligationView], member: str) -> dict[str, Coded]:
    duties = [v for v in views if v.is_duty]
    defence_routes = [
        (v, cases)
        for v in duties
        if v.is_active_support and v.trigger_kind in ATTACK_KINDS
        for cases in [_defending_cases(instrument, v, member)]
        if cases
    ]
    offence_routes = [
        (v, v.cases)
        for v in duties
        if v.is_active_support
        and v.trigger_kind in OFFENSE_KINDS
        and bearing(instrument, v.obligation, member).bears
    ]
    consult_routes = [
        (v, v.cases)
        for v in duties
        if v.obligation.action is Action.CONSULT
        and v.obligation.trigger is not None
        and bearing(instrument, v.obligation, member).bears
    ]
    nonagg_routes = [
        (v, v.cases)
        for v in views
        if bearing(instrument, v.obligation, member).always
        and (
            (
                v.obligation.modality is Modality.OBLIGATION
                and v.obligation.action in (Action.REFRAIN_FROM_FORCE, Action.REFRAIN_FROM_THREAT_OF_FORCE)
            )
            or (
                v.obligation.modality is Modality.PROHIBITION
                and v.obligation.action is Action.USE_ARMED_FORCE
            )
        )
    ]
    out: dict[str, Coded] = {}
    out["defense"] = _pledge(defence_routes, instrument, "pledge.defense")
    out["offense"] = _pledge(offence_routes, instrument, "pledge.offense")
    out["neutral"] = _fixed(0, "pledge.neutral", note="the format has no action for a neutrality promise")
    out["nonagg"] = _pledge(nonagg_routes, instrument, "pledge.nonagg")
    out["consul"] = _pledge(consult_routes, instrument, "pledge.consul")
    out["active"] = _any([out["defense"], out["offense"]], "pledge.active")
    out.update(_conditions("def", defence_routes, out["defense"], instrument, provocation=True))
    out.update(_conditions("off", offence_routes, out["offense"], instrument))
    neutral = {n: _fixed(0, "pledge.neutral") for n in CONDITION_COLUMNS if n.startswith("neu")}
    out.update(neutral)
    out.update(
        _conditions("con", consult_routes, out["consul"], instrument, request=True, attack_detail=False)
    )
    for prefix in ("def", "off", "neu", "con"):
        parts = [v for k, v in out.items() if k.startswith(prefix + "co")]
        out[f"{prefix}con"] = _any(parts, "condition.any")
    out["conditio"] = _any([out["defcon"], out["offcon"], out["neucon"], out["concon"]], "condition.any")
    return out


def _profile(instrument: Instrument, views: list[ObligationView], member: str) -> frozenset[tuple[str, ...]]:
    out = set()
    for v in views:
        if bearing(instrument, v.obligation, member).bears:
            o = v.obligation
            out.add((o.modality.value, o.action.value, v.trigger_kind or "standing", o.discretion.value))
    return frozenset(out)


# --------------------------------------------------------------------------- alliance-wide variables


def _months(d: Duration) -> int:
    factor = {
        TimeUnit.YEARS: 12.0,
        TimeUnit.MONTHS: 1.0,
        TimeUnit.WEEKS: 7 / 30.4375,
        TimeUnit.DAYS: 1 / 30.4375,
    }
    return round(d.amount * factor.get(d.unit, 0.0))


def _term_cites(instrument: Instrument) -> list[Citation]:
    term = instrument.term
    return merge_citations(cite(instrument, term.clause), cite(instrument, term.withdrawal.clause))


def _duration(instrument: Instrument) -> dict[str, Coded]:
    term = instrument.term
    cites = _term_cites(instrument)
    out: dict[str, Coded] = {}
    if isinstance(term.length, Duration):
        out["speclgth"] = _fixed(1, "term.fixed", cites)
        out["length"] = _fixed(_months(term.length), "term.length_months", cites)
    elif term.length == "indefinite":
        out["speclgth"] = _fixed(3, "term.indefinite", cites)
        out["length"] = _fixed(0, "term.length_months")
    elif term.length == "until_event":
        out["speclgth"] = _fixed(2, "term.until_event", cites)
        out["length"] = _fixed(0, "term.length_months")
    else:
        out["speclgth"] = _fixed(0, "term.unspecified", cites)
        out["length"] = _fixed(0, "term.length_months")
    w = term.withdrawal
    if w.allowed == "unspecified":
        out["renounce"] = _open((0, 1, 3), "exit.unknown", cites, "the withdrawal terms are not known")
    elif not w.allowed:
        out["renounce"] = _fixed(0, "exit.none", cites)
    elif w.earliest_after is None:
        out["renounce"] = _fixed(1, "exit.notice", cites)
    elif isinstance(term.length, Duration) and w.earliest_after.approx_days() >= term.length.approx_days():
        out["renounce"] = _fixed(
            0, "exit.end_of_term", cites, "exit only once the fixed term has run: coded by length and proren"
        )
    else:
        out["renounce"] = _fixed(3, "exit.after_minimum", cites)
    proren = {Renewal.AUTOMATIC: 2, Renewal.BY_MUTUAL_AGREEMENT: 1}.get(term.renewal, 0)
    out["proren"] = _fixed(proren, f"renewal.{term.renewal.value}", cites if proren else ())
    length = _months(term.renewal_length) if proren and term.renewal_length is not None else 0
    out["renewlgt"] = _fixed(length, "renewal.length_months", cites if length else ())
    return out


def _institutions(instrument: Instrument, views: list[ObligationView]) -> dict[str, Coded]:
    kinds: dict[InstitutionKind, list[Citation]] = {}
    for clause in instrument.clauses:
        for inst in clause.institutions:
            if inst.planned:
                continue  # intended institutions are not coded as existing
            kinds.setdefault(inst.kind, []).append(cite_clause(clause))
    stationing = [
        cite_clause(v.clause)
        for v in views
        if v.obligation.action is Action.STATION_FORCES
        and v.obligation.modality in (Modality.OBLIGATION, Modality.PERMISSION, Modality.RIGHT)
        and v.obligation.standing
    ]
    granting = [
        cite_clause(v.clause)
        for v in views
        if v.obligation.action is Action.GRANT_BASING and v.obligation.standing
    ]
    mil_aid = [
        cite_clause(v.clause)
        for v in views
        if v.obligation.action is Action.PROVIDE_MILITARY_ASSISTANCE and v.obligation.standing and v.is_duty
    ]
    out: dict[str, Coded] = {}
    got = kinds.get
    out["intcom"] = (
        _fixed(1, "institution.integrated_command", got(InstitutionKind.INTEGRATED_COMMAND, []))
        if InstitutionKind.INTEGRATED_COMMAND in kinds
        else _fixed(0, "institution.integrated_command")
    )
    if InstitutionKind.COMMON_DEFENCE_POLICY in kinds:
        out["milcon"] = _fixed(3, "institution.milcon", kinds[InstitutionKind.COMMON_DEFENCE_POLICY])
    elif InstitutionKind.JOINT_PLANNING in kinds:
        out["milcon"] = _fixed(2, "institution.milcon", kinds[InstitutionKind.JOINT_PLANNING])
    else:
        out["milcon"] = _fixed(0, "institution.milcon")
    training = kinds.get(InstitutionKind.TRAINING, [])
    aid = kinds.get(InstitutionKind.MILITARY_AID_PROGRAMME, []) + mil_aid
    if training and aid:
        out["milaid"] = _open((3, 4), "institution.milaid", merge_citations(training, aid))
    elif training:
        out["milaid"] = _fixed(3, "institution.milaid", training)
    elif aid:
        out["milaid"] = _open((1, 2), "institution.milaid", merge_citations(aid))
    else:
        out["milaid"] = _fixed(0, "institution.milaid")
    forces = kinds.get(InstitutionKind.FORWARD_DEPLOYED_FORCES, []) + stationing
    bases = kinds.get(InstitutionKind.BASING_RIGHTS, []) + granting
    if forces:
        out["base"] = _fixed(3, "institution.base", merge_citations(forces, bases))
    elif bases:
        out["base"] = _open((1, 2, 3), "institution.base", merge_citations(bases))
    else:
        out["base"] = _fixed(0, "institution.base")
    if InstitutionKind.STANDING_ORGANISATION in kinds:
        org = kinds[InstitutionKind.STANDING_ORGANISATION]
        out["organ1"] = _fixed(2, "institution.organ1", org)
        out["orgpurp1"] = _open(
            (1, 2, 3, 4, 5),
            "institution.orgpurp1",
            org,
            "the format does not record an organisation's purpose",
        )
    else:
        out["organ1"] = _fixed(0, "institution.organ1")
        out["orgpurp1"] = _fixed(0, "institution.orgpurp1")
    nomicoop = kinds.get(InstitutionKind.NON_MILITARY_COOPERATION, [])
    out["nomicoop"] = _fixed(int(bool(nomicoop)), "institution.nomicoop", nomicoop)
    out["ecaid"] = _economic(instrument, views)
    return out


def _economic(instrument: Instrument, views: list[ObligationView]) -> Coded:
    econ_actions = (Action.PROVIDE_ECONOMIC_ASSISTANCE, Action.PROVIDE_FINANCIAL_ASSISTANCE)
    econ = [
        v
        for v in views
        if v.obligation.action in econ_actions and v.is_duty and v.obligation.discretion in PROMISE
    ]
    obligations = instrument.obligations()
    unlinked = []
    for clause in instrument.clauses:
        for f in clause.funding:
            linked = obligations.get(f.obligation) if f.obligation else None
            if linked is None:
                unlinked.append(cite_clause(clause))
            elif linked.action in econ_actions:
                econ.append(next(v for v in views if v.obligation.id == linked.id))
    if econ:
        return _open(
            (1, 2, 3), "economic.aid", merge_citations(*(_obligation_cites(instrument, v) for v in econ))
        )
    if unlinked:
        return _open(
            (0, 1, 2, 3),
            "economic.aid",
            unlinked,
            "a funding commitment not tied to an obligation: economic or military aid cannot be told apart",
        )
    return _fixed(0, "economic.aid")


def _dates(day: date | None) -> tuple[Coded, Coded, Coded]:
    if day is None:
        return (Coded(None, "date.missing"), Coded(None, "date.missing"), Coded(None, "date.missing"))
    return (_fixed(day.year, "date"), _fixed(day.month, "date"), _fixed(day.day, "date"))


# --------------------------------------------------------------------------- entry point


def code_instrument(instrument: Instrument) -> AtopCoding:
    """Code ``instrument`` into ATOP variables (alliance level and one record per member state)."""
    views = obligation_views(instrument)
    states = members(instrument)
    per_member = {m: _member_pledges(instrument, views, m) for m in states}
    alliance: dict[str, Coded] = {"atopid": Coded(None, "identifier.not_in_atop")}
    begin = instrument.signed or instrument.in_force
    alliance["begyr"], alliance["begmo"], alliance["begday"] = _dates(begin)
    if instrument.terminated:
        alliance["endyr"], alliance["endmo"], alliance["endday"] = _dates(instrument.terminated)
    else:
        alliance["endyr"] = alliance["endmo"] = alliance["endday"] = _fixed(0, "date.not_ended")
    alliance["ineffect"] = _fixed(int(instrument.status is InstrumentStatus.IN_FORCE), "status.in_force")
    alliance["bilat"] = _fixed(int(len(states) == 2), "members.two")
    alliance.update(_duration(instrument))
    for var in (*PLEDGES, "active", "defcon", "offcon", "neucon", "concon", "conditio"):
        alliance[var] = _any([per_member[m][var] for m in states], f"alliance.any_member.{var}")
    alliance["asymm"] = _asymmetry(instrument, views, per_member)
    noothall = [
        cite_clause(v.clause) for v in views if v.obligation.action is Action.NOT_JOIN_CONFLICTING_ALLIANCE
    ]
    alliance["noothall"] = _fixed(int(bool(noothall)), "obligation.no_other_alliance", noothall)
    alliance.update(_institutions(instrument, views))
    members_out: dict[str, dict[str, Coded]] = {}
    for m in states:
        row: dict[str, Coded] = {"atopid": alliance["atopid"]}
        code = cow_code(m)
        row["member"] = (
            _fixed(code, "member.cow_code")
            if code is not None
            else Coded(None, "member.cow_code", note=f"no COW code known for {m}")
        )
        row["yrent"], row["moent"], row["dayent"] = _dates(begin)
        row["yrexit"] = alliance["endyr"]
        row["moexit"] = alliance["endmo"]
        row["dayexit"] = alliance["endday"]
        row.update({k: v for k, v in per_member[m].items()})
        row.update({k: alliance[k] for k in SHARED_VARIABLES})
        members_out[m] = {c: row[c] for c in MEMBER_COLUMNS}
    ordered = {c: alliance[c] for c in ALLIANCE_COLUMNS}
    return AtopCoding(instrument.id, instrument.short_title or instrument.title, ordered, members_out)


def _asymmetry(
    instrument: Instrument, views: list[ObligationView], per_member: Mapping[str, dict[str, Coded]]
) -> Coded:
    states = list(per_member)
    profiles = {m: _profile(instrument, views, m) for m in states}
    if len(set(profiles.values())) > 1:
        differing = [
            cite_clause(v.clause)
            for v in views
            if len({bearing(instrument, v.obligation, m).bears for m in states}) > 1
        ]
        return _fixed(1, "asymmetry.obligations", merge_citations(differing))
    pledges = [tuple(per_member[m][p].value for p in PLEDGES) for m in states]
    decided = [p for p in pledges if None not in p]
    if len(set(decided)) > 1:
        return _fixed(
            1, "asymmetry.pledges", merge_citations(*(per_member[m]["defense"].evidence for m in states))
        )
    if len(decided) < len(pledges):
        return Coded(None, "asymmetry.pledges", (), (0, 1), "a member's pledge is undecided")
    return _fixed(0, "asymmetry.none")
