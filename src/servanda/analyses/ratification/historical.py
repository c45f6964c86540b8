"""Historical multi-state cases: predict each state's completion date and compare with the record.

A case file (``servanda-case/1``) names an instrument signed on a date that needed approval in
N states, the ex-ante stances, and the actual completion dates with their sources. For each state
the model gives the completion-date distribution (to the end of the parliamentary procedure, as
trackers report it) and we score the actual date: its percentile (PIT) under the prediction,
whether it falls in the 80 % interval, and the error of the median.

Example:
    >>> case = bundled_case("nato-2022-finland-sweden")
    >>> case.signed.isoformat(), len(case.actual["FIN"])
    ('2022-07-05', 30)
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from scipy import stats

from servanda.analyses.legislatures.jurisdictions import locate, read_yaml, schema_diagnostics
from servanda.analyses.legislatures.stances import StanceSet, parse_stances
from servanda.analyses.packages.guarantees import GuaranteeSpec
from servanda.analyses.ratification.guarantors import GuarantorResult, analyse_guarantee
from servanda.diagnostics import Diagnostic, ServandaError
from servanda.io.yaml_source import SourceDocument, read_source


class ActualDate(BaseModel):
    """A state's recorded completion date and its source key."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    date: date
    source: str
    verified: bool = True
    note: str | None = None


class Case(BaseModel):
    """A historical case file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: str = Field(pattern=r"^servanda-case/1$")
    id: str
    title: str
    signed: date
    legal_form: str
    compare: str = "end_of_parliamentary_procedure"
    sources: dict[str, str]
    stances: dict[str, Any]
    actual: dict[str, dict[str, ActualDate]]

    def stance_set(self) -> StanceSet:
        """The case's ex-ante stances."""
        return parse_stances(self.stances, f"case {self.id}: stances")


def _expand_same_as(data: dict[str, Any]) -> dict[str, Any]:
    actual = data.get("actual", {})
    for proto, rows in list(actual.items()):
        if isinstance(rows, dict) and "same_as" in rows:
            base = dict(actual[rows["same_as"]])
            base.update({k: v for k, v in rows.items() if k != "same_as"})
            actual[proto] = base
    return data


def parse_case(data: Any, where: str, document: SourceDocument | None = None) -> Case:
    """Validate a case mapping; coded R506 diagnostics on bad input (at ``file:line:col`` with the document)."""
    texts = {where: document.text if document else None}
    if not isinstance(data, dict):
        raise ServandaError.one("R506", "a case file is a mapping", where, hint="see docs/ratification.md")
    try:
        case = Case.model_validate(_expand_same_as(data))
    except ValidationError as exc:
        fix = "see docs/ratification.md, 'Historical cases'"
        raise ServandaError(schema_diagnostics(exc, where, document, Case, fix), texts) from None
    for proto, rows in case.actual.items():
        for code, row in rows.items():
            if row.source not in case.sources:
                problem = Diagnostic(
                    "R506", f"unknown source key `{row.source}`", where, hint="add it under `sources`"
                )
                raise ServandaError(
                    locate([replace(problem, path=f"actual.{proto}.{code}.source")], where, document), texts
                )
    return case


def load_case(path: str | Path) -> Case:
    """Load a case file."""
    doc = read_yaml(path)
    return parse_case(doc.data, str(path), doc)


def bundled_case(name: str) -> Case:
    """A case shipped in ``servanda/data/stances/<name>.yaml``."""
    res = resources.files("servanda").joinpath("data", "stances", f"{name}.yaml")
    doc = read_yaml(res, where=f"data/stances/{name}.yaml")
    return parse_case(doc.data, f"data/stances/{name}.yaml", doc)


def is_case_file(path: Path) -> bool:
    """True if ``path`` is a YAML file whose ``format`` is ``servanda-case/1``."""
    if not path.is_file():
        return False
    data = read_source(path).data  # the hardened reader: size, encoding and nesting checked first
    return isinstance(data, dict) and data.get("format") == "servanda-case/1"


