"""The checker: every problem in an instrument, beyond syntax and schema.

Runs after :mod:`servanda.language.loader` has built an :class:`Instrument`. Checks, in order:
duplicate ids (E208), undefined references (E301), cycles (E302), selectors naming nobody
(E306), geometries (E305), triggers that can never fire (E320) or fire on every event (W401),
obligations nothing activates (E321), conflicting obligations (E303), overlapping exceptions
(E304), exit terms (W402, W407), dates (W404), bearers that are not parties (W406, W408) and
unused definitions (W403).

Example:
    >>> from servanda.language.checker import check_file
    >>> report = check_file("src/servanda/data/library/nato_nat_1949.yaml")
    >>> report.errors
    0
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from servanda.diagnostics import Diagnostic, sort_key
from servanda.diagnostics.catalogue import Severity
from servanda.frontline.frozen import read_line
from servanda.io.yaml_source import PathKey
from servanda.language.loader import LoadResult, breadcrumb, load_instrument
from servanda.language.witnesses import TriggerVerdict, analyse_triggers
from servanda.model.codes import suggest
from servanda.model.instrument import (
    CLAUSE_ELEMENT_KINDS,
    ActorIn,
    AllOf,
    AnyOf,
    CountryIn,
    Inside,
    Instrument,
    Not,
    Outside,
    Predicate,
    TargetIn,
)
from servanda.model.vocabulary import EVENT_SELECTORS, Role
from servanda.semantics.geometry import (
    GeometryError,
    GeometryTable,
    NamedGeometry,
    geometry_order,
    resolve_geometry,
    tested_names,
)
from servanda.semantics.obligations import opposed
from servanda.semantics.predicates import children, declared_geometry_names, key_of, party_refs

_GROUPS = tuple(CLAUSE_ELEMENT_KINDS)
_KIND = CLAUSE_ELEMENT_KINDS


@dataclass
class CheckReport:
    """Diagnostics for one file, with the loaded instrument when there is one."""

    load: LoadResult
    diagnostics: list[Diagnostic] = field(default_factory=list)
    geometries: dict[str, NamedGeometry] = field(default_factory=GeometryTable)
    trigger_verdicts: dict[str, TriggerVerdict] = field(default_factory=dict)

    @property
    def file(self) -> str:
        return self.load.file

    @property
    def instrument(self) -> Instrument | None:
        return self.load.instrument

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == "warning")


def check_file(path: str | Path) -> CheckReport:
    """Load and check one instrument file."""
    return check(load_instrument(path))


def check(load: LoadResult) -> CheckReport:
    """Check a loaded instrument; the report keeps the load diagnostics first."""
    report = CheckReport(load, list(load.diagnostics))
    if load.instrument is not None:
        report.diagnostics.extend(_Checker(load, report).run())
    report.diagnostics.sort(key=sort_key)
    return report


class _Checker:
    def __init__(self, load: LoadResult, report: CheckReport):
        assert load.instrument is not None
        self.load = load
        self.report = report
        self.inst: Instrument = load.instrument
        self.doc = load.document
        self.out: list[Diagnostic] = []
        self.geometry_failed = False

    # ------------------------------------------------------------------ helpers

    def emit(
        self,
        code: str,
        message: str,
        path: PathKey,
        hint: str | None = None,
        key: bool = False,
        notes: Iterable[str] = (),
        level: Severity | None = None,
    ) -> None:
        span = self.doc.key_span_of(path) if key else self.doc.span_of(path)
        self.out.append(
            Diagnostic(
                code,
                message,
                self.load.file,
                span,
                breadcrumb(self.doc.data, path),
                hint,
                tuple(notes),
                level=level,
            )
        )

    def elements(self) -> Iterator[tuple[str, int, Any, PathKey]]:
        for i, clause in enumerate(self.inst.clauses):
            for group in _GROUPS:
                for j, element in enumerate(getattr(clause, group)):
                    yield group, i, element, ("clauses", i, group, j)

    def undefined(self, what: str, name: str, defined: Iterable[str], path: PathKey) -> None:
        close = suggest(name, set(defined))
        self.emit(
            "E301",
            f"undefined {what} `{name}`",
            path,
            f"did you mean `{close[0]}`?" if close else f"define a {what} with id `{name}`",
        )

    # ------------------------------------------------------------------ run

    def run(self) -> list[Diagnostic]:
        self.duplicates()
        self.references()
        self.cycles()
        self.selectors()
        self.load_geometries()
        if not self.geometry_failed and not any(d.code in {"E301", "E302", "E305"} for d in self.out):
            self.satisfiability()
            self.conflicts()
        self.exit_terms()
        self.dates()
        self.unused()
        return self.out

    def duplicates(self) -> None:
        seen: dict[str, PathKey] = {}
        for i, source in enumerate(self.inst.sources):
            self._dup("source", source.id, ("sources", i, "id"), seen)
        parties: dict[str, PathKey] = {}
        for i, party in enumerate(self.inst.parties):
            self._dup("party", party.state, ("parties", i, "state"), parties)
        ids: dict[str, PathKey] = {}
        for i, clause in enumerate(self.inst.clauses):
            self._dup("clause", clause.id, ("clauses", i, "id"), ids)
        for _group, _i, element, path in self.elements():
            self._dup(_KIND[_group], element.id, (*path, "id"), ids)

    def _dup(self, what: str, name: str, path: PathKey, seen: dict[str, PathKey]) -> None:
        if name in seen:
            first = self.doc.span_of(seen[name])
            where = f" (first at line {first.line})" if first else ""
            self.emit("E208", f"duplicate {what} id `{name}`{where}", path, "give each element a unique id")
        else:
            seen[name] = path

    def references(self) -> None:
        sources = {s.id for s in self.inst.sources}
        clauses = {c.id for c in self.inst.clauses}
        triggers = self.inst.triggers()
        obligations = self.inst.obligations()
        exceptions = {x.id for c in self.inst.clauses for x in c.exceptions}

        def check_sources(refs: list[Any], path: PathKey) -> None:
            for k, ref in enumerate(refs):
                if ref.ref not in sources:
                    self.undefined("source", ref.ref, sources, (*path, k, "ref"))

        check_sources(self.inst.legal_form.sources, ("legal_form", "sources"))
        for name, geometry in self.inst.geometries.items():
            check_sources(geometry.sources, ("geometries", name, "sources"))
        for k, lock in enumerate(self.inst.term.locks):
            check_sources(lock.sources, ("term", "locks", k, "sources"))
        for attr, term_path in (("clause", ("term", "clause")),):
            value = getattr(self.inst.term, attr)
            if value and value not in clauses:
                self.undefined("clause", value, clauses, term_path)
        for k, lock in enumerate(self.inst.term.locks):
            if lock.clause and lock.clause not in clauses:
                self.undefined("clause", lock.clause, clauses, ("term", "locks", k, "clause"))
        if self.inst.term.withdrawal.clause and self.inst.term.withdrawal.clause not in clauses:
            self.undefined(
                "clause", self.inst.term.withdrawal.clause, clauses, ("term", "withdrawal", "clause")
            )
        for i, clause in enumerate(self.inst.clauses):
            check_sources(clause.sources, ("clauses", i, "sources"))
        for group, _i, element, path in self.elements():
            if group == "triggers":
                for key in ("all_of", "any_of", "unless"):
                    for k, ref in enumerate(getattr(element, key) or []):
                        if ref not in triggers:
                            self.undefined("trigger", ref, triggers, (*path, key, k))
                if element.match is not None:
                    self._predicate_refs(element.match, (*path, "match"))
                if element.territory is not None:
                    for key in ("line", "within", "reaches"):
                        ref = getattr(element.territory, key)
                        if ref is not None and ref not in self.inst.geometries:
                            self.undefined("geometry", ref, self.inst.geometries, (*path, "territory", key))
            elif group == "obligations":
                if element.trigger and element.trigger not in triggers:
                    self.undefined("trigger", element.trigger, triggers, (*path, "trigger"))
                for k, ref in enumerate(element.prevails_over):
                    if ref not in obligations:
                        self.undefined("obligation", ref, obligations, (*path, "prevails_over", k))
            elif group == "exceptions":
                for k, ref in enumerate(element.to):
                    if ref not in obligations:
                        self.undefined("obligation", ref, obligations, (*path, "to", k))
                if element.when not in triggers:
                    self.undefined("trigger", element.when, triggers, (*path, "when"))
                for k, ref in enumerate(element.prevails_over):
                    if ref not in exceptions:
                        self.undefined("exception", ref, exceptions, (*path, "prevails_over", k))
            elif group == "enforcement":
                if element.activated_by not in triggers:
                    self.undefined("trigger", element.activated_by, triggers, (*path, "activated_by"))
                for k, ref in enumerate(element.answers_breach_of):
                    if ref not in obligations:
                        self.undefined("obligation", ref, obligations, (*path, "answers_breach_of", k))
            elif group == "funding" and element.obligation and element.obligation not in obligations:
                self.undefined("obligation", element.obligation, obligations, (*path, "obligation"))

    def _predicate_refs(self, predicate: Predicate, path: PathKey) -> None:
        key = key_of(predicate)  # only to locate it in the file
        match predicate:
            case AllOf() | AnyOf():
                for k, child in enumerate(children(predicate)):
                    self._predicate_refs(child, (*path, key, k))
            case Not():
                self._predicate_refs(predicate.not_, (*path, key))
            case Inside() | Outside():
                (name,) = declared_geometry_names(predicate)
                if name not in self.inst.geometries:
                    self.undefined("geometry", name, self.inst.geometries, (*path, key))
            case ActorIn() | TargetIn() | CountryIn():
                for k, ref in enumerate(party_refs(predicate)):
                    if ref in EVENT_SELECTORS:
                        self.emit(
                            "E306",
                            f"`{ref}` names the attacked state, which a trigger cannot refer to",
                            (*path, key, k),
                            "name the states or use `$parties`",
                        )

    def cycles(self) -> None:
        triggers = self.inst.triggers()
        graph = {t.id: [*(t.all_of or []), *(t.any_of or []), *t.unless] for t in triggers.values()}
        self._cycle("trigger", graph, lambda name: self._path_of("triggers", name))
        obligations = self.inst.obligations()
        self._cycle(
            "priority",
            {o.id: list(o.prevails_over) for o in obligations.values()},
            lambda name: self._path_of("obligations", name),
        )
        exceptions = {x.id: list(x.prevails_over) for c in self.inst.clauses for x in c.exceptions}
        self._cycle("priority", exceptions, lambda name: self._path_of("exceptions", name))
        self._cycle("geometry", self._geometry_graph(), lambda name: ("geometries", name))

    def _geometry_graph(self) -> dict[str, list[str]]:
        return {
            name: [r for r in (g.geometry, *(p.geometry for p in g.parts())) if r is not None]
            for name, g in self.inst.geometries.items()
        }

    def _cycle(self, what: str, graph: dict[str, list[str]], path_of: Any) -> None:
        state: dict[str, int] = {}
        reported: set[frozenset[str]] = set()

        def visit(node: str, stack: list[str]) -> None:
            state[node] = 1
            for nxt in graph.get(node, []):
                if nxt not in graph:
                    continue
                if state.get(nxt) == 1:
                    cycle = [*stack[stack.index(nxt) :], nxt]
                    if frozenset(cycle) not in reported:
                        reported.add(frozenset(cycle))
                        self.emit(
                            "E302",
                            f"cyclic {what} reference: {' → '.join(cycle)}",
                            path_of(node),
                            "remove one of the references to break the cycle",
                        )
                elif state.get(nxt) is None:
                    visit(nxt, [*stack, nxt])
            state[node] = 2

        for node in graph:
            if state.get(node) is None:
                visit(node, [node])

    def _path_of(self, group: str, name: str) -> PathKey:
        for g, _i, element, path in self.elements():
            if g == group and element.id == name:
                return (*path, "id")
        return ()

    def selectors(self) -> None:
        roles = {"$guarantors": Role.GUARANTOR, "$beneficiaries": Role.BENEFICIARY}
        for group, _i, element, path in self.elements():
            for key in ("bearer", "beneficiary", "by", "to", "against", "parties"):
                refs = getattr(element, key, None)
                if not isinstance(refs, list):
                    continue
                for k, ref in enumerate(refs):
                    if not isinstance(ref, str):
                        continue
                    if ref in roles and not self.inst.parties_with(roles[ref]):
                        self.emit(
                            "E306",
                            f"`{ref}` names nobody: no party has the role `{roles[ref].value}`",
                            (*path, key, k),
                            f"give a party the role `{roles[ref].value}`",
                        )
                    elif ref in EVENT_SELECTORS and group not in ("obligations", "enforcement"):
                        self.emit(
                            "E306",
                            f"`{ref}` is only meaningful in obligations and enforcement",
                            (*path, key, k),
                            "name the states directly",
                        )
                    elif ref in EVENT_SELECTORS and group == "obligations" and element.standing:
                        self.emit(
                            "W408",
                            f"`{ref}` in a standing obligation names nobody (no triggering events)",
                            (*path, key, k),
                            "name the states directly",
                        )
                    elif key == "bearer" and not ref.startswith("$") and ref not in self.inst.party_codes:
                        self.emit(
                            "W406",
                            f"bearer `{ref}` is not a party to the instrument",
                            (*path, key, k),
                            f"add `{ref}` to `parties`",
                        )

    def load_geometries(self) -> None:
        """Resolve every geometry (references first); report each problem where it is written."""
        table = GeometryTable()
        failed: set[str] = set()
        graph = self._geometry_graph()
        for name in geometry_order(self.inst):
            spec = self.inst.geometries[name]
            refs = [(k, r) for k, r in self._geometry_refs(spec)]
            for where, ref in refs:
                if ref not in self.inst.geometries:
                    self.undefined("geometry", ref, self.inst.geometries, ("geometries", name, *where))
            if any(ref not in table for _, ref in refs) or name in graph.get(name, []):
                failed.add(name)
                continue
            try:
                named = resolve_geometry(
                    self.load.base_dir,
                    name,
                    spec,
                    table,
                    read_line=read_line,
                    in_force=self.inst.in_force,
                    signed=self.inst.signed,
                )
            except GeometryError as exc:
                found = exc.diagnostics[0]
                failed.add(name)
                self.emit(
                    found.code,
                    found.message,
                    ("geometries", name, *exc.where),
                    found.hint or "the path is relative to the instrument file",
                    level=found.level,
                )
                continue
            table[name] = named
            if named.line is not None and spec.frontline is not None:
                for note in named.line.notes:
                    self.emit(
                        note.code, note.message, ("geometries", name, "frontline", "date"), level="note"
                    )
        self.geometry_failed = bool(failed)
        self.report.geometries = table.derive_all(tested_names(self.inst))
        for _group, _i, trigger, path in self.elements():
            if _group != "triggers" or trigger.territory is None:
                continue
            line = table.get(trigger.territory.line)
            if line is not None and line.line is None:
                self.geometry_failed = True
                self.emit(
                    "E305",
                    f"`{trigger.territory.line}` is not a front-line geometry",
                    (*path, "territory", "line"),
                    "name a geometry defined with `frontline: {series, date}`",
                )

    @staticmethod
    def _geometry_refs(spec: Any) -> list[tuple[tuple[str | int, ...], str]]:
        out: list[tuple[tuple[str | int, ...], str]] = []
        if spec.geometry is not None:
            out.append((("geometry",), spec.geometry))
        for group in ("union", "intersect", "minus"):
            for k, part in enumerate(getattr(spec, group)):
                if part.geometry is not None:
                    out.append(((group, k, "geometry"), part.geometry))
        return out

    def satisfiability(self) -> None:
        self.report.trigger_verdicts = analyse_triggers(self.inst, self.report.geometries)
        dead: set[str] = set()
        for trigger_id, found in self.report.trigger_verdicts.items():
            trigger = self.inst.triggers()[trigger_id]
            path = self._path_of("triggers", trigger.id)
            fires = found.can_fire
            if fires is False:
                dead.add(trigger.id)
                self.emit(
                    "E320",
                    f"trigger `{trigger.id}` can never fire",
                    path,
                    "no combination of event class, actor, target, place and deaths satisfies it",
                )
            elif fires is None:
                self.emit("W405", f"could not decide whether trigger `{trigger.id}` can fire", path)
            if found.fires_on_every_event:
                self.emit(
                    "W401", f"trigger `{trigger.id}` fires on every event", path, "tighten the predicate"
                )
        for group, _i, element, path in self.elements():
            if group != "obligations" or element.standing:
                continue
            if element.trigger is None:
                self.emit(
                    "E321",
                    f"obligation `{element.id}` has no trigger and is not standing",
                    (*path, "id"),
                    "add `trigger: <id>` or `standing: true`",
                )
            elif element.trigger in dead:
                self.emit(
                    "E321",
                    f"obligation `{element.id}` can never activate: its trigger can never fire",
                    (*path, "trigger"),
                    f"correct trigger `{element.trigger}`",
                )

    def conflicts(self) -> None:
        obligations = list(self.inst.obligations().values())
        for a_index, a in enumerate(obligations):
            for b in obligations[a_index + 1 :]:
                if not opposed(a, b) or b.id in a.prevails_over or a.id in b.prevails_over:
                    continue
                if not self._may_share_bearer(a.bearer, b.bearer):
                    continue
                self.emit(
                    "E303",
                    f"`{a.id}` and `{b.id}` can bind the same party to opposed actions and neither prevails",
                    self._path_of("obligations", b.id),
                    f"add `prevails_over: [{a.id}]` to `{b.id}` (or the reverse)",
                )
        by_target: dict[str, list[Any]] = defaultdict(list)
        for clause in self.inst.clauses:
            for exc in clause.exceptions:
                for target in exc.to:
                    by_target[target].append(exc)
        for target, items in by_target.items():
            for k, x in enumerate(items):
                for y in items[k + 1 :]:
                    same = (x.effect, x.modify_discretion, x.modify_deadline) == (
                        y.effect,
                        y.modify_discretion,
                        y.modify_deadline,
                    )
                    if same or x.id in y.prevails_over or y.id in x.prevails_over:
                        continue
                    self.emit(
                        "E304",
                        f"exceptions `{x.id}` and `{y.id}` to `{target}` can both apply with different effects",
                        self._path_of("exceptions", y.id),
                        f"add `prevails_over: [{x.id}]` to one of them",
                    )

    def _may_share_bearer(self, a: list[str], b: list[str]) -> bool:
        if any(r in EVENT_SELECTORS for r in (*a, *b)):
            return True
        return bool(set(self.inst.expand(a)) & set(self.inst.expand(b)))

    def exit_terms(self) -> None:
        term = self.inst.term
        if (
            term.length == "unspecified"
            and term.withdrawal.allowed is not True
            and term.withdrawal.notice is None
        ):
            self.emit(
                "W407",
                "the instrument states no term and no exit terms",
                ("term",),
                "keep `unspecified`, and say in a clause note that the text is silent",
                key=True,
            )
        w = term.withdrawal
        if w.allowed is True and w.notice is None and w.earliest_after is None and not term.locks:
            self.emit(
                "W402",
                "a party may withdraw at will: no notice, waiting period or lock",
                ("term", "withdrawal"),
                "add `notice:` (e.g. `1 year`) or a withdrawal lock",
                key=True,
            )

    def dates(self) -> None:
        inst = self.inst
        if (
            inst.legal_form.kind.value == "congressional_executive_agreement"
            and "USA" not in inst.party_codes
        ):
            self.emit(
                "W410",
                "a congressional-executive agreement needs the United States as a party",
                ("legal_form", "kind"),
                "use `treaty` or `sole_executive_agreement` for other states",
            )
        for trigger in inst.triggers().values():
            known = {"signed": inst.signed, "in_force": inst.in_force or inst.signed}
            if isinstance(trigger.counts_from, str) and known[trigger.counts_from] is None:
                path = self._path_of("triggers", trigger.id)
                self.emit(
                    "W409",
                    f"trigger `{trigger.id}` counts events from `{trigger.counts_from}`, "
                    "a date the instrument does not give",
                    (*path[:-1], "counts_from"),
                    "add the instrument's date, or write an explicit date",
                )
        if inst.signed and inst.in_force and inst.in_force < inst.signed:
            self.emit(
                "W404",
                f"entry into force ({inst.in_force}) precedes signature ({inst.signed})",
                ("in_force",),
            )
        if inst.in_force and inst.terminated and inst.terminated < inst.in_force:
            self.emit(
                "W404",
                f"termination ({inst.terminated}) precedes entry into force ({inst.in_force})",
                ("terminated",),
            )

    def unused(self) -> None:
        used_triggers: set[str] = set()
        used_geometries: set[str] = set()
        for trigger in self.inst.triggers().values():
            used_triggers.update([*(trigger.all_of or []), *(trigger.any_of or []), *trigger.unless])
            if trigger.match is not None:
                used_geometries.update(declared_geometry_names(trigger.match))
            if trigger.territory is not None:
                spec = trigger.territory
                used_geometries.update(g for g in (spec.line, spec.within, spec.reaches) if g is not None)
        for refs in self._geometry_graph().values():
            used_geometries.update(refs)
        for group, _i, element, _path in self.elements():
            if group == "obligations" and element.trigger:
                used_triggers.add(element.trigger)
            elif group == "exceptions":
                used_triggers.add(element.when)
            elif group == "enforcement":
                used_triggers.add(element.activated_by)
        for trigger_id in self.inst.triggers():
            if trigger_id not in used_triggers:
                self.emit(
                    "W403",
                    f"trigger `{trigger_id}` activates nothing",
                    self._path_of("triggers", trigger_id),
                    "reference it from an obligation, exception or enforcement, or remove it",
                )
        for name in self.inst.geometries:
            if name not in used_geometries:
                self.emit(
                    "W403", f"geometry `{name}` is not used by any trigger", ("geometries", name), key=True
                )
        cited = {r.ref for c in self.inst.clauses for r in c.sources} | {
            r.ref for r in self.inst.legal_form.sources
        }
        cited |= {r.ref for g in self.inst.geometries.values() for r in g.sources}
        cited |= {r.ref for lock in self.inst.term.locks for r in lock.sources}
        for i, source in enumerate(self.inst.sources):
            if source.id not in cited:
                self.emit(
                    "W403",
                    f"source `{source.id}` is not cited by any clause",
                    ("sources", i, "id"),
                    "cite it from a clause's `sources`, or remove it",
                )


def explain_triggers(report: CheckReport) -> list[dict[str, Any]]:
    """What the static trigger checks found, per trigger: witnesses tried, can fire, fires on every event."""
    return [
        {
            "trigger": trigger_id,
            "witnesses": found.witnesses,
            "can_fire": found.can_fire,
            "fires_on_every_event": found.fires_on_every_event,
        }
        for trigger_id, found in report.trigger_verdicts.items()
    ]