@dataclass
class CaseRow:
    """Prediction and record for one state."""

    result: GuarantorResult
    actual: ActualDate | None

    @property
    def actual_days(self) -> int | None:
        """Days from signature to the actual date."""
        return None if self.actual is None else (self.actual.date - self.result.time.start).days

    @property
    def pit(self) -> float | None:
        """Predicted P(completed by the actual date) — uniform on [0, 1] if calibrated."""
        d = self.actual_days
        return None if d is None else self.result.time.cdf(d)

    @property
    def inside_80(self) -> bool | None:
        """Actual date within the predicted 10–90 % interval."""
        d = self.actual_days
        if d is None:
            return None
        lo, hi = self.result.time.quantile(0.1), self.result.time.quantile(0.9)
        return lo is not None and d >= lo and (hi is None or d <= hi)

    def to_json(self) -> dict[str, object]:
        """JSON-ready mapping."""
        s = self.result.time.summary()
        return {
            "jurisdiction": self.result.jurisdiction.code,
            "p_pass": self.result.p_pass,
            "predicted_median_date": s["median_date"],
            "predicted_p10_date": s["p10_date"],
            "predicted_p90_date": s["p90_date"],
            "predicted_median_days": s["median_days"],
            "actual_date": self.actual.date.isoformat() if self.actual else None,
            "actual_days": self.actual_days,
            "actual_verified": self.actual.verified if self.actual else None,
            "pit": self.pit,
            "inside_80": self.inside_80,
        }


@dataclass
class CaseResult:
    """A case scored protocol by protocol."""

    case: Case
    protocol: str
    rows: list[CaseRow]

    def coverage_80(self) -> float:
        """Share of actual dates inside the 80 % intervals."""
        flags = [r.inside_80 for r in self.rows if r.inside_80 is not None]
        return float(np.mean(flags)) if flags else float("nan")

    def median_abs_error(self) -> float:
        """Median over states of |predicted median − actual| in days."""
        errs = [
            abs((r.result.time.quantile(0.5) or r.result.time.horizon) - r.actual_days)
            for r in self.rows
            if r.actual_days is not None
        ]
        return float(np.median(errs)) if errs else float("nan")

    def rank_correlation(self) -> float:
        """Spearman correlation of predicted medians and actual durations."""
        pairs = [
            ((r.result.time.quantile(0.5) or r.result.time.horizon), r.actual_days)
            for r in self.rows
            if r.actual_days is not None
        ]
        if len(pairs) < 3:
            return float("nan")
        a, b = zip(*pairs, strict=True)
        return float(stats.spearmanr(a, b).statistic)

    def to_json(self) -> dict[str, object]:
        """JSON-ready mapping."""
        return {
            "case": self.case.id,
            "title": self.case.title,
            "protocol": self.protocol,
            "signed": self.case.signed.isoformat(),
            "compare": self.case.compare,
            "coverage_80": self.coverage_80(),
            "median_abs_error_days": self.median_abs_error(),
            "spearman_median_vs_actual": self.rank_correlation(),
            "states": [r.to_json() for r in self.rows],
            "sources": self.case.sources,
        }


def run_case(case: Case, protocol: str, stances: StanceSet | None = None) -> CaseResult:
    """Predict every state's completion date for one protocol of the case and score it."""
    if protocol not in case.actual:
        raise ServandaError.one(
            "R506",
            f"case has no protocol `{protocol}`",
            case.id,
            hint="use one of: " + ", ".join(case.actual),
        )
    st = stances or case.stance_set()
    rows = []
    errors: list[Diagnostic] = []
    for code, actual in case.actual[protocol].items():
        spec = GuaranteeSpec(
            f"{case.id}:{protocol}",
            case.title,
            code,
            case.legal_form,
            signed=case.signed,
            source=f"case {case.id}: actual.{protocol}.{code}",
        )
        try:
            res = analyse_guarantee(spec, st, case.signed, until_parliament=True)
        except ServandaError as exc:
            errors.extend(exc.diagnostics)
            continue
        rows.append(CaseRow(res, actual))
    if errors:
        raise ServandaError(errors)
    return CaseResult(case, protocol, rows)
